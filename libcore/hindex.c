#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "hindex.h"
#include "xalloc.h"

size_t *
hindex_slot(const struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx)
{
	size_t j = hash_bytes(s, n) & (x->nslot - 1), len;
	const char *k;

	for (; x->slot[j]; j = (j + 1) & (x->nslot - 1)) {
		k = key(ctx, x->slot[j] - 1, &len);
		if (len == n && memcmp(k, s, n) == 0)
			break;
	}
	return &x->slot[j];
}

size_t
hindex_find(const struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx)
{
	size_t *slot;

	if (x->nslot == 0)
		return HINDEX_NONE;
	slot = hindex_slot(x, s, n, key, ctx);
	return *slot ? *slot - 1 : HINDEX_NONE;
}

void
hindex_room(struct hindex *x, size_t n, hindex_key *key, const void *ctx)
{
	size_t i, len, *slot;
	const char *k;

	if (2 * (n + 1) <= x->nslot)
		return;
	free(x->slot);
	x->nslot = x->nslot ? 2 * x->nslot : 64;
	while (2 * (n + 1) > x->nslot)
		x->nslot *= 2;
	x->slot = xcalloc(x->nslot, sizeof *x->slot);
	for (i = 0; i < n; i++) {
		k = key(ctx, i, &len);
		slot = hindex_slot(x, k, len, key, ctx);
		if (*slot == 0)		/* the first item of a string wins */
			*slot = i + 1;
	}
}

void
hindex_free(struct hindex *x)
{
	free(x->slot);
	x->slot = NULL;
	x->nslot = 0;
}
