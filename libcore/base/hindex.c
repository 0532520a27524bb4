#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/hindex.h"
#include "base/xalloc.h"

/*
 * Where s, of hash h, is or would go.  A slot's hash is compared before
 * its string is fetched: an index of a million items would otherwise
 * fetch a string it does not hold at almost every step, each a cache
 * miss; and the table grows from the hashes alone.
 */
static size_t
probe(const struct hindex *x, const char *s, size_t n, uint64_t h,
    hindex_key *key, const void *ctx)
{
	size_t j = h & (x->nslot - 1), len;
	const char *k;

	for (; x->slot[j].item; j = (j + 1) & (x->nslot - 1)) {
		if (x->slot[j].hash != h)
			continue;
		k = key(ctx, x->slot[j].item - 1, &len);
		if (len == n && memcmp(k, s, n) == 0)
			break;
	}
	return j;
}

uint64_t
hindex_ahead(const struct hindex *x, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);

	if (x->nslot > 0)
		__builtin_prefetch(&x->slot[h & (x->nslot - 1)]);
	return h;
}

size_t *
hindex_slot(struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx)
{
	return hindex_slot_at(x, s, n, hash_bytes(s, n), key, ctx);
}

size_t *
hindex_slot_at(struct hindex *x, const char *s, size_t n, uint64_t h,
    hindex_key *key, const void *ctx)
{
	size_t j = probe(x, s, n, h, key, ctx);

	x->slot[j].hash = h;	/* for the item the caller puts there */
	return &x->slot[j].item;
}

size_t
hindex_find(const struct hindex *x, const char *s, size_t n, hindex_key *key,
    const void *ctx)
{
	size_t j;

	if (x->nslot == 0)
		return HINDEX_NONE;
	j = probe(x, s, n, hash_bytes(s, n), key, ctx);
	return x->slot[j].item ? x->slot[j].item - 1 : HINDEX_NONE;
}

/* Each item 0..n-1 of the old slots in the new table, by its hash: an
 * item is in a slot at most once, the first of a string having won. */
void
hindex_room(struct hindex *x, size_t n, hindex_key *key, const void *ctx)
{
	struct hslot *old = x->slot;
	size_t nold = x->nslot, i, j;

	(void)key;
	(void)ctx;
	if (2 * (n + 1) <= x->nslot)
		return;
	x->nslot = x->nslot ? 2 * x->nslot : 64;
	while (2 * (n + 1) > x->nslot)
		x->nslot *= 2;
	x->slot = xcalloc(x->nslot, sizeof *x->slot);
	for (i = 0; i < nold; i++) {
		if (old[i].item == 0 || old[i].item > n)
			continue;	/* free, or an item given back */
		for (j = old[i].hash & (x->nslot - 1); x->slot[j].item;
		    j = (j + 1) & (x->nslot - 1))
			;
		x->slot[j] = old[i];
	}
	free(old);
}

void
hindex_free(struct hindex *x)
{
	free(x->slot);
	x->slot = NULL;
	x->nslot = 0;
}
