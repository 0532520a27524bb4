/*
 * Reading records from any supported file: the format is told from the
 * content (or given), and records come out with canonical names, an order
 * row per instance (SPEC 2.3: InstanceIDs listing several instances is
 * split, amounts shared exactly), one at a time.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>

#include "records/csvio.h"
#include "records/input.h"
#include "records/jsonio.h"
#include "records/rec.h"
#include "records/yamlio.h"

struct diag;

enum fmt { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_YAML, FMT_JSON };

struct reader {
	struct input	in;
	enum fmt	fmt;
	unsigned char	delim;
	struct csvin	csv;
	struct yamlin	yaml;
	struct jsonin	json;
	struct rec	cur;		/* as read */
	struct rec	part;		/* one instance's share of cur */
	struct buf	ids;		/* instance ids of cur, NUL-separated */
	size_t		nids, next;
	const char	*nextid;
	size_t		id_hint;	/* where instance_id was last */
	const char *const *keys;	/* see rd_expect() */
	size_t		nkeys;
	const char	*foreign;
	size_t		key_hint, foreign_hint;	/* where they were */
	int		keyed;		/* a record had the key */
};

/* Parse a -i value; FMT_AUTO for an unknown name. */
enum fmt	fmt_parse(const char *);
/* The format of a file that starts with these bytes. */
enum fmt	fmt_detect(const char *, size_t);

/* delim 0: the format's own (comma, tab). */
int	rd_open(struct reader *, const char *path, enum fmt, unsigned char delim,
	    struct diag *);
/* 1 with *r set, 0 at the end, -1 on error.  Valid until the next call. */
int	rd_next(struct reader *, struct rec **r, struct diag *);
/* The same on bytes in memory, which must outlive the reader. */
int	rd_open_mem(struct reader *, const char *name, const char *, size_t,
	    enum fmt, unsigned char delim, struct diag *);
/* The same on an input the caller opened as rd->in (rd zeroed first). */
int	rd_start(struct reader *, enum fmt, unsigned char delim, struct diag *);
/*
 * Every record must have a value for one of the keys, and none for
 * foreign: an orders file read as instances, an export whose records are
 * not where the reader looks for them, are errors, not records of empty
 * fields.
 */
void	rd_expect(struct reader *, const char *const *keys, size_t nkeys,
	    const char *foreign);
/* Only these fields are needed: a CSV reader keeps no other column
 * (still checking every row); other readers keep everything. */
void	rd_project(struct reader *, const char *const *, size_t);
/* The CSV header's columns, or NULL for YAML/JSON input. */
const char *const *rd_cols(const struct reader *, size_t *n);
/* Where field name of record r, as the reader gave it, is in the file:
 * its line and column, or col 0 when only the record's line is known. */
void	rd_where(const struct rec *, const char *name, long *line, long *col);
/* Read again from the start: 0, or -1 when the input cannot be. */
int	rd_rewind(struct reader *, struct diag *);
void	rd_close(struct reader *);

#endif
