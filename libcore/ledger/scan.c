/*
 * The records of the ledger (ledger.h): one scan over them all, which
 * notes where each one is (a CSV file read in a stream: csvscan.c); a
 * rescan of those that matter (in a CSV file, each read again alone from
 * its own bytes, after the header's; in a YAML file, the copies the scan
 * kept when it kept them all, else the file read again).  A YAML scan of
 * records asked for notes the places of those around the records held
 * alone, and of the others the instances in a Bloom filter, so that its
 * memory does not grow with the file.  The changes asked for are
 * keep.c's.  It is one unit of about 520 lines: the rescan asks what the
 * scan held and noted, in the terms the scan noted it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/reader.h"
#include "select/idset.h"

/* The hash of record r's instance_id, by which a rescan asks for it. */
static uint64_t
record_key(struct ledger *l, const struct rec *r)
{
	const char *id;
	size_t n = 0;

	id = rec_get_at(r, "instance_id", &l->id_hint, &n);
	return hash_bytes(id ? id : "", n);
}

/* Where record recno, r, is (p); a YAML one's entry also checked to be
 * in line with those before it (in_line). */
static void
make_place(struct ledger *l, size_t recno, const struct rec *r, int marked,
    struct place *p)
{
	p->recno = recno;
	p->off = (size_t)r->off;
	p->len = (uint32_t)r->rawlen;
	p->marked = marked > 0;
	p->line = r->line;
	p->key = record_key(l, r);
	p->print = 0;
	p->nf = 0;
	if (l->fmt != FMT_YAML)
		return;
	p->print = readback_print(r);
	p->nf = (uint32_t)r->n;
	p->off = l->last_entry;
	p->len = l->last_col;
	if (recno == 0) {
		l->in_line = 1;
		l->first_col = l->last_col;
	}
	if (p->off == SIZE_MAX || p->len != l->first_col ||
	    (recno > 0 && p->off <= l->prev_entry))
		l->in_line = 0;
	l->prev_entry = p->off;
}

static void
add_place(struct ledger *l, const struct place *p)
{
	l->place = xgrow(l->place, &l->capplace, l->nplace, sizeof *l->place);
	l->place[l->nplace++] = *p;
}

/* ---- the instances of records a YAML scan no longer holds ---- */

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xBF58476D1CE4E5B9);
	x ^= x >> 27;
	x *= UINT64_C(0x94D049BB133111EB);
	return x ^ (x >> 31);
}

/* A filter of a bit for every 32 bytes of the file, so some ten bits or
 * more per record of a ledger (a record takes some hundreds of bytes),
 * and at most 1 MiB: with four bits set per instance, a false yes, which
 * only costs the file read again, is rare until some millions of
 * records. */
static void
gone_init(struct ledger *l)
{
	size_t bits = 1u << 16;

	while (bits < (1u << 23) && bits < l->len / 32)
		bits <<= 1;
	if (l->gone == NULL || l->gone_bits != bits) {
		free(l->gone);
		l->gone = xcalloc(bits / 64, sizeof *l->gone);
		l->gone_bits = bits;
	} else
		memset(l->gone, 0, bits / 64 * sizeof *l->gone);
}

/* Whether instance key may be in the filter (add: put it there). */
static int
gone(struct ledger *l, uint64_t key, int add)
{
	uint64_t h1 = mix(key), h2 = mix(h1) | 1, b;
	int i, has = 1;

	for (i = 0; i < 4; i++) {
		b = (h1 + (uint64_t)i * h2) & (l->gone_bits - 1);
		if (add)
			l->gone[b / 64] |= UINT64_C(1) << (b % 64);
		else if ((l->gone[b / 64] & UINT64_C(1) << (b % 64)) == 0)
			has = 0;
	}
	return has;
}

/* ---- records kept by a YAML scan ---- */

/* Forget what an earlier scan kept. */
void
scan_unhold(struct ledger *l)
{
	size_t i;

	for (i = 0; i < l->nheld; i++)
		rec_free(&l->held[i].r);
	l->nheld = 0;
	for (i = 0; l->ring != NULL && i < HOLD_RING; i++)
		l->ring[i].recno = SIZE_MAX;
	if (l->insts != NULL)
		idset_free(l->insts);
	free(l->insts);
	l->insts = NULL;
}

/* The place p noted, and those of the PLACE_AFTER records after it:
 * the record may change.  The first record's is noted in any case. */
static void
note_place(struct ledger *l, const struct place *p, int changes)
{
	if (changes || p->recno == 0 || l->follow > 0)
		add_place(l, p);
	if (changes)
		l->follow = PLACE_AFTER;
	else if (l->follow > 0)
		l->follow--;
}

/* Keep record recno, as read, at p: among the held ones when it is of
 * an instance asked for (its own ID or its order's), marked or kept (it
 * may change), with its place and those of the records after it; else
 * in the ring of the last read, the instance of the one it replaces put
 * in the filter. */
static void
hold(struct ledger *l, size_t recno, const struct rec *r, int kept,
    const struct place *p)
{
	size_t on = 0, in = 0, i;
	const char *oid = rec_get(r, "order_id", &on);
	const char *iid = rec_get(r, "instance_id", &in);
	struct held *h;

	if (l->insts == NULL)
		l->insts = xcalloc(1, sizeof *l->insts);
	if (iid != NULL && ((oid != NULL && idset_find(l->want, oid, on)) ||
	    idset_find(l->want, iid, in)))
		idset_add(l->insts, iid, in);
	if (p->marked || kept ||
	    (iid != NULL && idset_find(l->insts, iid, in))) {
		l->held = xgrow(l->held, &l->capheld, l->nheld,
		    sizeof *l->held);
		h = &l->held[l->nheld++];
		rec_init(&h->r);
		note_place(l, p, 1);
	} else {
		if (l->ring == NULL) {
			l->ring = xcalloc(HOLD_RING, sizeof *l->ring);
			for (i = 0; i < HOLD_RING; i++)
				l->ring[i].recno = SIZE_MAX;
		}
		h = &l->ring[recno % HOLD_RING];
		if (h->recno != SIZE_MAX)
			(void)gone(l, h->p.key, 1);
		note_place(l, p, 0);
	}
	h->recno = recno;
	h->p = *p;
	rec_copy(&h->r, r);
}

static int
by_place_recno(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	return (x->recno > y->recno) - (x->recno < y->recno);
}

/* The places noted in the order of their recno, each once. */
static void
sort_places(struct ledger *l)
{
	size_t i, n;

	if (l->nplace > 1)
		qsort(l->place, l->nplace, sizeof *l->place, by_place_recno);
	for (i = n = 0; i < l->nplace; i++)
		if (n == 0 || l->place[n - 1].recno != l->place[i].recno)
			l->place[n++] = l->place[i];
	l->nplace = n;
}

/* The places of the records in the ring put with the others. */
static void
hold_places(struct ledger *l)
{
	size_t i;

	for (i = 0; l->ring != NULL && i < HOLD_RING; i++)
		if (l->ring[i].recno != SIZE_MAX)
			add_place(l, &l->ring[i].p);
	sort_places(l);
}

/* The names of the records kept, which were the reader's, made the
 * ledger's before the reader goes. */
static void
hold_names(struct ledger *l)
{
	struct rec *r;
	size_t i, j;

	for (i = 0; i < l->nheld + HOLD_RING; i++) {
		if (i >= l->nheld && (l->ring == NULL ||
		    l->ring[i - l->nheld].recno == SIZE_MAX))
			continue;
		r = i < l->nheld ? &l->held[i].r : &l->ring[i - l->nheld].r;
		for (j = 0; j < r->n; j++)
			r->f[j].name = ledger_intern(l, r->f[j].name);
	}
}

static int
by_recno(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	return (x->recno > y->recno) - (x->recno < y->recno);
}

/* Record recno as kept, or NULL. */
static struct held *
held(struct ledger *l, size_t recno)
{
	struct held key;

	if (l->ring != NULL && l->ring[recno % HOLD_RING].recno == recno)
		return &l->ring[recno % HOLD_RING];
	memset(&key, 0, sizeof key);
	key.recno = recno;
	return bsearch(&key, l->held, l->nheld, sizeof *l->held, by_recno);
}

static struct reader *
open_reader(struct ledger *l, const char *p, size_t n, struct diag *d)
{
	struct reader *rd = rd_open_mem(l->rp.path, p, n, l->fmt, l->delim, d);

	if (rd != NULL)
		rd_spans(rd);
	return rd;
}

int
ledger_scan(struct ledger *l, enum fmt fmt, unsigned char delim,
    int (*fn)(void *, size_t, struct rec *), void *arg, struct diag *d)
{
	struct reader *rd;
	struct rec *r;
	struct place p;
	size_t recno = 0, nkept;
	int rc, k = 0;

	l->fmt = fmt;
	l->delim = delim;
	if (l->want != NULL && l->data == NULL) {
		if ((rc = csvedit_open(l, d)) != 0)
			return rc < 0 ? -1 : csvscan_scan(l, fn, arg, d);
	}
	ledger_copy_pace(l, SIZE_MAX);	/* this scan does not pace it */
	if (ledger_load(l, d) < 0 ||
	    (rd = open_reader(l, l->data, l->len, d)) == NULL)
		return -1;
	l->fmt = rd_format(rd);
	l->delim = rd_delim(rd);
	rd_expect(rd, &l->key, l->key != NULL, NULL);
	if (l->fmt == FMT_JSON) {
		diag_set(d, l->rp.path, 0, 0, "a JSON file is not changed in "
		    "place: keep the ledger as CSV or YAML (order-show -o csv)");
		rd_close(rd);
		return -1;
	}
	if (l->fmt != FMT_YAML && l->cols == NULL)
		csvedit_header(l, rd, l->data, l->len);
	if (l->nonly > 0)
		rd_project(rd, l->only, l->nonly);
	l->nplace = l->follow = 0;
	l->sparse = l->fmt == FMT_YAML && l->want != NULL;
	l->all_places = l->sparse && l->want->n > FEW_IDS;
	l->in_line = 0;
	scan_unhold(l);
	if (l->sparse)
		gone_init(l);
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if (l->fmt == FMT_YAML)
			yamledit_note_last(l, r);
		nkept = l->nkept;
		if (fn != NULL && (k = fn(arg, recno, r)) < 0) {
			rc = -1;
			break;
		}
		make_place(l, recno, r, k, &p);
		if (l->sparse)
			hold(l, recno, r, l->nkept > nkept, &p);
		if (!l->sparse || l->all_places)
			add_place(l, &p);
		recno++;
	}
	l->nrecs = recno;
	if (l->sparse)
		hold_places(l);
	hold_names(l);
	l->flow_list = rd_flow_list(rd);
	l->one_list = rd_one_list(rd);
	l->printed = rc == 0 && l->fmt == FMT_YAML;
	rd_close(rd);
	return rc;
}

static int
by_key(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

static int
wanted(const struct place *p, const uint64_t *keys, size_t n)
{
	return p->marked || (n > 0 && bsearch(&p->key, keys, n, sizeof *keys,
	    by_key) != NULL);
}

/* A CSV record read alone: its header and its own bytes. */
static int
reread(struct ledger *l, const struct place *p, size_t recno,
    int (*fn)(void *, size_t, struct rec *), void *arg, struct diag *d)
{
	struct buf b = BUF_INIT;
	struct reader *rd;
	struct rec *r;
	int rc;

	csvedit_add_header(l, &b);
	buf_add(&b, l->data + p->off, p->len);
	if ((rd = open_reader(l, b.p, b.len, d)) == NULL) {
		buf_free(&b);
		return -1;
	}
	while ((rc = rd_next(rd, &r, d)) > 0) {
		r->off = (off_t)p->off;
		r->line = p->line;
		if (fn(arg, recno, r) < 0) {
			rc = -1;
			break;
		}
	}
	rd_close(rd);
	buf_free(&b);
	return rc;
}

/* Whether a YAML scan held every record of the instances keys[0..n)
 * and every one marked: those it marked, and those of the instances
 * asked for, it held in any case; a record it let go from its ring put
 * its instance in the filter. */
static int
all_held(struct ledger *l, const uint64_t *keys, size_t n)
{
	size_t i;

	if (!l->sparse)		/* none held */
		return 0;
	if (l->all_places) {	/* each record's instance, exactly */
		for (i = 0; i < l->nplace; i++)
			if (wanted(&l->place[i], keys, n) && held(l, i) == NULL)
				return 0;
		return 1;
	}
	for (i = 0; i < n; i++)
		if (gone(l, keys[i], 0))
			return 0;
	return 1;
}

static int
by_held_recno(const void *a, const void *b)
{
	const struct held *const *x = a, *const *y = b;

	return ((*x)->recno > (*y)->recno) - ((*x)->recno < (*y)->recno);
}

/* fn on the records held that are wanted, in the order of the file. */
static int
from_held(struct ledger *l, const uint64_t *keys, size_t n,
    int (*fn)(void *, size_t, struct rec *), void *arg)
{
	struct held **hs = xcalloc(l->nheld + HOLD_RING + 1, sizeof *hs);
	size_t i, nh = 0;
	int rc = 0;

	for (i = 0; i < l->nheld; i++)
		hs[nh++] = &l->held[i];
	for (i = 0; l->ring != NULL && i < HOLD_RING; i++)
		if (l->ring[i].recno != SIZE_MAX)
			hs[nh++] = &l->ring[i];
	qsort(hs, nh, sizeof *hs, by_held_recno);
	for (i = 0; i < nh && rc == 0; i++)
		if (wanted(&hs[i]->p, keys, n) &&
		    fn(arg, hs[i]->recno, &hs[i]->r) < 0)
			rc = -1;
	free(hs);
	return rc;
}

/* Whether record recno, read again as r, is wanted: by its place, or,
 * when the scan noted only some places, by its instance and, as marked,
 * among those held; the places of those wanted, which may change, and
 * of the records after them noted then. */
static int
read_wanted(struct ledger *l, size_t recno, const struct rec *r,
    const uint64_t *keys, size_t n)
{
	const struct held *h;
	struct place p;
	size_t start;
	int want;

	if (!l->sparse)
		return recno < l->nplace && wanted(&l->place[recno], keys, n);
	if (recno >= l->nrecs)
		return 0;
	h = held(l, recno);
	memset(&p, 0, sizeof p);
	p.recno = recno;
	p.marked = h != NULL && h->p.marked;
	p.key = record_key(l, r);
	want = wanted(&p, keys, n);
	start = yamledit_entry(l, r, &p.len);
	if (want || l->follow > 0) {
		p.off = start;
		p.line = r->line;
		p.print = readback_print(r);
		p.nf = (uint32_t)r->n;
		note_place(l, &p, want);
	}
	return want;
}

int
ledger_rescan(struct ledger *l, const struct idset *ids,
    int (*fn)(void *, size_t, struct rec *), void *arg, struct diag *d)
{
	uint64_t *keys = xcalloc(ids->n + 1, sizeof *keys);
	struct reader *rd;
	struct rec *r;
	size_t i, recno = 0;
	int rc = 0;

	if (l->data == NULL) {
		free(keys);
		return csvscan_rescan(l, ids, fn, arg, d);
	}
	for (i = 0; i < ids->n; i++)
		keys[i] = hash_bytes(ids->ids[i].s, ids->ids[i].len);
	qsort(keys, ids->n, sizeof *keys, by_key);
	if (l->fmt != FMT_YAML) {
		for (i = 0; i < l->nplace && rc == 0; i++)
			if (wanted(&l->place[i], keys, ids->n))
				rc = reread(l, &l->place[i], i, fn, arg, d);
		free(keys);
		return rc;
	}
	/* YAML: from the records the scan kept, when it kept all those
	 * wanted; else from the file read again */
	if (all_held(l, keys, ids->n)) {
		rc = from_held(l, keys, ids->n, fn, arg);
		free(keys);
		return rc;
	}
	if ((rd = open_reader(l, l->data, l->len, d)) == NULL) {
		free(keys);
		return -1;
	}
	l->follow = 0;
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if (read_wanted(l, recno, r, keys, ids->n) &&
		    fn(arg, recno, r) < 0) {
			rc = -1;
			break;
		}
		recno++;
	}
	if (l->sparse)
		sort_places(l);
	rd_close(rd);
	free(keys);
	return rc;
}
