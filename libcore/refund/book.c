/*
 * The orders a plan reads, and its edits written back (book.h): the two
 * passes over the ledger that order-cancel makes, and the commit of a
 * plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/journal.h"
#include "ledger/ledger.h"
#include "records/rec.h"
#include "refund/book.h"
#include "refund/plan.h"
#include "refund/planfile.h"
#include "select/cond.h"

/* What the first pass looks at. */
static const char *const scanned[] = { "order_id", "instance_id",
	"order_type", "refund_rule" };

/* Refund rows under the no-reason rule count toward its quota. */
static int
no_reason_row(struct book *b, const struct rec *r)
{
	return orders_no_reason_row(rec_get_at(r, "order_type", &b->hint[2],
	    NULL), rec_get_at(r, "refund_rule", &b->hint[3], NULL));
}

/* The first pass: which instances matter, and the rows to count. */
static int
want(void *arg, size_t recno, struct rec *r)
{
	struct book *b = arg;
	const char *oid, *iid;
	size_t on = 0, in = 0, i;
	struct id *id;

	(void)recno;
	for (i = 0; b->names && i < r->n; i++)
		strtab_intern(&b->seen, r->f[i].name, strlen(r->f[i].name));
	oid = rec_get_at(r, "order_id", &b->hint[0], &on);
	iid = rec_get_at(r, "instance_id", &b->hint[1], &in);
	if (iid == NULL || in == 0)
		return 0;
	/* the order and its instance may both be asked for: both are found */
	if (oid && (id = idset_find(b->ids, oid, on)) != NULL) {
		id->seen = 1;
		idset_add(&b->wanted, iid, in);
	}
	if ((id = idset_find(b->ids, iid, in)) != NULL) {
		id->seen = 1;
		idset_add(&b->wanted, iid, in);
	}
	return no_reason_row(b, r);
}

static int
gather(void *arg, size_t recno, struct rec *r)
{
	struct book *b = arg;
	const char *iid;
	size_t in, i;
	int keep;

	iid = rec_get(r, "instance_id", &in);
	keep = iid != NULL && idset_find(&b->wanted, iid, in) != NULL;
	if (!keep && !no_reason_row(b, r))
		return 0;	/* neither acted on nor counted */
	if (!b->no_digest)
		plan_digest_record(&b->digest, r);
	if (orders_add(&b->os, r, recno, b->d) < 0)
		return -1;
	b->selected = xgrow(b->selected, &b->capselected, b->os.n - 1,
	    sizeof *b->selected);
	b->selected[b->os.n - 1] = 1;
	for (i = 0; i < b->nconds; i++)
		if (!cond_match(&b->conds[i], r))
			b->selected[b->os.n - 1] = 0;
	return keep ? ledger_keep(b->l, recno, r, b->d) : 0;
}

/* The file's names, for check: -1 with d set when it says no. */
static int
check_names(struct book *b, book_names_fn *check, void *arg)
{
	const char **seen = NULL;
	const char *const *known;
	int yaml = ledger_format(b->l) == FMT_YAML, rc;
	size_t n;
	struct diag d;

	if (yaml) {
		known = seen = strtab_all(&b->seen);
		n = b->seen.n;
	} else
		known = ledger_columns(b->l, &n);
	rc = check(arg, known, n, yaml ? "a field of its records" :
	    "a column of this file", &d);
	free(seen);
	if (rc < 0)
		diag_set(b->d, ledger_path(b->l), 0, 0, "%s", d.msg);
	return rc;
}

int
book_read(struct book *b, struct ledger *l, enum fmt fmt,
    unsigned char delim, struct idset *ids, struct cond *c, size_t nc,
    book_names_fn *check, void *arg, struct diag *d)
{
	b->l = l;
	b->ids = ids;
	b->conds = c;
	b->nconds = nc;
	b->names = check != NULL;
	b->d = d;
	sha256_init(&b->digest);
	snprintf(b->os.file, sizeof b->os.file, "%s", ledger_path(l));
	ledger_expect_key(l, "order_id");
	ledger_only(l, scanned, sizeof scanned / sizeof scanned[0]);
	/* want passes by the rows of no ID asked for, but for the Refund
	 * rows of the no-reason rule, which hold its name */
	ledger_want(l, ids, "no-reason");
	if (ledger_scan(l, fmt, delim, want, b, d) < 0 ||
	    (check != NULL && check_names(b, check, arg) < 0))
		return -1;
	return ledger_rescan(l, &b->wanted, gather, b, d);
}

int
book_apply(struct book *b, const struct plan *p, const char *policy,
    int64_t at, struct diag *d)
{
	size_t i, n = plan_changes(p) + p->nrefunds;
	struct change *c = xcalloc(n + 1, sizeof *c);
	struct buf *amt = xcalloc(n + 1, sizeof *amt);
	struct rec r;
	int rc;

	rec_init(&r);
	for (i = 0; i < p->n; i++) {
		size_t recno = plan_edit(p, i, &r), j;

		for (j = 0; j < r.n; j++)
			ledger_set(b->l, recno, r.f[j].name, rec_val(&r, j));
	}
	for (i = 0; i < p->nrefunds; i++) {
		plan_refund_record(p, i, &r);
		ledger_append(b->l, &r);
	}
	rec_free(&r);
	rc = ledger_commit(b->l, c, plan_journal(p, c, amt), policy, at, d);
	for (i = 0; i < n + 1; i++)
		buf_free(&amt[i]);
	free(amt);
	free(c);
	return rc;
}

void
book_free(struct book *b)
{
	free(b->selected);
	orders_free(&b->os);
	idset_free(&b->wanted);
	strtab_free(&b->seen);
}
