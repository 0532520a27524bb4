#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/reader.h"
#include "records/recmap.h"
#include "values/ident.h"

static const char *
rec_key(const void *ctx, size_t i, size_t *len)
{
	const struct recmap *m = ctx;

	return rec_get(&m->rs.r[i], m->key, len);
}

void
recmap_add(struct recmap *m, const struct rec *r)
{
	struct rec *copy;
	const char *k;
	size_t i, n, *slot;

	k = rec_get(r, m->key, &n);
	hindex_room(&m->index, m->rs.n, rec_key, m);
	slot = hindex_slot(&m->index, k, n, rec_key, m);
	if (*slot != 0)
		return;
	copy = recs_add(&m->rs);
	rec_copy(copy, r);
	for (i = 0; i < copy->n; i++)
		copy->f[i].name = strtab_intern(&m->names, copy->f[i].name,
		    strlen(copy->f[i].name));
	*slot = m->rs.n;
}

/* The key of an instances file's record is an id. */
static int
check_key(const struct recmap *m, const struct reader *rd,
    const struct rec *r, struct diag *d)
{
	size_t n;
	const char *v = rec_get(r, m->key, &n);
	long line, col;
	char q[QUOTE_MAX];

	if (ident_ok(v, n))
		return 0;
	rd_where(r, m->key, &line, &col);
	diag_set(d, rd_name(rd), line, col, "%s %s is not an id (" IDENT_RULE
	    ")", m->key, diag_quote(q, v, n));
	return -1;
}

int
recmap_load(struct recmap *m, const char *path, const char *key,
    const char *foreign, struct diag *d)
{
	struct reader *rd;
	struct rec *r;
	int rc;

	memset(m, 0, sizeof *m);
	m->key = key;
	if ((rd = rd_open(path, FMT_AUTO, 0, d)) == NULL)
		return -1;
	rd_expect(rd, &m->key, 1, foreign);
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if ((rc = check_key(m, rd, r, d)) < 0)
			break;
		recmap_add(m, r);
	}
	rd_close(rd);
	return rc < 0 ? -1 : 0;
}

const struct rec *
recmap_get(const struct recmap *m, const char *k)
{
	size_t i = hindex_find(&m->index, k, strlen(k), rec_key, m);

	return i == HINDEX_NONE ? NULL : &m->rs.r[i];
}

unsigned
recmap_fields(const struct recmap *const *maps, size_t nmaps, const char *k,
    const char *const *names, size_t nnames, struct rec *out)
{
	const struct rec *r;
	const char *v;
	unsigned found = 0;
	size_t i, j, n;

	rec_clear(out);
	for (i = 0; i < nmaps; i++) {
		if (maps[i] == NULL || (r = recmap_get(maps[i], k)) == NULL)
			continue;
		for (j = 0; j < nnames; j++)
			if (!(found & 1u << j) &&
			    (v = rec_get(r, names[j], &n)) != NULL) {
				rec_add(out, names[j], v, n);
				found |= 1u << j;
			}
	}
	return found;
}

void
recmap_free(struct recmap *m)
{
	recs_free(&m->rs);
	hindex_free(&m->index);
	strtab_free(&m->names);
	memset(m, 0, sizeof *m);
}
