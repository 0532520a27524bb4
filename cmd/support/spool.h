/*
 * CSV and TSV rows written before their columns are all known: YAML and
 * JSON input without -c, whose columns are every field in order of first
 * appearance (SPEC 2.2).  A field seen late only adds a column at the
 * end, so a row written early lacks nothing but trailing empty cells:
 * the rows go to a temporary file as they are read, and are copied out
 * after the header, each completed with the cells it lacks.  So the
 * input is parsed once, and memory does not grow with it.
 */
#ifndef SPOOL_H
#define SPOOL_H

#include <stdio.h>
#include <sys/types.h>

#include "records/out.h"
#include "records/writer.h"

struct diag;

struct spool {
	FILE		*tmp;
	struct out	 out;
	struct writer	 w;
	struct stretch {		/* rows from byte at on have ncols */
		off_t	 at;
		size_t	 ncols;
	}		*s;
	size_t		 n, cap;
};

/* 0, or -1 when no temporary file can be made (nothing is said: the
 * caller reads its input twice instead).  fmt: OUT_CSV or OUT_TSV. */
int	spool_open(struct spool *, enum ofmt fmt);
/* The columns so far, for the rows written next: the last ones before,
 * and more at the end. */
void	spool_columns(struct spool *, const char *const *, size_t);
void	spool_rec(struct spool *, const struct rec *);
/* Every row, with the n columns there are in the end, to o: 0, or -1
 * with d set when the temporary file could not be written or read. */
int	spool_copy(struct spool *, struct out *o, size_t n, struct diag *d);
void	spool_close(struct spool *);

#endif
