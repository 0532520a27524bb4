/*
 * The read-back (ledger.h): a new YAML file, made by splicing text into
 * the old one, is read again from the disk and compared, record by
 * record, with the old file's records and the changes asked for, before
 * it may take the old one's place.  A difference is a bug of the splice,
 * said as one, and nothing changes.  The old file's records are those
 * the scan read: a record that changes by the copy kept of it, any other
 * by the fingerprint of its fields the scan noted (a 64-bit sum of their
 * names' and values' hashes, and their count), so that the old file is
 * not read a second time; when the scan did not keep every record's
 * fingerprint (l->sparse: it kept those around the records that may
 * change), by the old file read again.  When the records are the items
 * of one block list, only the records spliced into are read back, and
 * the bytes around them compared with the old file's (spliced_only says
 * why that suffices).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/reader.h"

/* Whether got is want with the values of k (NULL: none) set: the same
 * fields, in any order, with the same values. */
static int
as_intended(const struct rec *want, const struct kept *k,
    const struct rec *got)
{
	size_t i, j, n, more = 0;
	const char *v;

	for (j = 0; k != NULL && j < k->nset; j++) {
		v = rec_get(got, k->set[j].name, &n);
		if (v == NULL || n != strlen(k->set[j].value) ||
		    memcmp(v, k->set[j].value, n) != 0)
			return 0;
		more += rec_find(want, k->set[j].name, NULL) < 0;
	}
	if (got->n != want->n + more)
		return 0;
	for (i = 0; i < want->n; i++) {
		for (j = 0; k != NULL && j < k->nset; j++)
			if (strcmp(k->set[j].name, want->f[i].name) == 0)
				break;
		if (k != NULL && j < k->nset)
			continue;
		v = rec_get(got, want->f[i].name, &n);
		if (v == NULL || n != want->f[i].len ||
		    memcmp(v, rec_val(want, i), n) != 0)
			return 0;
	}
	return 1;
}

static int
by_recno(const void *a, const void *b)
{
	const struct kept *const *x = a, *const *y = b;

	return (*x)->recno < (*y)->recno ? -1 : (*x)->recno > (*y)->recno;
}

uint64_t
readback_print(const struct rec *r)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		sum += hash_bytes(r->f[i].name, strlen(r->f[i].name)) *
		    UINT64_C(0x9E3779B97F4A7C15) ^ hash_bytes(rec_val(r, i),
		    r->f[i].len);
	return sum;
}

/* Whether got has the fields of the record the scan saw at p. */
static int
as_printed(const struct place *p, const struct rec *got)
{
	return got->n == p->nf && readback_print(got) == p->print;
}

/*
 * The records of new, as intended: each record of the old file, either
 * read again from it or, when the scan kept their fingerprints, told by
 * them (a record that changes by its copy kept), then those appended.
 * The record that is not, or 0 when all are.
 */
static size_t
check(struct ledger *l, struct reader *new, struct diag *d)
{
	struct reader *old = NULL;
	struct diag ignored;
	struct kept **ks = xcalloc(l->nkept + 1, sizeof *ks);
	struct rec *ro = NULL, *rn;
	size_t i, recno = 0, ik = 0;
	int rc, ok = 1;

	for (i = 0; i < l->nkept; i++)
		ks[i] = &l->kept[i];
	qsort(ks, l->nkept, sizeof *ks, by_recno);
	if ((!l->printed || l->sparse) && (old = rd_open_mem(l->rp.path,
	    l->data, l->len, l->fmt, l->delim, d)) == NULL) {
		free(ks);
		return 1;
	}
	while (ok) {
		const struct kept *k = NULL;

		if (old != NULL && (rc = rd_next(old, &ro, &ignored)) <= 0) {
			ok = rc == 0;
			break;
		}
		if (old == NULL && recno == l->nplace)
			break;
		if (ik < l->nkept && ks[ik]->recno == recno)
			k = ks[ik++];
		ok = rd_next(new, &rn, &ignored) > 0 && (old != NULL ?
		    as_intended(ro, k, rn) : k != NULL ?
		    as_intended(&k->r, k, rn) : as_printed(&l->place[recno],
		    rn));
		recno += ok;
	}
	for (i = 0; ok && i < l->added.n; i++) {
		ok = rd_next(new, &rn, &ignored) > 0 &&
		    as_intended(&l->added.r[i], NULL, rn);
		recno += ok;
	}
	if (ok && rd_next(new, &rn, &ignored) != 0)
		ok = 0;
	rd_close(old);
	free(ks);
	return ok ? 0 : recno + 1;
}

static int
said(struct ledger *l, size_t bad, struct diag *d)
{
	if (bad > 0)
		diag_set(d, l->rp.path, 0, 0, "record %zu of the changed file "
		    "does not read back as intended: nothing changed (this is "
		    "a bug; please report it with the file)", bad);
	return bad > 0 ? -1 : 0;
}

int
readback_check(struct ledger *l, const char *p, size_t n, struct diag *d)
{
	struct reader *new;
	struct diag ignored;
	size_t bad = 1;

	if ((new = rd_open_mem(l->rp.path, p, n, l->fmt, l->delim,
	    &ignored)) != NULL)
		bad = check(l, new, d);
	rd_close(new);
	return said(l, bad, d);
}

/* ---- the spliced records alone ---- */

/*
 * Why reading back only the records spliced into suffices.  The new file
 * is the old one with some bytes replaced.  Outside the regions below,
 * its bytes are compared with the old file's, so they are the old ones
 * (a wrong copy is caught there).  A region is whole entries of the one
 * block list the records are items of (rd_one_list): from the line of
 * the "-" of the first record that changes, through the first record
 * after the last splice in it, which changes in nothing (a guard), to
 * the line of the next entry's "-", or to the end of the file.
 *
 * libyaml, at the start of the line of an entry's "-" in a block list
 * outside any flow collection, has for state only its stack of open
 * block collections (the first entry opens the list, which a later one
 * finds open, and both go on alike after their "- "); and what it makes
 * of the bytes before such a line depends on nothing after its "- ",
 * where no splice goes: a line starting so, at the list's column, or
 * the end of the file, closes what is open deeper in the same way.  So the head
 * of the file (up to the first record's entry), then the regions one
 * after the other, read as one document, read as the new file does in
 * them; and once a guard is read as the unchanged record it was, an
 * entry of the same list, what follows it is read as in the old file,
 * which the scan read.  A region that cannot be told, or that does not
 * read back as intended, sends the new file to be read back whole.
 */

struct region {
	size_t	 a, b;		/* records a..b */
	size_t	 pa;		/* a's place: b's is pa + b - a */
	size_t	 from, to;	/* their bytes in the old file */
	int	 to_end;	/* b is the last: to the end of the file */
};

/*
 * The last record whose entry starts before byte off (SIZE_MAX: none),
 * with its place in *at; -1 when the places the scan kept do not tell
 * (a record between the last kept before off and the next kept may be
 * it).  The first record's place is always kept.
 */
static size_t
entry_before(const struct ledger *l, size_t off, size_t *at, int *known)
{
	size_t lo = 0, hi = l->nplace, m;

	while (lo < hi) {
		m = lo + (hi - lo) / 2;
		if (l->place[m].off < off)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo == 0) {
		*known = l->nplace > 0 && l->place[0].recno == 0;
		return SIZE_MAX;
	}
	m = *at = lo - 1;
	*known = l->place[m].recno + 1 == l->nrecs || (m + 1 < l->nplace &&
	    l->place[m + 1].recno == l->place[m].recno + 1);
	return l->place[m].recno;
}

/* Whether the places of records a..b are all kept, from place at on. */
static int
places_kept(const struct ledger *l, size_t at, size_t a, size_t b)
{
	return at + (b - a) < l->nplace && l->place[at + (b - a)].recno == b;
}

/* The regions of the splices, in order and apart; 0 when they cannot
 * be told. */
static size_t
regions(const struct ledger *l, struct region *rg)
{
	size_t i, n = 0, a, b, at, ignored;
	const struct spliced *s;
	int known;

	if (!l->in_line)	/* entries at one column, in order */
		return 0;
	for (i = 0; i < l->nspliced; i++) {
		s = &l->spliced[i];
		a = entry_before(l, s->off, &at, &known);
		if (!known || a == SIZE_MAX ||
		    s->off < l->place[at].off + l->place[at].len + 2)
			return 0;
		b = entry_before(l, s->off + s->del + 1, &ignored, &known) + 1;
		if (!known)
			return 0;
		if (n > 0 && a <= rg[n - 1].b + 1) {
			if (b > rg[n - 1].b)
				rg[n - 1].b = b;
			continue;
		}
		rg[n].a = a;
		rg[n].pa = at;
		rg[n++].b = b;
	}
	for (i = 0; i < n; i++) {
		rg[i].to_end = rg[i].b + 1 >= l->nrecs;
		if (rg[i].to_end)
			rg[i].b = l->nrecs - 1;
		if (!places_kept(l, rg[i].pa, rg[i].a, rg[i].to_end ? rg[i].b :
		    rg[i].b + 1))
			return 0;
		rg[i].from = l->place[rg[i].pa].off;
		rg[i].to = rg[i].to_end ? l->len :
		    l->place[rg[i].pa + rg[i].b + 1 - rg[i].a].off;
	}
	return n;
}

/* Where byte off of the old file is in the new one: only the end of
 * the file may have a splice at it, which comes before. */
static size_t
shifted(const struct ledger *l, size_t off)
{
	size_t i, to = off;

	for (i = 0; i < l->nspliced && (l->spliced[i].off < off ||
	    off == l->len); i++)
		to = to + l->spliced[i].len - l->spliced[i].del;
	return to;
}

static int
pread_all(int fd, char *p, size_t n, size_t off)
{
	ssize_t k;

	while (n > 0) {
		k = pread(fd, p, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
		off += (size_t)k;
	}
	return 0;
}

/* Whether bytes [from, to) of the old file are the new file's from
 * nfrom on. */
static int
same_bytes(struct ledger *l, size_t from, size_t to, size_t nfrom)
{
	static const size_t step = 1u << 16;
	char *x = xmalloc(2 * step);
	size_t n;
	int ok = 1;

	for (; ok && from < to; from += n, nfrom += n) {
		n = to - from < step ? to - from : step;
		ok = pread_all(l->rp.fd, x, n, from) == 0 &&
		    pread_all(l->rp.tmpfd, x + step, n, nfrom) == 0 &&
		    memcmp(x, x + step, n) == 0;
	}
	free(x);
	return ok;
}

/* The records of regions rg[0..n), read from d, as intended. */
static int
regions_read(struct ledger *l, const struct region *rg, size_t n,
    struct kept **ks, struct reader *rd)
{
	struct diag ignored;
	struct rec *rn;
	size_t i, j, ik = 0;
	int ok = 1;

	for (i = 0; ok && i < n; i++) {
		for (j = rg[i].a; ok && j <= rg[i].b; j++) {
			while (ik < l->nkept && ks[ik]->recno < j)
				ik++;
			ok = rd_next(rd, &rn, &ignored) > 0 &&
			    (ik < l->nkept && ks[ik]->recno == j ?
			    as_intended(&ks[ik]->r, ks[ik], rn) :
			    as_printed(&l->place[rg[i].pa + j - rg[i].a], rn));
		}
		for (j = 0; ok && rg[i].to_end && j < l->added.n; j++)
			ok = rd_next(rd, &rn, &ignored) > 0 &&
			    as_intended(&l->added.r[j], NULL, rn);
	}
	return ok && rd_next(rd, &rn, &ignored) == 0 && rd_one_list(rd);
}

/* Bytes [from, to) of the new file put after those of doc. */
static int
add_bytes(struct ledger *l, struct buf *doc, size_t from, size_t to)
{
	buf_grow(doc, to - from + 1);
	if (pread_all(l->rp.tmpfd, doc->p + doc->len, to - from, from) < 0)
		return -1;
	doc->len += to - from;
	return 0;
}

/* The head of the new file, then its regions rg[0..n), read as one
 * document; the bytes around them compared with the old file's. */
static int
regions_check(struct ledger *l, const struct region *rg, size_t n,
    struct kept **ks)
{
	struct buf doc = BUF_INIT;
	struct reader *rd;
	struct diag ignored;
	struct stat st;
	size_t i, at = 0, cap = l->len / 2 > (1u << 20) ? l->len / 2 : 1u << 20;
	int ok;

	ok = add_bytes(l, &doc, 0, l->place[0].off) == 0;
	for (i = 0; ok && i < n; i++) {
		ok = same_bytes(l, at, rg[i].from, shifted(l, at)) &&
		    add_bytes(l, &doc, shifted(l, rg[i].from),
		    shifted(l, rg[i].to)) == 0 && doc.len <= cap;
		at = rg[i].to;
	}
	ok = ok && same_bytes(l, at, l->len, shifted(l, at)) &&
	    fstat(l->rp.tmpfd, &st) == 0 &&
	    (size_t)st.st_size == shifted(l, l->len);
	if (ok && (rd = rd_open_mem(l->rp.path, doc.p, doc.len, l->fmt,
	    l->delim, &ignored)) != NULL) {
		ok = regions_read(l, rg, n, ks, rd);
		rd_close(rd);
	} else
		ok = 0;
	buf_free(&doc);
	return ok;
}

static int
spliced_only(struct ledger *l, struct kept **ks)
{
	struct region *rg;
	size_t n;
	int ok;

	if (!l->printed || !l->one_list || l->nrecs == 0 ||
	    l->nspliced == 0)
		return 0;
	rg = xcalloc(l->nspliced, sizeof *rg);
	ok = (n = regions(l, rg)) > 0 && regions_check(l, rg, n, ks);
	free(rg);
	return ok;
}

int
readback_spliced(struct ledger *l)
{
	struct kept **ks = xcalloc(l->nkept + 1, sizeof *ks);
	size_t i;
	int ok;

	for (i = 0; i < l->nkept; i++)
		ks[i] = &l->kept[i];
	qsort(ks, l->nkept, sizeof *ks, by_recno);
	ok = spliced_only(l, ks);
	free(ks);
	return ok;
}

/* The new file as it is on disk, read back and checked: its spliced
 * records alone when that tells (spliced_only), else whole. */
int
readback_written(struct ledger *l, struct diag *d)
{
	struct buf b = BUF_INIT;
	ssize_t k;
	int rc;

	if (readback_spliced(l))
		return 0;
	do {
		buf_grow(&b, 1u << 16);
		k = pread(l->rp.tmpfd, b.p + b.len, b.cap - b.len - 1,
		    (off_t)b.len);
		if (k > 0)
			b.len += (size_t)k;
	} while (k > 0 || (k < 0 && errno == EINTR));
	if (k < 0) {
		diag_set(d, l->rp.path, 0, 0, "reading back %s: %s; nothing "
		    "changed", l->rp.tmp, strerror(errno));
		rc = -1;
	} else
		rc = readback_check(l, b.p, b.len, d);
	buf_free(&b);
	return rc;
}
