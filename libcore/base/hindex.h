/*
 * An index of strings that are kept elsewhere, in an array: open
 * addressing, each slot its string's hash and 1 + its item's position
 * (0 when free), side by side so that a probe reads one cache line, the
 * table kept at most half full.  key(ctx, i, &len) gives item i's
 * string.
 */
#ifndef HINDEX_H
#define HINDEX_H

#include <stddef.h>
#include <stdint.h>

struct hslot {
	uint64_t	 hash;
	size_t		 item;
};

struct hindex {
	struct hslot	*slot;
	size_t		 nslot;
};

typedef const char *hindex_key(const void *ctx, size_t i, size_t *len);

#define HINDEX_NONE	((size_t)-1)

/* Room for one more item when there are n: grows, putting 0..n-1 back. */
void	hindex_room(struct hindex *, size_t n, hindex_key *, const void *);
/* The slot of s: its item's, or the free one where it goes. */
size_t	*hindex_slot(struct hindex *, const char *, size_t, hindex_key *,
	    const void *);
/* The hash of s, its slot's memory fetched ahead, for work done in the
 * meantime to hide the wait; then the same slot by that hash. */
uint64_t hindex_ahead(const struct hindex *, const char *, size_t);
size_t	*hindex_slot_at(struct hindex *, const char *, size_t, uint64_t,
	    hindex_key *, const void *);
/* The position of s, or HINDEX_NONE. */
size_t	 hindex_find(const struct hindex *, const char *, size_t, hindex_key *,
	    const void *);
void	 hindex_free(struct hindex *);

#endif
