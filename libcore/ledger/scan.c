/*
 * The records of the ledger (ledger.h): one scan over them all, which
 * notes where each one is (a CSV file read in a stream: csvscan.c); a
 * rescan of those that matter (in a CSV file, each read again alone from
 * its own bytes, after the header's; in a YAML file, the copies the scan
 * kept when it kept them all, else the file read again).  The changes
 * asked for are keep.c's.
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

static void
note_place(struct ledger *l, const struct rec *r, int marked)
{
	struct place *p;
	const char *id;
	size_t n = 0;

	l->place = xgrow(l->place, &l->capplace, l->nplace, sizeof *l->place);
	p = &l->place[l->nplace++];
	id = rec_get_at(r, "instance_id", &l->id_hint, &n);
	p->off = (size_t)r->off;
	p->len = (uint32_t)r->rawlen;
	p->marked = marked > 0;
	p->line = r->line;
	p->key = hash_bytes(id ? id : "", n);
	if (l->fmt == FMT_YAML) {
		p->print = readback_print(r);
		p->nf = (uint32_t)r->n;
		p->off = l->last_entry;
		p->len = l->last_col;
	}
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

/* Keep record recno, as read: among the held ones when it is of an
 * instance asked for (its own ID or its order's) or marked, else in the
 * ring of the last read. */
static void
hold(struct ledger *l, size_t recno, const struct rec *r, int marked)
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
	if (marked || (iid != NULL && idset_find(l->insts, iid, in))) {
		l->held = xgrow(l->held, &l->capheld, l->nheld,
		    sizeof *l->held);
		h = &l->held[l->nheld++];
		rec_init(&h->r);
	} else {
		if (l->ring == NULL) {
			l->ring = xcalloc(HOLD_RING, sizeof *l->ring);
			for (i = 0; i < HOLD_RING; i++)
				l->ring[i].recno = SIZE_MAX;
		}
		h = &l->ring[recno % HOLD_RING];
	}
	h->recno = recno;
	rec_copy(&h->r, r);
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
static struct rec *
held(struct ledger *l, size_t recno)
{
	struct held key, *h;

	if (l->ring != NULL && l->ring[recno % HOLD_RING].recno == recno)
		return &l->ring[recno % HOLD_RING].r;
	memset(&key, 0, sizeof key);
	key.recno = recno;
	h = bsearch(&key, l->held, l->nheld, sizeof *l->held, by_recno);
	return h ? &h->r : NULL;
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
	size_t recno = 0;
	int rc, k = 0;

	l->fmt = fmt;
	l->delim = delim;
	if (l->want != NULL && l->data == NULL) {
		if ((rc = csvedit_open(l, d)) != 0)
			return rc < 0 ? -1 : csvscan_scan(l, fn, arg, d);
	}
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
	l->nplace = 0;
	scan_unhold(l);
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if (l->fmt == FMT_YAML)
			yamledit_note_last(l, r);
		if (fn != NULL && (k = fn(arg, recno, r)) < 0) {
			rc = -1;
			break;
		}
		note_place(l, r, k);
		if (l->fmt == FMT_YAML && l->want != NULL)
			hold(l, recno, r, k > 0);
		recno++;
	}
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
	for (i = 0; l->want != NULL && i < l->nplace; i++)
		if (wanted(&l->place[i], keys, ids->n) && held(l, i) == NULL)
			break;
	if (l->want != NULL && i == l->nplace) {
		for (i = 0; i < l->nplace && rc == 0; i++)
			if (wanted(&l->place[i], keys, ids->n) &&
			    fn(arg, i, held(l, i)) < 0)
				rc = -1;
		free(keys);
		return rc;
	}
	if ((rd = open_reader(l, l->data, l->len, d)) == NULL) {
		free(keys);
		return -1;
	}
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if (recno < l->nplace && wanted(&l->place[recno], keys, ids->n)
		    && fn(arg, recno, r) < 0) {
			rc = -1;
			break;
		}
		recno++;
	}
	rd_close(rd);
	free(keys);
	return rc;
}
