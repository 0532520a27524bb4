#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ident.h"
#include "reader.h"
#include "recmap.h"
#include "xalloc.h"

static const char *
rec_key(const void *ctx, size_t i, size_t *len)
{
	const struct recmap *m = ctx;

	return rec_get(&m->rs.r[i], m->key, len);
}

/* Every record has its key, and the key is an id. */
static int
check_key(const struct recmap *m, const struct reader *rd,
    const struct rec *r, struct diag *d)
{
	size_t n;
	const char *v = rec_get(r, m->key, &n);
	long line, col;
	char q[QUOTE_MAX];

	if (v == NULL) {
		diag_set(d, rd->in.name, r->line, 0, "a record without %s",
		    m->key);
		return -1;
	}
	if (ident_ok(v, n))
		return 1;
	rd_where(r, m->key, &line, &col);
	diag_set(d, rd->in.name, line, col, "%s %s is not an id (" IDENT_RULE
	    ")", m->key, diag_quote(q, v, n));
	return -1;
}

int
recmap_load(struct recmap *m, const char *path, const char *key,
    struct diag *d)
{
	struct reader rd;
	struct rec *r, *copy;
	size_t i;
	int rc;

	memset(m, 0, sizeof *m);
	m->key = key;
	if (rd_open(&rd, path, FMT_AUTO, 0, d) < 0)
		return -1;
	while ((rc = rd_next(&rd, &r, d)) > 0) {
		if ((rc = check_key(m, &rd, r, d)) < 0)
			break;
		copy = recs_add(&m->rs);
		rec_copy(copy, r);
		for (i = 0; i < copy->n; i++)
			copy->f[i].name = strtab_intern(&m->names,
			    copy->f[i].name, strlen(copy->f[i].name));
	}
	rd_close(&rd);
	if (rc < 0)
		return -1;
	hindex_room(&m->index, m->rs.n, rec_key, m);
	return 0;
}

const struct rec *
recmap_get(const struct recmap *m, const char *k)
{
	size_t i = hindex_find(&m->index, k, strlen(k), rec_key, m);

	return i == HINDEX_NONE ? NULL : &m->rs.r[i];
}

void
recmap_free(struct recmap *m)
{
	recs_free(&m->rs);
	hindex_free(&m->index);
	strtab_free(&m->names);
	memset(m, 0, sizeof *m);
}
