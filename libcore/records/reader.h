/*
 * Reading records from any supported file: the format is told from the
 * content (or given), and records come out with canonical names, an order
 * row per instance (SPEC 2.3: InstanceIDs listing several instances is
 * split, amounts shared exactly), one at a time.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>

#include "records/fmt.h"
#include "records/rec.h"

struct diag;
struct input;
/* A reader: its insides, and the CSV, YAML and JSON readers under it, are
 * its own (reader.c). */
struct reader;

/* Parse a -i value; FMT_AUTO for an unknown name. */
enum fmt	rd_fmt_parse(const char *);
/* The format of a file that starts with these bytes. */
enum fmt	rd_fmt_detect(const char *, size_t);

/* A reader of path ("-": standard input), or NULL with d set.  delim 0:
 * the format's own (comma, tab). */
struct reader	*rd_open(const char *path, enum fmt, unsigned char delim,
		    struct diag *);
/* The same on bytes in memory, which must outlive the reader. */
struct reader	*rd_open_mem(const char *name, const char *, size_t, enum fmt,
		    unsigned char delim, struct diag *);
/* The same on an input the caller opened and may have peeked into; the
 * reader takes it over (and closes it, even when it cannot start). */
struct reader	*rd_open_input(struct input *, enum fmt, unsigned char delim,
		    struct diag *);
/* 1 with *r set, 0 at the end, -1 on error.  Valid until the next call. */
int	rd_next(struct reader *, struct rec **r, struct diag *);
/*
 * Every record must have a value for one of the keys, and none for
 * foreign: an orders file read as instances, an export whose records are
 * not where the reader looks for them, are errors, not records of empty
 * fields.
 */
void	rd_expect(struct reader *, const char *const *keys, size_t nkeys,
	    const char *foreign);
/*
 * ecs-list's --for ID: the file is one record that does not say which
 * instance it is about, such as DescribeRenewalPrice's answer, and id is
 * its instance_id.  A file of no record or of more than one, a record
 * with an instance_id of its own, or a document of a shape not read, is
 * an error.  id NULL: the command takes --for, but not for this file; the
 * error on a file whose records lack the key then says how to name it.
 */
void	rd_for(struct reader *, const char *id);
/* Only these fields are needed: a CSV reader keeps no other column
 * (still checking every row); other readers keep everything. */
void	rd_project(struct reader *, const char *const *, size_t);
/* YAML: note where each field's key and value are in the file
 * (rec.h's spans), for the ledger to edit them in place. */
void	rd_spans(struct reader *);
/* The CSV header's columns, or NULL for YAML/JSON input. */
const char *const *rd_cols(const struct reader *, size_t *n);
/* Whether CSV column i is read under an API name that converts its values
 * (Memory in MiB). */
int	rd_converted(const struct reader *, size_t i);
/* What is being read: its name for messages, its format and delimiter,
 * whether it can be read twice, and whether a YAML record list is in
 * [flow] style. */
const char	*rd_name(const struct reader *);
enum fmt	 rd_format(const struct reader *);
unsigned char	 rd_delim(const struct reader *);
int		 rd_seekable(const struct reader *);
int		 rd_flow_list(const struct reader *);
/* YAML: whether the records read so far all came from one block list
 * (not a [flow] one, nor several lists or documents). */
int		 rd_one_list(const struct reader *);
/* Where field name of record r, as the reader gave it, is in the file:
 * its line and column, or col 0 when only the record's line is known. */
void	rd_where(const struct rec *, const char *name, long *line, long *col);
/* CSV: the next record read starts at this line of the file, for a
 * reader of the header and a part of the file cut from further on. */
void	rd_set_line(struct reader *, long line);
/* Read again from the start: 0, or -1 when the input cannot be. */
int	rd_rewind(struct reader *, struct diag *);
/* Close and free; NULL is nothing to close. */
void	rd_close(struct reader *);

#endif
