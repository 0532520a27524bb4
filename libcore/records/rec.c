#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "records/rec.h"

void
rec_init(struct rec *r)
{
	memset(r, 0, sizeof *r);
}

void
rec_free(struct rec *r)
{
	free(r->span);
	free(r->f);
	buf_free(&r->store);
	rec_init(r);
}

void
rec_clear(struct rec *r)
{
	r->n = 0;
	buf_reset(&r->store);
	r->line = 0;
	r->raw = NULL;
	r->rawlen = 0;
	r->off = 0;
	r->mark_start = r->mark_end = r->mark_last = r->mark_key = 0;
	r->last_block = 0;
	r->flow = r->shared = 0;
	r->canonical = 0;
	r->cols = NULL;
	r->ncols = 0;
}

/* A deep copy of the fields and where they were; not the raw bytes, nor
 * the reader's header, which only live as long as the reader. */
void
rec_copy(struct rec *dst, const struct rec *src)
{
	rec_clear(dst);
	if (dst->cap < src->n) {
		dst->cap = src->n;
		dst->f = xreallocarray(dst->f, dst->cap, sizeof *dst->f);
	}
	if (src->n)
		memcpy(dst->f, src->f, src->n * sizeof *src->f);
	dst->n = src->n;
	buf_add(&dst->store, src->store.p, src->store.len);
	dst->line = src->line;
	dst->off = src->off;
	dst->mark_start = src->mark_start;
	dst->mark_end = src->mark_end;
	dst->mark_last = src->mark_last;
	dst->mark_key = src->mark_key;
	dst->last_block = src->last_block;
	dst->flow = src->flow;
	dst->shared = src->shared;
	if (src->span != NULL && src->n > 0) {
		rec_span(dst, src->n - 1);
		memcpy(dst->span, src->span, src->n * sizeof *src->span);
	} else if (dst->spancap > 0)
		memset(dst->span, 0, dst->spancap * sizeof *dst->span);
}

void
rec_copy_read(struct rec *dst, const struct rec *src)
{
	rec_copy(dst, src);
	dst->raw = src->raw;
	dst->rawlen = src->rawlen;
	dst->canonical = src->canonical;
	dst->cols = src->cols;
	dst->ncols = src->ncols;
	dst->delim = src->delim;
}

/* The span of field i, the array grown to hold it. */
struct span *
rec_span(struct rec *r, size_t i)
{
	if (i >= r->spancap) {
		size_t cap = r->spancap ? r->spancap : 16;

		while (cap <= i)
			cap *= 2;
		r->span = xreallocarray(r->span, cap, sizeof *r->span);
		memset(r->span + r->spancap, 0,
		    (cap - r->spancap) * sizeof *r->span);
		r->spancap = cap;
	}
	return &r->span[i];
}

/* Names are mostly the same pointers (interned); else, a first byte
 * tells most of them apart. */
static int
same_name(const char *a, const char *b)
{
	return a == b || (a[0] == b[0] && strcmp(a, b) == 0);
}

long
rec_find(const struct rec *r, const char *name, size_t *hint)
{
	size_t i;

	if (hint && *hint < r->n && same_name(r->f[*hint].name, name))
		return (long)*hint;
	for (i = 0; i < r->n; i++)
		if (same_name(r->f[i].name, name)) {
			if (hint)
				*hint = i;
			return (long)i;
		}
	return -1;
}

const char *
rec_get(const struct rec *r, const char *name, size_t *len)
{
	return rec_get_at(r, name, NULL, len);
}

const char *
rec_get_at(const struct rec *r, const char *name, size_t *hint, size_t *len)
{
	long i = rec_find(r, name, hint);

	if (i < 0)
		return NULL;
	if (len)
		*len = r->f[i].len;
	return rec_val(r, (size_t)i);
}

/* Append a value and its NUL; v may be in the store itself (a value being
 * copied or joined), which growing it would move. */
static size_t
store(struct rec *r, const char *v, size_t n)
{
	size_t off = r->store.len;
	uintptr_t p = (uintptr_t)r->store.p, q = (uintptr_t)v;
	int inside = p != 0 && q >= p && q < p + r->store.len;
	size_t at = inside ? (size_t)(q - p) : 0;

	buf_grow(&r->store, n + 1);
	if (inside)
		v = r->store.p + at;
	if (n)
		memmove(r->store.p + off, v, n);
	r->store.p[off + n] = '\0';
	r->store.len += n + 1;
	return off;
}

void
rec_room(struct rec *r)
{
	if (r->n < r->spancap)	/* not where a field of an earlier record was */
		memset(&r->span[r->n], 0, sizeof *r->span);
	r->f = xgrow(r->f, &r->cap, r->n, sizeof *r->f);
}

void
rec_add(struct rec *r, const char *name, const char *v, size_t n)
{
	rec_push(r, name, store(r, v, n), n);
	r->canonical = 0;
}

void
rec_adds(struct rec *r, const char *name, const char *v)
{
	rec_add(r, name, v, v != NULL ? strlen(v) : 0);
}

void
rec_set(struct rec *r, const char *name, const char *v, size_t n)
{
	long i = rec_find(r, name, NULL);

	if (i < 0) {
		rec_add(r, name, v, n);
		return;
	}
	r->f[i].off = store(r, v, n);
	r->f[i].len = n;
	r->canonical = 0;
}

void
rec_join(struct rec *r, size_t i, char sep, const char *v, size_t n)
{
	size_t old = r->f[i].off, len = r->f[i].len, off;

	if (old + len + 1 == r->store.len) {	/* the last value: extend it */
		r->store.len--;
		off = old;
	} else {
		off = store(r, r->store.p + old, len);
		r->store.len--;
	}
	buf_addc(&r->store, sep);
	buf_add(&r->store, v, n);
	buf_addc(&r->store, '\0');
	r->f[i].off = off;
	r->f[i].len = len + 1 + n;
	r->canonical = 0;
}

struct rec *
recs_add(struct recs *rs)
{
	rs->r = xgrow(rs->r, &rs->cap, rs->n, sizeof *rs->r);
	rec_init(&rs->r[rs->n]);
	return &rs->r[rs->n++];
}

void
recs_free(struct recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rec_free(&rs->r[i]);
	free(rs->r);
	rs->r = NULL;
	rs->n = rs->cap = 0;
}
