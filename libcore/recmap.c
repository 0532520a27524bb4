#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hash.h"
#include "reader.h"
#include "recmap.h"
#include "xalloc.h"

static size_t *
slot_of(const struct recmap *m, const char *k)
{
	size_t j = hash_bytes(k, strlen(k)) & (m->nslot - 1);

	for (; m->slot[j]; j = (j + 1) & (m->nslot - 1)) {
		const char *v = rec_get(&m->rs.r[m->slot[j] - 1], m->key, NULL);

		if (strcmp(v, k) == 0)
			break;
	}
	return &m->slot[j];
}

int
recmap_load(struct recmap *m, const char *path, const char *key,
    struct diag *d)
{
	struct reader rd;
	struct rec *r, *copy;
	size_t i, *slot;
	int rc;

	memset(m, 0, sizeof *m);
	m->key = key;
	if (rd_open(&rd, path, FMT_AUTO, 0, d) < 0)
		return -1;
	while ((rc = rd_next(&rd, &r, d)) > 0) {
		if (rec_get(r, key, NULL) == NULL) {
			diag_set(d, rd.in.name, r->line, 0,
			    "a record without %s", key);
			rc = -1;
			break;
		}
		copy = recs_add(&m->rs);
		rec_copy(copy, r);
		for (i = 0; i < copy->n; i++)
			copy->f[i].name = strtab_intern(&m->names,
			    copy->f[i].name, strlen(copy->f[i].name));
	}
	rd_close(&rd);
	if (rc < 0)
		return -1;
	m->nslot = 64;
	while (m->nslot < 2 * m->rs.n)
		m->nslot *= 2;
	m->slot = xcalloc(m->nslot, sizeof *m->slot);
	for (i = 0; i < m->rs.n; i++) {
		slot = slot_of(m, rec_get(&m->rs.r[i], key, NULL));
		if (*slot == 0)		/* the first record of a key wins */
			*slot = i + 1;
	}
	return 0;
}

const struct rec *
recmap_get(const struct recmap *m, const char *k)
{
	size_t *slot;

	if (m->nslot == 0)
		return NULL;
	slot = slot_of(m, k);
	return *slot ? &m->rs.r[*slot - 1] : NULL;
}

void
recmap_free(struct recmap *m)
{
	recs_free(&m->rs);
	free(m->slot);
	strtab_free(&m->names);
	memset(m, 0, sizeof *m);
}
