/*
 * Importing orders (import.h): what the exports say, what the ledger
 * says, and what becomes of each imported row.  The cloud's fields are
 * compared; the toolkit's own (refund_rule, refund_amount, refunded_at,
 * voucher_amount, no_refund, cloud_order_id, refund_diff) are never
 * taken from an export for a row the ledger has.
 *
 * It is one unit of some 750 lines, because its parts are the steps of
 * one comparison over one table of the cloud's fields and one key:
 * reading the exports, the two passes over the ledger, and what is told
 * of each row.  The refunds linked (importlink.c) and the orders
 * exported without their instances (importwhole.c) are apart, sharing
 * import_priv.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/journal.h"
#include "records/fields.h"
#include "records/reader.h"
#include "refund/import.h"
#include "refund/import_priv.h"
#include "select/cond.h"
#include "values/ident.h"
#include "values/money.h"
#include "values/ts.h"

const struct cloud_field import_cloud[] = {
	{ "related_order_id", V_TEXT },
	{ "product", V_TEXT },
	{ "order_type", V_TEXT },
	{ "charge_type", V_TEXT },
	{ "created_at", V_TIME },
	{ "paid_at", V_TIME },
	{ "period_start", V_TIME },
	{ "period_end", V_TIME },
	{ "gross_amount", V_MONEY },
	{ "paid_amount", V_MONEY },
	{ "currency", V_TEXT },
	{ "region", V_TEXT },
};
const size_t import_ncloud = sizeof import_cloud / sizeof import_cloud[0];

/* SPEC 2.3's order fields, in its order: a new ledger's. */
static const char *const order_cols[] = { "order_id", "instance_id",
	"related_order_id", "product", "order_type", "charge_type", "status",
	"created_at", "paid_at", "period_start", "period_end", "gross_amount",
	"paid_amount", "voucher_amount", "currency", "region", "no_refund" };

const char *const *
import_order_cols(size_t *n)
{
	*n = sizeof order_cols / sizeof order_cols[0];
	return order_cols;
}

static const char *const statuses[] = { "Unpaid", "Paid", "Cancelled",
	"Refunded" };

const char *const import_receipt_cols[] = { "order_id", "instance_id",
	"action", "status_before", "status_after", "cloud_order_id",
	"refund_diff", "currency", "reason", "source" };

static const char *const action_names[] = { "", "added", "updated", "same",
	"conflict" };

void
import_init(struct import *im)
{
	memset(im, 0, sizeof *im);
}

void
import_act_free(struct import_act *a)
{
	free(a->order_id);
	free(a->before);
	free(a->after);
	free(a->reason);
	free(a->cloud_id);
	free(a->diff);
	free(a->paid);
	rec_free(&a->set);
}

void
import_free(struct import *im)
{
	size_t i;

	for (i = 0; i < im->rows.n; i++) {
		free(im->src[i]);
		if (im->act != NULL)	/* none: the first export not opened */
			import_act_free(&im->act[i]);
	}
	for (i = 0; i < im->nlocal; i++) {
		struct import_local *l = &im->local[i];

		free(l->order_id);
		free(l->instance_id);
		free(l->related);
		free(l->paid);
		free(l->currency);
		free(l->cloud_id);
		free(l->diff);
	}
	free(im->local);
	for (i = 0; i < im->whole.n; i++)
		free(im->wsrc[i]);
	free(im->wsrc);
	recs_free(&im->whole);
	idset_free(&im->worders);
	idset_free(&im->iorders);
	recs_free(&im->wrows);
	free(im->wrecno);
	free(im->wof);
	free(im->src);
	free(im->act);
	recs_free(&im->rows);
	idset_free(&im->keys);
	idset_free(&im->refunded);
	idset_free(&im->left);
	strtab_free(&im->names);
	buf_free(&im->key);
}

/* ---- values ---- */

const char *
import_get(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name, NULL);

	return v != NULL ? v : "";
}

int
import_money(const char *v, int64_t *out)
{
	int places;

	return money_parse(v, strlen(v), out, &places);
}

/* Do two values of a field say the same?  Both are checked already. */
static int
same_value(enum vkind k, const char *a, const char *b)
{
	int64_t x, y;

	if (strcmp(a, b) == 0)
		return 1;
	switch (k) {
	case V_TIME:
		return ts_parse(a, strlen(a), &x) == 0 &&
		    ts_parse(b, strlen(b), &y) == 0 && x == y;
	case V_MONEY:
		return import_money(a, &x) == 0 && import_money(b, &y) == 0 &&
		    x == y;
	default:
		return 0;
	}
}

/* What is wrong with value v of field f, or NULL. */
static const char *
bad_value(enum vkind k, const char *v)
{
	int64_t x;
	int rc;

	if (*v == '\0')
		return NULL;
	if (k == V_TIME && (rc = ts_parse(v, strlen(v), &x)) < 0)
		return ts_error(rc);
	if (k == V_MONEY && (rc = import_money(v, &x)) < 0)
		return money_error(rc, v);
	return NULL;
}

static int
known_status(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(s, statuses[i]) == 0)
			return 1;
	return 0;
}

/* The key of an order row: its order_id, a tab, its instance_id. */
static const char *
key_of(struct import *im, const char *oid, size_t on, const char *iid,
    size_t in, size_t *len)
{
	buf_reset(&im->key);
	buf_add(&im->key, oid, on);
	buf_addc(&im->key, '\t');
	buf_add(&im->key, iid, in);
	*len = im->key.len;
	return im->key.p;
}

/* ---- reading the exports ---- */

static int
wrong(struct diag *d, struct reader *rd, const struct rec *r,
    const char *field, const char *what)
{
	char q[QUOTE_MAX];
	const char *v = rec_get(r, field, NULL);
	long line, col;

	rd_where(r, field, &line, &col);
	if (v != NULL && *v != '\0')
		diag_set(d, rd_name(rd), line, col, "%s %s %s", field,
		    diag_quote(q, v, strlen(v)), what);
	else
		diag_set(d, rd_name(rd), line, col, "%s %s", field, what);
	return -1;
}

/* An order row as meant: its ids, status and values read. */
static int
check_row(struct reader *rd, const struct rec *r, struct diag *d)
{
	const char *oid = import_get(r, "order_id");
	const char *iid = import_get(r, "instance_id");
	const char *st = import_get(r, "status"), *why;
	size_t i;
	int whole = rec_get(r, "instance_id", NULL) == NULL;

	if (!ident_ok(oid, strlen(oid)))
		return wrong(d, rd, r, "order_id", "is not an id (" IDENT_RULE
		    ")");
	if (whole)
		;	/* an order without its instances (QueryOrders) */
	else if (*iid == '\0')
		return wrong(d, rd, r, "instance_id", "is missing: an order "
		    "row is one instance's (QueryOrders lists none: export "
		    "each order with GetOrderDetail)");
	else if (!ident_ok(iid, strlen(iid)))
		return wrong(d, rd, r, "instance_id", "is not an id ("
		    IDENT_RULE ")");
	if (*st == '\0')
		return wrong(d, rd, r, "status", "is missing: Unpaid, Paid, "
		    "Cancelled or Refunded");
	if (!known_status(st))
		return wrong(d, rd, r, "status", "is not Unpaid, Paid, "
		    "Cancelled or Refunded");
	for (i = 0; i < import_ncloud; i++)
		if ((why = bad_value(import_cloud[i].kind, import_get(r,
		    import_cloud[i].name))))
			return wrong(d, rd, r, import_cloud[i].name, why);
	return 0;
}

/* The first field whose value two rows of one order differ in, or
 * NULL. */
static const char *
differ(const struct rec *a, const struct rec *b)
{
	size_t i;

	if (strcmp(import_get(a, "status"), import_get(b, "status")) != 0)
		return "status";
	for (i = 0; i < import_ncloud; i++)
		if (!same_value(import_cloud[i].kind, import_get(a,
		    import_cloud[i].name), import_get(b, import_cloud[i].name)))
			return import_cloud[i].name;
	return NULL;
}

/* A copy of r, with the names of its fields kept in im. */
static void
keep_row(struct import *im, struct recs *rs, const struct rec *r)
{
	struct rec *copy = recs_add(rs);
	size_t i;

	rec_copy(copy, r);
	for (i = 0; i < copy->n; i++)	/* the reader's names go with it */
		copy->f[i].name = strtab_intern(&im->names, copy->f[i].name,
		    strlen(copy->f[i].name));
}

/* A row of an order without its instances: once an order. */
static int
add_whole(struct import *im, struct reader *rd, const struct rec *r,
    const char *src, struct diag *d)
{
	const char *oid = import_get(r, "order_id"), *field;
	struct id *id;
	size_t i;

	if ((id = idset_find(&im->worders, oid, strlen(oid))) != NULL) {
		i = (size_t)(id - im->worders.ids);
		if ((field = differ(&im->whole.r[i], r)) == NULL)
			return 0;
		diag_set(d, rd_name(rd), r->line, 0, "order %s is also at %s, "
		    "with another %s: import one export of it at a time", oid,
		    im->wsrc[i], field);
		return -1;
	}
	idset_add(&im->worders, oid, strlen(oid));
	keep_row(im, &im->whole, r);
	im->wsrc = xreallocarray(im->wsrc, im->whole.n, sizeof *im->wsrc);
	im->wsrc[im->whole.n - 1] = xstrdup(src);
	return 0;
}

static int
add_row(struct import *im, struct reader *rd, const struct rec *r,
    struct diag *d)
{
	const char *oid = import_get(r, "order_id");
	const char *iid = import_get(r, "instance_id");
	const char *k, *field;
	struct id *id;
	size_t klen, i;
	char src[1100];

	snprintf(src, sizeof src, "%s:%ld", rd_name(rd), r->line);
	if (rec_get(r, "instance_id", NULL) == NULL)
		return add_whole(im, rd, r, src, d);
	idset_add(&im->iorders, oid, strlen(oid));
	k = key_of(im, oid, strlen(oid), iid, strlen(iid), &klen);
	if ((id = idset_find(&im->keys, k, klen)) != NULL) {
		i = (size_t)(id - im->keys.ids);
		if ((field = differ(&im->rows.r[i], r)) == NULL)
			return 0;	/* the same row again: once */
		diag_set(d, rd_name(rd), r->line, 0, "order %s of instance %s "
		    "is also at %s, with another %s: import one export of it "
		    "at a time", oid, iid, im->src[i], field);
		return -1;
	}
	idset_add(&im->keys, k, klen);
	keep_row(im, &im->rows, r);
	im->src = xreallocarray(im->src, im->rows.n, sizeof *im->src);
	im->src[im->rows.n - 1] = xstrdup(src);
	if (strcmp(import_get(r, "order_type"), "Refund") == 0)
		idset_add(&im->refunded, iid, strlen(iid));
	return 0;
}

/* r's field names, among those of every record read: what -w may name
 * besides the order fields. */
static void
seen(struct import *im, const struct rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		strtab_intern(&im->names, r->f[i].name, strlen(r->f[i].name));
}

static int
selected(const struct rec *r, struct cond *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!cond_match(&c[i], r))
			return 0;
	return 1;
}

int
import_read(struct import *im, const char *path, struct cond *c,
    size_t nc, struct diag *d)
{
	static const char *const keys[] = { "order_id" };
	struct reader *rd;
	struct rec *r;
	int rc;

	if ((rd = rd_open(path, FMT_AUTO, 0, d)) == NULL)
		return -1;
	rd_expect(rd, keys, 1, NULL);
	rd_spans(rd);
	while ((rc = rd_next(rd, &r, d)) > 0) {
		seen(im, r);
		if (selected(r, c, nc) && (check_row(rd, r, d) < 0 ||
		    add_row(im, rd, r, d) < 0)) {
			rc = -1;
			break;
		}
	}
	rd_close(rd);
	/* One act per row read, even when this file stops the run:
	 * import_free frees them all. */
	im->act = xreallocarray(im->act, im->rows.n + 1, sizeof *im->act);
	memset(im->act, 0, (im->rows.n + 1) * sizeof *im->act);
	return rc;
}

/* ---- the ledger's rows ---- */

/* A local Refund row: order-cancel's, which has its refund_rule. */
static int
local_refund(struct import *im, const struct rec *r)
{
	const char *t = rec_get_at(r, "order_type", &im->hint[2], NULL);
	const char *rule = rec_get_at(r, "refund_rule", &im->hint[3], NULL);

	return t != NULL && strcmp(t, "Refund") == 0 && rule != NULL &&
	    *rule != '\0';
}

int
import_wants(struct import *im, const struct rec *r)
{
	const char *oid, *iid, *k;
	size_t on = 0, in = 0, klen;

	oid = rec_get_at(r, "order_id", &im->hint[0], &on);
	iid = rec_get_at(r, "instance_id", &im->hint[1], &in);
	if (oid == NULL || iid == NULL)
		return 0;
	k = key_of(im, oid, on, iid, in, &klen);
	if (idset_find(&im->keys, k, klen) != NULL)
		return 1;
	if (im->worders.n > 0 && idset_find(&im->worders, oid, on) != NULL)
		return 1;
	return im->refunded.n > 0 && idset_find(&im->refunded, iid, in) !=
	    NULL && local_refund(im, r);
}

void
import_ledger_ids(const struct import *im, struct idset *ids)
{
	const char *oid;
	size_t i, on;

	for (i = 0; i < im->rows.n; i++)
		if ((oid = rec_get(&im->rows.r[i], "order_id", &on)) != NULL)
			idset_add(ids, oid, on);
	for (i = 0; i < im->whole.n; i++)	/* QueryOrders: every row */
		if ((oid = rec_get(&im->whole.r[i], "order_id", &on)) != NULL)
			idset_add(ids, oid, on);
	for (i = 0; i < im->refunded.n; i++)
		idset_add(ids, im->refunded.ids[i].s, im->refunded.ids[i].len);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

void
import_reason(struct buf *b, const char *fmt, const char *a, const char *c,
    const char *e)
{
	if (b->len > 0)
		buf_adds(b, "; ");
	buf_addf(b, fmt, a, c, e);
}

/* The ledger's value of a cloud field is one it can compare. */
static int
check_ledger(const struct rec *r, const char *ledger, struct diag *d)
{
	const char *why, *v;
	char q[QUOTE_MAX];
	size_t i;

	for (i = 0; i < import_ncloud; i++) {
		v = import_get(r, import_cloud[i].name);
		if ((why = bad_value(import_cloud[i].kind, v)) != NULL) {
			diag_set(d, ledger, r->line, 0, "%s %s %s",
			    import_cloud[i].name, diag_quote(q, v, strlen(v)),
			    why);
			return -1;
		}
	}
	return 0;
}

/*
 * The status the ledger has and the one the export has: 1 when the
 * cloud's moved on (Unpaid to Paid or Cancelled), 0 when there is
 * nothing to change, -1 when they cannot both be right.
 */
static int
status_moved(const char *here, const char *there, struct buf *why)
{
	if (strcmp(here, there) == 0)
		return 0;
	if (*here == '\0')
		return 1;
	if (strcmp(here, "Unpaid") == 0 && (strcmp(there, "Paid") == 0 ||
	    strcmp(there, "Cancelled") == 0))
		return 1;
	if (strcmp(there, "Unpaid") == 0 && strcmp(here, "Refunded") != 0) {
		import_reason(why, "%s here, Unpaid in the export: it is older "
		    "than the ledger%s%s", here, "", "");
		return 0;
	}
	if (strcmp(here, "Refunded") == 0 && strcmp(there, "Paid") == 0) {
		import_reason(why, "refunded here; the cloud's order stays Paid"
		    "%s%s%s", "", "", "");
		return 0;
	}
	return -1;
}

/* Row i of the export against the ledger's record recno; its amounts
 * not (sums: one row of an order without its instances). */
void
import_decide(struct import *im, size_t i, size_t recno, const struct rec *r,
    int sums)
{
	const struct rec *x = &im->rows.r[i];
	struct import_act *a = &im->act[i];
	struct buf why = BUF_INIT, clash = BUF_INIT;
	const char *here = import_get(r, "status");
	const char *there = import_get(x, "status");
	int moved;
	size_t j;

	a->recno = recno;
	a->order_id = xstrdup(import_get(x, "order_id"));
	a->before = xstrdup(here);
	a->after = xstrdup(here);
	if ((moved = status_moved(here, there, &why)) < 0)
		import_reason(&clash, "status is %s here, %s in the export",
		    here, there, "");
	else if (moved) {
		rec_adds(&a->set, "status", there);
		free(a->after);
		a->after = xstrdup(there);
	}
	for (j = 0; j < import_ncloud; j++) {
		const char *f = import_cloud[j].name;
		const char *v = import_get(x, f), *w = import_get(r, f);

		if (*v == '\0' || same_value(import_cloud[j].kind, v, w) ||
		    (sums && import_cloud[j].kind == V_MONEY))
			continue;
		if (*w == '\0' || (moved && import_cloud[j].kind == V_TIME))
			rec_adds(&a->set, f, v);
		else
			import_reason(&clash, "%s is %s here, %s in the export",
			    f, w, v);
	}
	if (clash.len > 0) {
		a->action = IMP_CONFLICT;
		rec_clear(&a->set);
		free(a->after);
		a->after = xstrdup(here);
		a->reason = xstrdup(buf_str(&clash));
	} else {
		a->action = a->set.n > 0 ? IMP_UPDATED : IMP_SAME;
		if (why.len > 0)
			a->reason = xstrdup(buf_str(&why));
	}
	buf_free(&why);
	buf_free(&clash);
}

static void
add_local(struct import *im, size_t recno, const struct rec *r)
{
	struct import_local *l;

	im->local = xgrow(im->local, &im->caplocal, im->nlocal,
	    sizeof *im->local);
	l = &im->local[im->nlocal++];
	memset(l, 0, sizeof *l);
	l->recno = recno;
	l->line = r->line;
	l->order_id = xstrdup(import_get(r, "order_id"));
	l->instance_id = xstrdup(import_get(r, "instance_id"));
	l->related = xstrdup(import_get(r, "related_order_id"));
	l->paid = xstrdup(import_get(r, "paid_amount"));
	l->currency = xstrdup(import_get(r, "currency"));
	l->cloud_id = dup_or_null(import_get(r, "cloud_order_id"));
	l->diff = dup_or_null(import_get(r, "refund_diff"));
}

/* A ledger row of order k of those exported without their instances:
 * what the comparison needs of it. */
static void
whole_match(struct import *im, size_t k, size_t recno, const struct rec *r)
{
	struct rec *c = recs_add(&im->wrows);
	size_t j, n = im->wrows.n;

	rec_adds(c, "order_id", import_get(r, "order_id"));
	rec_adds(c, "instance_id", import_get(r, "instance_id"));
	rec_adds(c, "status", import_get(r, "status"));
	for (j = 0; j < import_ncloud; j++)
		rec_adds(c, import_cloud[j].name, import_get(r,
		    import_cloud[j].name));
	im->wrecno = xreallocarray(im->wrecno, n, sizeof *im->wrecno);
	im->wof = xreallocarray(im->wof, n, sizeof *im->wof);
	im->wrecno[n - 1] = recno;
	im->wof[n - 1] = k;
}

int
import_match(struct import *im, size_t recno, const struct rec *r,
    const char *ledger, struct diag *d)
{
	const char *oid = import_get(r, "order_id");
	const char *iid = import_get(r, "instance_id");
	const char *k;
	struct id *id;
	size_t klen, i;

	if (check_ledger(r, ledger, d) < 0)
		return -1;
	k = key_of(im, oid, strlen(oid), iid, strlen(iid), &klen);
	if ((id = idset_find(&im->keys, k, klen)) != NULL) {
		i = (size_t)(id - im->keys.ids);
		if (im->act[i].action != IMP_NONE) {
			diag_set(d, ledger, r->line, 0, "order %s of instance "
			    "%s is in the ledger twice: make it one row",
			    oid, iid);
			return -1;
		}
		import_decide(im, i, recno, r, 0);
		return 1;
	}
	if (im->worders.n > 0 && (id = idset_find(&im->worders, oid,
	    strlen(oid))) != NULL) {
		whole_match(im, (size_t)(id - im->worders.ids), recno, r);
		return 1;
	}
	if (local_refund(im, r)) {
		add_local(im, recno, r);
		return 1;
	}
	return 0;
}

/* Row i appended: the ledger's fields in its order, then the canonical
 * order fields it lacks; the export's other fields are named in left. */
static void
append(struct import *im, size_t i, const char *const *cols, size_t n)
{
	const struct rec *x = &im->rows.r[i];
	struct import_act *a = &im->act[i];
	size_t j, k;

	a->action = IMP_ADDED;
	a->recno = IMPORT_NEW;
	a->order_id = xstrdup(import_get(x, "order_id"));
	a->before = xstrdup("");
	a->after = xstrdup(import_get(x, "status"));
	for (j = 0; j < n; j++)
		rec_adds(&a->set, cols[j], import_get(x, cols[j]));
	for (j = 0; j < x->n; j++) {
		const char *f = x->f[j].name;

		for (k = 0; k < n && strcmp(cols[k], f) != 0; k++)
			;
		if (k < n)
			continue;
		if (field_spec(RK_ORDER, f) != NULL)
			rec_adds(&a->set, f, rec_val(x, j));
		else
			idset_add(&im->left, f, strlen(f));
	}
}

void
import_finish(struct import *im, const char *const *cols, size_t n)
{
	size_t i;

	if (im->nlocal > 1)
		qsort(im->local, im->nlocal, sizeof *im->local,
		    import_link_cmp);
	import_whole_orders(im);
	for (i = 0; i < im->rows.n; i++) {
		if (im->act[i].action != IMP_NONE)
			continue;
		if (strcmp(import_get(&im->rows.r[i], "order_type"),
		    "Refund") == 0)
			import_link_refund(im, i);
		else
			append(im, i, cols, n);
	}
}

/* ---- what is told ---- */

void
import_receipt(const struct import *im, size_t i, struct rec *r)
{
	const struct rec *x = &im->rows.r[i];
	const struct import_act *a = &im->act[i];

	rec_clear(r);
	rec_adds(r, "order_id", a->order_id);
	rec_adds(r, "instance_id", import_get(x, "instance_id"));
	rec_adds(r, "action", action_names[a->action]);
	rec_adds(r, "status_before", a->before);
	rec_adds(r, "status_after", a->after);
	rec_adds(r, "cloud_order_id", a->cloud_id ? a->cloud_id : "");
	rec_adds(r, "refund_diff", a->diff ? a->diff : "");
	rec_adds(r, "currency", import_get(x, "currency"));
	rec_adds(r, "reason", a->reason ? a->reason : "");
	rec_adds(r, "source", im->src[i]);
}

size_t
import_count(const struct import *im, enum import_action what)
{
	size_t i, n = 0;

	for (i = 0; i < im->rows.n; i++)
		n += im->act[i].action == what;
	return n;
}

size_t
import_journal(const struct import *im, struct change *c)
{
	size_t i, n = 0;

	for (i = 0; i < im->rows.n; i++) {
		const struct import_act *a = &im->act[i];
		const struct rec *x = &im->rows.r[i];

		if (a->action != IMP_ADDED && a->action != IMP_UPDATED)
			continue;
		memset(&c[n], 0, sizeof c[n]);
		c[n].order_id = a->order_id;
		c[n].instance_id = import_get(x, "instance_id");
		c[n].before = a->before;
		c[n].after = a->after;
		c[n].refund_amount = a->paid ? a->paid : "";
		c[n].currency = import_get(x, "currency");
		c[n].refund_rule = "";
		c[n].api_call = "";
		n++;
	}
	return n;
}
