/*
 * The read-back (ledger.h): a new YAML file, made by splicing text into
 * the old one, is read again from the disk and compared, record by
 * record, with the old file's records and the changes asked for, before
 * it may take the old one's place.  A difference is a bug of the splice,
 * said as one, and nothing changes.  The old file's records are those
 * the scan read: a record that changes by the copy kept of it, any other
 * by the fingerprint of its fields the scan noted (a 64-bit sum of their
 * names' and values' hashes, and their count), so that the old file is
 * not read a second time; without a scan's fingerprints, by the old file
 * read again.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
	if (!l->printed && (old = rd_open_mem(l->rp.path, l->data, l->len,
	    l->fmt, l->delim, d)) == NULL) {
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

/* The new file as it is on disk, read back and checked. */
int
readback_written(struct ledger *l, struct diag *d)
{
	struct buf b = BUF_INIT;
	ssize_t k;
	int rc;

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
