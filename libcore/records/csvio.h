/*
 * CSV and TSV (SPEC 2.1, 2.2).  Reading is strict RFC 4180 through libcsv,
 * fed one line at a time so that every record knows its line and its
 * bytes; lines without a quote character are split directly, which gives
 * the same fields (tests/fuzz/fuzz_csvdiff.c checks that against libcsv).
 * Writing is one canonical dialect: LF, quotes only where needed.
 */
#ifndef CSVIO_H
#define CSVIO_H

#include <csv.h>
#include <stddef.h>

#include "base/strtab.h"
#include "records/fields.h"
#include "records/rec.h"

struct diag;
struct input;
struct out;

struct csvin {
	struct input	 *in;
	unsigned char	  delim;
	struct csv_parser p;
	const char	**cols;		/* header, canonical names */
	const struct alias **conv;	/* per column: an alias that converts */
	char		 *want;		/* per column: kept; NULL keeps all */
	size_t		  ncols;
	int		  conv_any;
	struct strtab	  names;	/* header names that are not canonical */
	long		  line;		/* lines read so far */
	/* state of the record being fed to libcsv */
	struct rec	 *r;
	int		  header, started, rows;
	int		  libcsv_only;
	size_t		  nf, extra;
};

/* flags: CSVIN_LIBCSV_ONLY sends every line through libcsv, so that the
 * direct split can be checked against it (tests/fuzz/fuzz_csvdiff.c). */
#define CSVIN_LIBCSV_ONLY	1
int	csvin_open(struct csvin *, struct input *, unsigned char delim,
	    unsigned flags, struct diag *);
/* 1 with a record, 0 at the end, -1 on error. */
int	csvin_next(struct csvin *, struct rec *, struct diag *);
void	csvin_close(struct csvin *);
/* Keep only these columns in the records (others are still counted). */
void	csvin_project(struct csvin *, const char *const *, size_t);

/* One record's fields as written, before any conversion of a column read
 * under an API name, into r under empty names: 0, or -1. */
int	csv_fields(const char *, size_t, unsigned char delim, struct rec *);

/* Where a record's line end starts: the first CR or LF outside quotes
 * (n if none).  In a record the reader accepted, the line end is all
 * that follows. */
size_t	csv_row_end(const char *, size_t);

/* Where column number column (0-based) of a record's bytes starts, the
 * record starting at line first: for messages. */
void	csv_where(const char *, size_t, unsigned char delim, size_t column,
	    long first, long *line, long *col);

/* Write one field, quoted only when it must be. */
void	csv_put(struct out *, const char *, size_t, char delim);

#endif
