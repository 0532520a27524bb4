#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/hindex.h"
#include "base/xalloc.h"

/*
 * Where s is or would go.  A slot's tag, the high half of its string's
 * hash (never 0), is compared before the string is fetched: an index of
 * a million items would otherwise fetch a string it does not hold at
 * almost every step, each a cache miss.
 */
static size_t
probe(const struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx, uint32_t *tag)
{
	uint64_t h = hash_bytes(s, n);
	size_t j = h & (x->nslot - 1), len;
	const char *k;

	*tag = (uint32_t)(h >> 32) | 1;
	for (; x->slot[j]; j = (j + 1) & (x->nslot - 1)) {
		if (x->tag[j] != *tag)
			continue;
		k = key(ctx, x->slot[j] - 1, &len);
		if (len == n && memcmp(k, s, n) == 0)
			break;
	}
	return j;
}

size_t *
hindex_slot(struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx)
{
	uint32_t tag;
	size_t j = probe(x, s, n, key, ctx, &tag);

	x->tag[j] = tag;	/* for the item the caller puts there */
	return &x->slot[j];
}

size_t
hindex_find(const struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx)
{
	uint32_t tag;
	size_t j;

	if (x->nslot == 0)
		return HINDEX_NONE;
	j = probe(x, s, n, key, ctx, &tag);
	return x->slot[j] ? x->slot[j] - 1 : HINDEX_NONE;
}

void
hindex_room(struct hindex *x, size_t n, hindex_key *key, const void *ctx)
{
	size_t i, len, *slot;
	const char *k;

	if (2 * (n + 1) <= x->nslot)
		return;
	free(x->slot);
	free(x->tag);
	x->nslot = x->nslot ? 2 * x->nslot : 64;
	while (2 * (n + 1) > x->nslot)
		x->nslot *= 2;
	x->slot = xcalloc(x->nslot, sizeof *x->slot);
	x->tag = xcalloc(x->nslot, sizeof *x->tag);
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
	free(x->tag);
	x->slot = NULL;
	x->tag = NULL;
	x->nslot = 0;
}
