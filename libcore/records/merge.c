/*
 * Records of several files as one (merge.h).  Each record kept notes,
 * for each of its fields, the file and place its value came from, so
 * that a disagreement names both.
 */
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/fields.h"
#include "records/merge.h"
#include "records/reader.h"
#include "values/ts.h"

struct morigin {
	const char	*file;
	long		 line, col;
	size_t		 nfile;		/* which of the files merged */
};

void
merge_init(struct merge *m, const char *key)
{
	memset(m, 0, sizeof *m);
	m->key = key;
}

static const char *
merge_key(const void *ctx, size_t i, size_t *len)
{
	const struct merge *m = ctx;

	return rec_get(&m->rs.r[i], m->key, len);
}

/* Field i of r, read from rd, is now field j of kept record k. */
static void
merge_note(struct merge *m, size_t k, size_t j, struct reader *rd,
    const struct rec *r, size_t i)
{
	struct morigin *o;

	m->from[k] = xreallocarray(m->from[k], m->rs.r[k].n, sizeof *o);
	o = &m->from[k][j];
	o->file = strtab_intern(&m->names, rd_name(rd), strlen(rd_name(rd)));
	o->nfile = m->file;
	rd_where(r, r->f[i].name, &o->line, &o->col);
}

/* A record of a key not seen before. */
static void
merge_new(struct merge *m, struct reader *rd, const struct rec *r,
    size_t *slot)
{
	struct rec *copy = recs_add(&m->rs);
	size_t i, k = m->rs.n - 1;

	m->from = xgrow(m->from, &m->capfrom, k, sizeof *m->from);
	m->from[k] = NULL;
	for (i = 0; i < r->n; i++) {
		rec_add(copy, strtab_intern(&m->names, r->f[i].name,
		    strlen(r->f[i].name)), rec_val(r, i), r->f[i].len);
		merge_note(m, k, i, rd, r, i);
	}
	copy->line = r->line;
	*slot = m->rs.n;
}

static int
merge_clash(const struct merge *m, struct reader *rd, const struct rec *r,
    size_t i, size_t k, long j, struct diag *d)
{
	const struct morigin *o = &m->from[k][j];
	const struct rec *kept = &m->rs.r[k];
	char q1[QUOTE_MAX], q2[QUOTE_MAX], q3[QUOTE_MAX];
	size_t idlen;
	const char *id = rec_get(kept, m->key, &idlen);
	long line, col;

	rd_where(r, r->f[i].name, &line, &col);
	if (o->nfile == m->file)
		diag_set(d, rd_name(rd), line, col, "%s %s again, first at line "
		    "%ld: a file merged with others has one record per %s",
		    m->key, diag_quote(q1, id, idlen), o->line, m->key);
	else
		diag_set(d, rd_name(rd), line, col, "%s %s of %s %s disagrees "
		    "with %s at %s:%ld:%ld", r->f[i].name,
		    diag_quote(q1, rec_val(r, i), r->f[i].len), m->key,
		    diag_quote(q2, id, idlen), diag_quote(q3, rec_val(kept,
		    (size_t)j), kept->f[j].len), o->file, o->line, o->col);
	return -1;
}

/*
 * Do a and b, two values of field name, say the same?  A time is the
 * instant it names, whatever its form: "16:00Z" is "16:00:00Z", as
 * ecs-list(1) says.  The records merged are instances (merge.h).
 */
static int
merge_same(const char *name, const char *a, size_t an, const char *b,
    size_t bn)
{
	const struct fieldspec *f;
	int64_t x, y;

	if (an == bn && memcmp(a, b, an) == 0)
		return 1;
	f = field_spec(RK_INSTANCE, name);
	return f != NULL && f->type == FT_TIME && ts_parse(a, an, &x) == 0 &&
	    ts_parse(b, bn, &y) == 0 && x == y;
}

/*
 * r's fields into kept record k: new ones added, empty ones filled, the
 * same value twice once.  The key's place is that of the last file that
 * had the record, to tell a key twice in one file.
 */
static int
merge_into(struct merge *m, struct reader *rd, const struct rec *r,
    size_t k, struct diag *d)
{
	struct rec *kept = &m->rs.r[k];
	const char *name;
	size_t i;
	long j;

	i = (size_t)rec_find(r, m->key, NULL);
	j = rec_find(kept, m->key, NULL);
	if (m->from[k][j].nfile == m->file)
		return merge_clash(m, rd, r, i, k, j, d);
	merge_note(m, k, (size_t)j, rd, r, i);
	for (i = 0; i < r->n; i++) {
		name = strtab_intern(&m->names, r->f[i].name,
		    strlen(r->f[i].name));
		if ((j = rec_find(kept, name, NULL)) < 0) {
			rec_add(kept, name, rec_val(r, i), r->f[i].len);
			merge_note(m, k, kept->n - 1, rd, r, i);
		} else if (kept->f[j].len == 0 && r->f[i].len > 0) {
			rec_set(kept, name, rec_val(r, i), r->f[i].len);
			merge_note(m, k, (size_t)j, rd, r, i);
		} else if (r->f[i].len > 0 && !merge_same(name,
		    rec_val(kept, (size_t)j), kept->f[j].len, rec_val(r, i),
		    r->f[i].len))
			return merge_clash(m, rd, r, i, k, j, d);
	}
	return 0;
}

int
merge_file(struct merge *m, struct reader *rd, struct diag *d)
{
	struct rec *r;
	const char *k;
	size_t n, *slot;
	int rc;

	while ((rc = rd_next(rd, &r, d)) > 0) {
		k = rec_get(r, m->key, &n);
		hindex_room(&m->index, m->rs.n, merge_key, m);
		slot = hindex_slot(&m->index, k, n, merge_key, m);
		if (*slot == 0)
			merge_new(m, rd, r, slot);
		else if (merge_into(m, rd, r, *slot - 1, d) < 0)
			return -1;
	}
	m->file++;
	return rc;
}

void
merge_free(struct merge *m)
{
	size_t i;

	for (i = 0; i < m->rs.n; i++)
		free(m->from[i]);
	free(m->from);
	recs_free(&m->rs);
	hindex_free(&m->index);
	strtab_free(&m->names);
	memset(m, 0, sizeof *m);
}
