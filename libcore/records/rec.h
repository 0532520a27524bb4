/*
 * Records (SPEC 2): an ordered list of name: value pairs, every value
 * text.  Names are borrowed (canonical names are static, others belong to
 * the reader); values live in the record's own store, each NUL-terminated.
 */
#ifndef REC_H
#define REC_H

#include <stddef.h>
#include <sys/types.h>

#include "base/buf.h"

struct field {
	const char	*name;
	size_t		 off, len;	/* value at store.p + off */
};

/* Where a YAML field's value is in the file, and where its key ends, in
 * characters from its start (libyaml's mark index); and, for messages,
 * the line and column its value starts at (0 when not known). */
struct span {
	size_t	key_end, start, end;
	long	line, col;
};

struct rec {
	struct field	*f;
	size_t		 n, cap;
	struct buf	 store;
	long		 line;		/* where the record starts; 0 unknown */
	/* The record's bytes in its file, when the reader has them. */
	const char	*raw;
	size_t		 rawlen;
	off_t		 off;		/* byte offset of raw in the file */
	/* YAML: where the record's mapping starts and where its end token
	 * is ("}" of a flow mapping), in characters from the start of the
	 * file; with spans asked for, where each field is. */
	size_t		 mark_start, mark_end;
	size_t		 mark_key;	/* its first key; 0 if not known */
	size_t		 mark_last;	/* the end of its last value */
	int		 last_block;	/* that value is a "|" or ">" scalar */
	int		 flow;
	struct span	*span;
	size_t		 spancap;
	/* one of the rows a multi-instance record was split into */
	int		 shared;
	/* raw without its line end is the canonical CSV of the reader's
	 * header columns, so a CSV writer may copy it. */
	int		 canonical;
	/* CSV: the reader's header and delimiter, so that a field can be
	 * found in raw again (rd_where); valid while the reader is. */
	const char *const *cols;
	size_t		 ncols;
	unsigned char	 delim;
};

/* Records held in memory, in order. */
struct recs {
	struct rec	*r;
	size_t		 n, cap;
};

struct rec	*recs_add(struct recs *);	/* a new, empty record */
void		 recs_free(struct recs *);

void	rec_init(struct rec *);
void	rec_free(struct rec *);
void	rec_clear(struct rec *);
void	rec_copy(struct rec *, const struct rec *);
/* rec_copy, and the bytes and header the reader's record points into,
 * for a copy used while that reader and its input still are. */
void	rec_copy_read(struct rec *, const struct rec *);

static inline const char *
rec_val(const struct rec *r, size_t i)
{
	return r->store.p + r->f[i].off;
}

/* Index of the field, or -1.  The hint (may be NULL) remembers where the
 * name was last found, which is where it is in every record of a CSV. */
long	rec_find(const struct rec *, const char *, size_t *hint);
/* Value and length of a field, or NULL when the record lacks it. */
const char *rec_get(const struct rec *, const char *, size_t *len);
/* The same, remembering where the name was (see rec_find): for loops
 * over many records of one file. */
const char *rec_get_at(const struct rec *, const char *, size_t *hint,
	    size_t *len);
void	rec_add(struct rec *, const char *name, const char *, size_t);
/* The same for a value that is a C string; NULL is an empty value. */
void	rec_adds(struct rec *, const char *name, const char *);
/* Replace the value of a field, adding the field when absent. */
void	rec_set(struct rec *, const char *name, const char *, size_t);
struct span *rec_span(struct rec *, size_t i);
/* Append sep and more text to field i. */
void	rec_join(struct rec *, size_t i, char sep, const char *, size_t);

/* Room for one more field, whose span is cleared (rec_push). */
void	rec_room(struct rec *);

/* Add a field whose value the caller already put in the store,
 * NUL-terminated, at off: inline, as a reader adds every field so. */
static inline void
rec_push(struct rec *r, const char *name, size_t off, size_t len)
{
	if (r->n >= r->cap || r->n < r->spancap)
		rec_room(r);
	r->f[r->n].name = name;
	r->f[r->n].off = off;
	r->f[r->n].len = len;
	r->n++;
}

#endif
