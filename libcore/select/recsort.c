#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "select/cond.h"
#include "select/recsort.h"
#include "values/dec.h"
#include "values/ts.h"

struct ordering {
	enum kind	 kind;
	int		 desc;
};

struct key {
	const struct ordering *o;	/* qsort(3) passes no context: each key does */
	size_t		 i;	/* original position: ties keep it */
	const char	*s;
	size_t		 n;
	struct dec	 d;
	int64_t		 t;
};

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int r;

	if ((x->n == 0) != (y->n == 0))
		return x->n == 0 ? 1 : -1;	/* empty last */
	if (x->n == 0)
		r = 0;
	else if (x->o->kind == K_NUM)
		r = dec_cmp(&x->d, &y->d);
	else if (x->o->kind == K_TIME)
		r = (x->t > y->t) - (x->t < y->t);
	else {
		r = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
		if (r == 0)
			r = (x->n > y->n) - (x->n < y->n);
	}
	if (x->o->desc)
		r = -r;
	if (r == 0)
		r = (x->i > y->i) - (x->i < y->i);
	return r;
}

void
recs_sort(struct recs *rs, const char *field, int desc)
{
	struct key *k = xcalloc(rs->n ? rs->n : 1, sizeof *k);
	struct rec *sorted;
	struct ordering o;
	int num = 1, time = 1;
	size_t i, hint = 0;

	for (i = 0; i < rs->n; i++) {
		long f = rec_find(&rs->r[i], field, &hint);

		k[i].o = &o;
		k[i].i = i;
		if (f < 0 || rs->r[i].f[f].len == 0)
			continue;
		k[i].s = rec_val(&rs->r[i], (size_t)f);
		k[i].n = rs->r[i].f[f].len;
		if (num && dec_parse(k[i].s, k[i].n, &k[i].d) < 0)
			num = 0;
		if (time && ts_parse(k[i].s, k[i].n, &k[i].t) < 0)
			time = 0;
	}
	o.kind = num ? K_NUM : time ? K_TIME : K_TEXT;
	o.desc = desc;
	qsort(k, rs->n, sizeof *k, cmp_key);
	sorted = xcalloc(rs->cap ? rs->cap : 1, sizeof *sorted);
	for (i = 0; i < rs->n; i++)
		sorted[i] = rs->r[k[i].i];
	free(rs->r);
	rs->r = sorted;
	free(k);
}
