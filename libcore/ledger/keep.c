/*
 * The changes asked for (ledger.h): the records kept so that they can
 * change, the values set in them, and the records appended.  A YAML
 * record is kept as scanned, for its spans; a CSV row by its place
 * alone, since most rows kept (every row of an instance asked for) do
 * not change, and those that do are read again, together, just before
 * the new file is written (keep_load).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/reader.h"

/* A CSV row kept by its place alone, until it changes. */
static void
keep_spot(struct ledger *l, size_t recno, const struct rec *r)
{
	struct spot *sp;

	if (l->nspots == 0)
		l->spots_sorted = 1;
	else if (l->spots[l->nspots - 1].recno > recno)
		l->spots_sorted = 0;
	l->spots = xgrow(l->spots, &l->capspots, l->nspots, sizeof *l->spots);
	sp = &l->spots[l->nspots++];
	sp->recno = recno;
	sp->off = (size_t)r->off;
	sp->len = r->rawlen;
	sp->kept = SIZE_MAX;
}

/* Is record recno kept already?  Records come in file order: one kept
 * already is the last one kept, unless a caller goes back. */
static int
kept_already(const struct ledger *l, size_t recno)
{
	size_t i;

	if (l->fmt != FMT_YAML) {
		if (l->nspots > 0 && l->spots[l->nspots - 1].recno >= recno)
			for (i = l->nspots; i-- > 0;)
				if (l->spots[i].recno == recno)
					return 1;
		return 0;
	}
	if (l->nkept > 0 && l->kept[l->nkept - 1].recno >= recno)
		for (i = l->nkept; i-- > 0;)
			if (l->kept[i].recno == recno)
				return 1;
	return 0;
}

int
ledger_keep(struct ledger *l, size_t recno, const struct rec *r,
    struct diag *d)
{
	struct kept *k;
	size_t i;

	if (kept_already(l, recno))
		return 0;
	if (r->shared) {
		diag_set(d, l->rp.path, r->line, 0, "this record lists several "
		    "instances: make it one row per instance first (order-show "
		    "-o csv writes them so)");
		return -1;
	}
	if (l->fmt != FMT_YAML) {
		keep_spot(l, recno, r);
		return 0;
	}
	if (l->nkept == 0)
		l->kept_sorted = 1;
	else if (l->kept[l->nkept - 1].recno > recno)
		l->kept_sorted = 0;
	l->kept = xgrow(l->kept, &l->capkept, l->nkept, sizeof *l->kept);
	k = &l->kept[l->nkept++];
	memset(k, 0, sizeof *k);
	k->recno = recno;
	rec_init(&k->r);
	k->off = (size_t)r->off;
	k->len = r->rawlen;
	rec_copy(&k->r, r);
	for (i = 0; i < k->r.n; i++)
		k->r.f[i].name = ledger_intern(l, k->r.f[i].name);
	return 0;
}

/* The n bytes of the old file at off, after those in b. */
static int
old_bytes(struct ledger *l, struct buf *b, size_t off, size_t n,
    struct diag *d)
{
	ssize_t k;

	if (l->data != NULL) {
		buf_add(b, l->data + off, n);
		return 0;
	}
	buf_grow(b, n);
	while (n > 0) {
		k = pread(l->rp.fd, b->p + b->len, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			diag_set(d, l->rp.path, 0, 0, "read error: %s",
			    strerror(k < 0 ? errno : EIO));
			return -1;
		}
		b->len += (size_t)k;
		off += (size_t)k;
		n -= (size_t)k;
	}
	return 0;
}

static int
by_offset(const void *a, const void *b)
{
	const struct kept *const *x = a, *const *y = b;

	return ((*x)->off > (*y)->off) - ((*x)->off < (*y)->off);
}

/* The n CSV rows ks (in file order) read again, after the header, by
 * one reader, as the rescan read them: their bytes and records. */
static int
load_kept(struct ledger *l, struct kept **ks, size_t n, struct diag *d)
{
	struct buf b = BUF_INIT;
	struct reader *rd = NULL;
	struct rec *r;
	size_t hlen = csvedit_add_header(l, &b), i, j, at;
	int rc = -1;

	for (i = 0; i < n; i++)
		if (old_bytes(l, &b, ks[i]->off, ks[i]->len, d) < 0)
			goto out;
	if ((rd = rd_open_mem(l->rp.path, b.p, b.len, l->fmt, l->delim,
	    d)) == NULL)
		goto out;
	rd_spans(rd);
	for (i = 0, at = hlen; i < n && rd_next(rd, &r, d) > 0; i++) {
		rec_copy(&ks[i]->r, r);
		for (j = 0; j < ks[i]->r.n; j++)
			ks[i]->r.f[j].name = ledger_intern(l,
			    ks[i]->r.f[j].name);
		ks[i]->raw = xmalloc(ks[i]->len + 1);
		memcpy(ks[i]->raw, b.p + at, ks[i]->len);
		at += ks[i]->len;
	}
	if (i == n)
		rc = 0;
	else	/* the bytes the scan read there are gone: written in place */
		(void)ledger_changed(l, d);
out:
	rd_close(rd);
	buf_free(&b);
	return rc;
}

/* The CSV rows kept that change, read again from the file: the others
 * were kept by their place alone, so that a scan keeping every row of
 * many instances holds little more than their places. */
int
keep_load(struct ledger *l, struct diag *d)
{
	struct kept **ks = xcalloc(l->nkept + 1, sizeof *ks);
	size_t i, n = 0;
	int rc;

	for (i = 0; i < l->nkept; i++)
		if (l->kept[i].nset > 0 && l->kept[i].raw == NULL)
			ks[n++] = &l->kept[i];
	qsort(ks, n, sizeof *ks, by_offset);
	rc = n > 0 ? load_kept(l, ks, n, d) : 0;
	free(ks);
	return rc;
}

/* The entry of record recno among the n of size bytes at base, each
 * starting with its record number (struct kept, struct spot): by
 * halves when they are in order, else one by one.  NULL: none. */
static void *
find_recno(void *base, size_t n, size_t size, int sorted, size_t recno)
{
	char *p = base;
	size_t i, at, lo = 0, hi = n;

	while (sorted && lo < hi) {
		i = lo + (hi - lo) / 2;
		at = *(const size_t *)(void *)(p + i * size);
		if (at == recno)
			return p + i * size;
		if (at < recno)
			lo = i + 1;
		else
			hi = i;
	}
	for (i = 0; !sorted && i < n; i++)
		if (*(const size_t *)(void *)(p + i * size) == recno)
			return p + i * size;
	return NULL;
}

/* The CSV row recno, kept by its place, as a record that changes: in
 * kept from its first change on (its record read by keep_load). */
static struct kept *
spot_kept(struct ledger *l, size_t recno)
{
	struct spot *sp = find_recno(l->spots, l->nspots, sizeof *l->spots,
	    l->spots_sorted, recno);
	struct kept *k;

	if (sp == NULL)
		return NULL;
	if (sp->kept != SIZE_MAX)
		return &l->kept[sp->kept];
	l->kept = xgrow(l->kept, &l->capkept, l->nkept, sizeof *l->kept);
	sp->kept = l->nkept;
	k = &l->kept[l->nkept++];
	memset(k, 0, sizeof *k);
	k->recno = recno;
	rec_init(&k->r);
	k->off = sp->off;
	k->len = sp->len;
	return k;
}

void
ledger_set(struct ledger *l, size_t recno, const char *field,
    const char *value)
{
	struct kept *k;
	size_t i;

	k = l->fmt == FMT_YAML ? find_recno(l->kept, l->nkept, sizeof *l->kept,
	    l->kept_sorted, recno) : spot_kept(l, recno);
	if (k == NULL)
		abort();	/* a record must be kept before it is set */
	field = ledger_intern(l, field);
	for (i = 0; i < k->nset; i++)
		if (k->set[i].name == field) {
			free(k->set[i].value);
			k->set[i].value = xstrdup(value);
			return;
		}
	k->set = xreallocarray(k->set, k->nset + 1, sizeof *k->set);
	k->set[k->nset].name = field;
	k->set[k->nset].value = xstrdup(value);
	k->nset++;
}

void
ledger_append(struct ledger *l, const struct rec *r)
{
	struct rec *a = recs_add(&l->added);
	size_t i;

	rec_copy(a, r);
	for (i = 0; i < a->n; i++)
		a->f[i].name = ledger_intern(l, a->f[i].name);
}
