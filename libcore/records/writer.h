/*
 * Writing records (SPEC 2.2): csv and tsv (one canonical dialect), yaml
 * (scalars quoted wherever a YAML reader could take them for anything but
 * text), json (one array), jsonl (an object a line), and table (for eyes:
 * aligned by display width, so Korean and other wide text lines up).
 */
#ifndef WRITER_H
#define WRITER_H

#include <stddef.h>

#include "base/buf.h"
#include "records/out.h"
#include "records/rec.h"

/* The display columns a table cell shows before it is cut, by default. */
#define WR_CELL_MAX	40
/* The fewest a cell is cut down to when a table must fit a width, before
 * columns are left out: an ID or a time stays whole. */
#define WR_CELL_FIT	24

enum ofmt { OUT_CSV, OUT_TSV, OUT_TABLE, OUT_YAML, OUT_JSON, OUT_JSONL };

struct writer {
	enum ofmt	 fmt;
	struct out	*o;
	const char *const *cols;	/* NULL: every record's own fields */
	size_t		 ncols;
	size_t		*hint;
	int		 raw_ok;	/* records' canonical bytes match cols */
	int		 bold;		/* table: bold header (a terminal) */
	int		 header;	/* csv, tsv, table: a header line (the
					 * default; 0 for -H) */
	size_t		 cellmax;	/* table: display columns of a cell
					 * before it is cut with "…"; 0: none */
	size_t		 width;		/* table: columns it must fit in, by
					 * cutting the widest cells, then
					 * leaving out the last columns; 0:
					 * any width */
	size_t		 dropped;	/* table: columns left out to fit */
	size_t		 count;
	/* table: every cell, kept until the widths are known */
	struct buf	 cells;
	size_t		*cell;		/* offsets into cells */
	size_t		 ncell, capcell;
	/* the first value that cannot be written (invalid UTF-8) */
	const char	*bad_field;
	long		 bad_line;
};

/* -o NAME; -1 if unknown. */
int	wr_ofmt_parse(const char *, enum ofmt *);
void	wr_init(struct writer *, enum ofmt, struct out *);
/* Fixed columns (needed for csv, tsv, table).  raw_ok: they are the CSV
 * reader's header, so canonical raw bytes can be copied. */
void	wr_columns(struct writer *, const char *const *, size_t, int raw_ok);
/* 0, or -1 when a value cannot be written in this format (bad_*). */
int	wr_rec(struct writer *, const struct rec *);
void	wr_end(struct writer *);
/* One YAML scalar, quoted as the yaml format quotes values. */
void	wr_yaml_scalar(struct out *, const char *, size_t);
void	wr_free(struct writer *);

#endif
