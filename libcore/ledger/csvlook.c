/*
 * A quick look at a row of a CSV file read in a stream (csvscan.c): what
 * the reader would make of it, told without reading it, where that can be
 * told; its key fields; hashes of IDs and the filters of blocks;
 * bytes counted and text found sixteen at a time, and IDs looked for in
 * the bytes of a block.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/diag.h"
#include "base/swar.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "select/idset.h"

/* The first place of text t (two bytes or more) in p, n, or NULL: its
 * first two bytes looked for sixteen places at a time, where memmem
 * would look slower. */
const char *
csvlook_find(const char *p, size_t n, const char *t, size_t tn)
{
	const char *end = p + n;

	if (tn < 2)
		return memmem(p, n, t, tn);
#ifdef __SSE2__
	const __m128i c0 = _mm_set1_epi8(t[0]), c1 = _mm_set1_epi8(t[1]);
	unsigned m;

	for (; end - p >= 17; p += 16) {
		m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    _mm_cmpeq_epi8(_mm_loadu_si128((const void *)p), c0),
		    _mm_cmpeq_epi8(_mm_loadu_si128((const void *)(p + 1)), c1)));
		for (; m != 0; m &= m - 1) {
			const char *q = p + __builtin_ctz(m);

			if ((size_t)(end - q) >= tn && memcmp(q, t, tn) == 0)
				return q;
		}
	}
#endif
	return memmem(p, (size_t)(end - p), t, tn);
}

/* Does the text of one of ids come in bytes [from, to) of the file?
 * Each ID in an instance_id field is there as it is (an ID has no quote
 * to double), so bytes without one hold no row of them.  1, 0, or -1
 * when the file cannot be read; *buf is kept for the next call. */
int
csvlook_ids_in(const struct ledger *l, const struct idset *ids,
    size_t from, size_t to, char **buf, struct diag *d)
{
	static const size_t cap = 1u << 20;
	size_t keep = 0, n = 0, i;
	ssize_t k;
	int hit = 0;

	if (*buf == NULL)
		*buf = xmalloc(cap);
	for (i = 0; i < ids->n; i++)
		if (ids->ids[i].len > keep)
			keep = ids->ids[i].len;
	keep = keep > 0 ? keep - 1 : 0;	/* an ID across two reads */
	while (!hit && from < to) {
		k = pread(l->rp.fd, *buf + n, to - from < cap - n ? to - from :
		    cap - n, (off_t)from);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			diag_set(d, l->rp.path, 0, 0, "read error: %s",
			    k < 0 ? strerror(errno) : "the file got shorter");
			return -1;
		}
		from += (size_t)k;
		n += (size_t)k;
		for (i = 0; !hit && i < ids->n; i++)
			hit = csvlook_find(*buf, n, ids->ids[i].s,
			    ids->ids[i].len) != NULL;
		i = n < keep ? n : keep;
		memmove(*buf, *buf + n - i, i);
		n = i;
	}
	return hit;
}

/* How many bytes of p, n are c (sixteen or eight at a time). */
size_t
csvlook_count(const char *p, size_t n, unsigned char c)
{
	const uint64_t low = SWAR_ONES * 0x7F, pat = SWAR_ONES * c;
	uint64_t w, t;
	size_t k = 0;

#ifdef __SSE2__
	const __m128i cc = _mm_set1_epi8((char)c);
	__m128i sum;
	size_t i;

	while (n >= 16) {	/* each byte of sum counts up to 255 */
		sum = _mm_setzero_si128();
		for (i = 0; i < 255 && n >= 16; i++, p += 16, n -= 16)
			sum = _mm_sub_epi8(sum, _mm_cmpeq_epi8(
			    _mm_loadu_si128((const void *)p), cc));
		sum = _mm_sad_epu8(sum, _mm_setzero_si128());
		k += (size_t)_mm_cvtsi128_si32(sum) +
		    (size_t)_mm_extract_epi16(sum, 4);
	}
#endif
	for (; n >= 8; p += 8, n -= 8) {
		w = swar_load(p) ^ pat;
		t = ~(((w & low) + low) | w) & SWAR_HIGH;
		k += (size_t)(((t >> 7) * SWAR_ONES) >> 56);
	}
	for (; n > 0; p++, n--)
		k += (unsigned char)*p == c;
	return k;
}

/* Field i of the row's n bytes (no quotes in them): its start and *len;
 * NULL when the row has fewer fields. */
static const char *
field(const char *p, size_t n, unsigned char delim, size_t i, size_t *len)
{
	const char *end = p + n, *q;

	for (;;) {
		q = memchr(p, delim, (size_t)(end - p));
		if (i-- == 0) {
			*len = (size_t)((q ? q : end) - p);
			return p;
		}
		if (q == NULL)
			return NULL;
		p = q + 1;
	}
}

/* A hash of an ID for the filters, from its last eight bytes (where IDs
 * differ) and its length: one multiplication. */
uint64_t
csvlook_hash(const char *p, size_t n)
{
	uint64_t w = 0;

	memcpy(&w, n >= 8 ? p + n - 8 : p, n >= 8 ? 8 : n);
	w = (w ^ n) * UINT64_C(0x9E3779B97F4A7C15);
	return w ^ w >> 31;
}

uint64_t *
csvlook_bloom(const struct ledger *l, size_t i)
{
	if (l->bloom_ring == 0)
		return l->blooms + i * BLOOM_WORDS;
	if (i + l->bloom_ring < l->nblocks)
		return NULL;
	return l->blooms + i % l->bloom_ring * BLOOM_WORDS;
}

static void
bloom_add(uint64_t *bloom, uint64_t h)
{
	bloom[(h & (BLOOM_BITS - 1)) / 64] |= UINT64_C(1) << (h &
	    (BLOOM_BITS - 1)) % 64;
	h >>= 32;
	bloom[(h & (BLOOM_BITS - 1)) / 64] |= UINT64_C(1) << (h &
	    (BLOOM_BITS - 1)) % 64;
}

int
csvlook_bloom_has(const uint64_t *bloom, uint64_t h)
{
	uint64_t h2 = h >> 32;

	return (bloom[(h & (BLOOM_BITS - 1)) / 64] >> (h & (BLOOM_BITS -
	    1)) % 64 & 1) && (bloom[(h2 & (BLOOM_BITS - 1)) / 64] >>
	    (h2 & (BLOOM_BITS - 1)) % 64 & 1);
}

struct block *
csvlook_block_new(struct ledger *l, size_t off)
{
	struct block *b;
	size_t slot = l->nblocks;

	l->blocks = xgrow(l->blocks, &l->capblocks, l->nblocks,
	    sizeof *l->blocks);
	b = &l->blocks[l->nblocks++];
	memset(b, 0, sizeof *b);
	b->off = off;
	b->first = l->niids;
	b->row0 = l->nrows;
	if (l->bloom_ring > 0) {
		b->niids = BLOCK_IDS_MANY;	/* a few IDs: the filter */
		slot %= l->bloom_ring;
	}
	if (slot >= l->capblooms) {
		l->capblooms = slot < 64 ? 64 : 2 * slot;
		if (l->bloom_ring > 0 && l->capblooms > l->bloom_ring)
			l->capblooms = l->bloom_ring;
		l->blooms = xreallocarray(l->blooms, l->capblooms,
		    BLOOM_WORDS * sizeof *l->blooms);
	}
	l->last_bloom = l->blooms + slot * BLOOM_WORDS;
	memset(l->last_bloom, 0, BLOOM_WORDS * sizeof *l->blooms);
	return b;
}

void
csvlook_block_add(struct ledger *l, struct block *b, uint64_t h)
{
	uint32_t v = (uint32_t)h;

	bloom_add(l->last_bloom, h);	/* b is the last block */
	if (b->niids == BLOCK_IDS_MANY || (b->niids > 0 &&
	    l->iids[b->first + b->niids - 1] == v))
		return;		/* the rows of an instance come together */
	if (b->niids == BLOCK_IDS) {
		b->niids = BLOCK_IDS_MANY;
		l->niids = b->first;	/* the last block's: given back */
		return;
	}
	l->iids = xgrow(l->iids, &l->capiids, l->niids, sizeof *l->iids);
	l->iids[l->niids++] = v;
	b->niids++;
}

/* The key fields found, checked as the reader checks them: 1, or -1
 * when only the reader can tell (no key, a list of instances, maybe). */
static int
keys_ok(const struct rowlook *rl)
{
	static const unsigned char listy[256] = { ['['] = 1, [']'] = 1,
	    [','] = 1, [';'] = 1, ['\''] = 1, ['"'] = 1 };
	unsigned char any = 0;
	size_t i;

	if (rl->oid == NULL || rl->on == 0)
		return -1;
	for (i = 0; rl->iid != NULL && i < rl->in; i++)
		any |= listy[(unsigned char)rl->iid[i]];
	return any ? -1 : 1;
}

/*
 * What a quick look tells of a plain row's n bytes, up to and with its
 * line end, the first NUL or CR in them at odd (SIZE_MAX: none): 1 with
 * its key fields in rl when it is a record the reader reads just so; 0
 * when it is a blank line; -1 when only the reader can tell.
 */
int
csvlook_plain(const struct ledger *l, struct rowlook *rl, const char *p,
    size_t n, size_t odd)
{
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (odd < n)
		return -1;	/* blank with CRs, or the reader's to tell */
	if (n == 0)
		return 0;
	if (csvlook_count(p, n, l->delim) >= l->nfilecols)
		return -1;
	rl->oid = rl->ko == SIZE_MAX ? NULL : field(p, n, l->delim, rl->ko,
	    &rl->on);
	rl->iid = rl->ki == SIZE_MAX ? NULL : field(p, n, l->delim, rl->ki,
	    &rl->in);
	if (rl->iid == NULL)
		rl->in = 0;
	return keys_ok(rl);
}

/*
 * The same for a row with quotes: 1 when each field is either plain (no
 * quote, no CR) or quoted whole (doubled quotes within, the closing one
 * just before a delimiter or the line end), which the reader reads just
 * so, and the key fields are plain; else -1.
 */
int
csvlook_quoted(const struct ledger *l, struct rowlook *rl, const char *p,
    size_t n)
{
	const char *end, *q, *e;
	size_t i = 0;

	if (memchr(p, '\0', n) != NULL)
		return -1;
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	rl->oid = rl->iid = NULL;
	rl->in = 0;
	for (end = p + n, q = p;; q++, i++) {
		if (q < end && *q == '"') {
			if (i == rl->ko || i == rl->ki)
				return -1;
			for (q++; (e = memchr(q, '"', (size_t)(end - q))) !=
			    NULL && e + 1 < end && e[1] == '"'; q = e + 2)
				;
			if (e == NULL || (e + 1 < end && e[1] != (char)l->delim))
				return -1;
			q = e + 1;
		} else {
			if ((e = memchr(q, l->delim, (size_t)(end - q))) == NULL)
				e = end;
			if (memchr(q, '"', (size_t)(e - q)) != NULL ||
			    memchr(q, '\r', (size_t)(e - q)) != NULL)
				return -1;
			if (i == rl->ko) {
				rl->oid = q;
				rl->on = (size_t)(e - q);
			} else if (i == rl->ki) {
				rl->iid = q;
				rl->in = (size_t)(e - q);
			}
			q = e;
		}
		if (q == end)
			break;
	}
	if (i + 1 > l->nfilecols)
		return -1;
	return keys_ok(rl);
}

/* The fields of a row's bytes (without its line end): its delimiters
 * outside quotes, and one. */
size_t
csvlook_fields(const char *p, size_t n, unsigned char delim, int plain)
{
	size_t i, k = 1;
	int inq = 0;

	if (plain)
		return csvlook_count(p, n, delim) + 1;
	for (i = 0; i < n; i++)
		if (p[i] == '"')
			inq = !inq;	/* a doubled quote toggles twice */
		else if (!inq && (unsigned char)p[i] == delim)
			k++;
	return k;
}
