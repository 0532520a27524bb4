/*
 * Importing orders (import.h): what the exports say, what the ledger
 * says, and what becomes of each imported row.  The cloud's fields are
 * compared; the toolkit's own (refund_rule, refund_amount, refunded_at,
 * voucher_amount, no_refund, cloud_order_id, refund_diff) are never
 * taken from an export for a row the ledger has.
 *
 * It is one unit of some 1,050 lines, because its parts are the steps of
 * one comparison over one table of the cloud's fields and one key:
 * reading the exports, the two passes over the ledger, the refunds
 * linked, the orders exported without their instances, and what is
 * told of each row.
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
#include "select/cond.h"
#include "values/ident.h"
#include "values/money.h"
#include "values/ts.h"

/* The fields the cloud says of an order, and how their values compare. */
enum vkind { V_TEXT, V_TIME, V_MONEY };

static const struct cloud_field {
	const char	*name;
	enum vkind	 kind;
} cloud[] = {
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
#define NCLOUD	(sizeof cloud / sizeof cloud[0])

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

static void
act_free(struct import_act *a)
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
			act_free(&im->act[i]);
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

static const char *
get(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name, NULL);

	return v != NULL ? v : "";
}

static int
money(const char *v, int64_t *out)
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
		return money(a, &x) == 0 && money(b, &y) == 0 && x == y;
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
	if (k == V_MONEY && (rc = money(v, &x)) < 0)
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
	const char *oid = get(r, "order_id"), *iid = get(r, "instance_id");
	const char *st = get(r, "status"), *why;
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
	for (i = 0; i < NCLOUD; i++)
		if ((why = bad_value(cloud[i].kind, get(r, cloud[i].name))))
			return wrong(d, rd, r, cloud[i].name, why);
	return 0;
}

/* The first field whose value two rows of one order differ in, or
 * NULL. */
static const char *
differ(const struct rec *a, const struct rec *b)
{
	size_t i;

	if (strcmp(get(a, "status"), get(b, "status")) != 0)
		return "status";
	for (i = 0; i < NCLOUD; i++)
		if (!same_value(cloud[i].kind, get(a, cloud[i].name),
		    get(b, cloud[i].name)))
			return cloud[i].name;
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
	const char *oid = get(r, "order_id"), *field;
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
	const char *oid = get(r, "order_id"), *iid = get(r, "instance_id");
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
	if (strcmp(get(r, "order_type"), "Refund") == 0)
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

static void
add_reason(struct buf *b, const char *fmt, const char *a, const char *c,
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

	for (i = 0; i < NCLOUD; i++) {
		v = get(r, cloud[i].name);
		if ((why = bad_value(cloud[i].kind, v)) != NULL) {
			diag_set(d, ledger, r->line, 0, "%s %s %s",
			    cloud[i].name, diag_quote(q, v, strlen(v)), why);
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
		add_reason(why, "%s here, Unpaid in the export: it is older "
		    "than the ledger%s%s", here, "", "");
		return 0;
	}
	if (strcmp(here, "Refunded") == 0 && strcmp(there, "Paid") == 0) {
		add_reason(why, "refunded here; the cloud's order stays Paid"
		    "%s%s%s", "", "", "");
		return 0;
	}
	return -1;
}

/* Row i of the export against the ledger's record recno; its amounts
 * not (sums: one row of an order without its instances). */
static void
decide(struct import *im, size_t i, size_t recno, const struct rec *r,
    int sums)
{
	const struct rec *x = &im->rows.r[i];
	struct import_act *a = &im->act[i];
	struct buf why = BUF_INIT, clash = BUF_INIT;
	const char *here = get(r, "status"), *there = get(x, "status");
	int moved;
	size_t j;

	a->recno = recno;
	a->order_id = xstrdup(get(x, "order_id"));
	a->before = xstrdup(here);
	a->after = xstrdup(here);
	if ((moved = status_moved(here, there, &why)) < 0)
		add_reason(&clash, "status is %s here, %s in the export", here,
		    there, "");
	else if (moved) {
		rec_adds(&a->set, "status", there);
		free(a->after);
		a->after = xstrdup(there);
	}
	for (j = 0; j < NCLOUD; j++) {
		const char *f = cloud[j].name, *v = get(x, f), *w = get(r, f);

		if (*v == '\0' || same_value(cloud[j].kind, v, w) ||
		    (sums && cloud[j].kind == V_MONEY))
			continue;
		if (*w == '\0' || (moved && cloud[j].kind == V_TIME))
			rec_adds(&a->set, f, v);
		else
			add_reason(&clash, "%s is %s here, %s in the export",
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
	l->order_id = xstrdup(get(r, "order_id"));
	l->instance_id = xstrdup(get(r, "instance_id"));
	l->related = xstrdup(get(r, "related_order_id"));
	l->paid = xstrdup(get(r, "paid_amount"));
	l->currency = xstrdup(get(r, "currency"));
	l->cloud_id = dup_or_null(get(r, "cloud_order_id"));
	l->diff = dup_or_null(get(r, "refund_diff"));
}

/* A ledger row of order k of those exported without their instances:
 * what the comparison needs of it. */
static void
whole_match(struct import *im, size_t k, size_t recno, const struct rec *r)
{
	struct rec *c = recs_add(&im->wrows);
	size_t j, n = im->wrows.n;

	rec_adds(c, "order_id", get(r, "order_id"));
	rec_adds(c, "instance_id", get(r, "instance_id"));
	rec_adds(c, "status", get(r, "status"));
	for (j = 0; j < NCLOUD; j++)
		rec_adds(c, cloud[j].name, get(r, cloud[j].name));
	im->wrecno = xreallocarray(im->wrecno, n, sizeof *im->wrecno);
	im->wof = xreallocarray(im->wof, n, sizeof *im->wof);
	im->wrecno[n - 1] = recno;
	im->wof[n - 1] = k;
}

int
import_match(struct import *im, size_t recno, const struct rec *r,
    const char *ledger, struct diag *d)
{
	const char *oid = get(r, "order_id"), *iid = get(r, "instance_id");
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
		decide(im, i, recno, r, 0);
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

/* ---- refunds: the cloud's Refund order and the local one ---- */

/* Is id one of the ";"-separated ids of list? */
static int
listed(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p = list;

	while (*p != '\0') {
		size_t len = strcspn(p, ";");

		if (len == n && strncmp(p, id, n) == 0)
			return 1;
		p += len + (p[len] == ';');
	}
	return 0;
}

/* The cloud's refund less the one quoted, as text: -1 when an amount is
 * not one. */
static int
refund_diff(const struct import_local *l, const struct rec *x,
    struct buf *diff, struct buf *paid)
{
	int64_t quoted, cloud;
	int places = currency_places(l->currency, strlen(l->currency));

	if (money(l->paid, &quoted) < 0 || money(get(x, "paid_amount"),
	    &cloud) < 0)
		return -1;
	quoted = -quoted;	/* the local Refund row holds minus it */
	if (cloud < 0)
		cloud = -cloud;	/* the export may give it either sign */
	money_format(diff, cloud - quoted, places);
	money_format(paid, cloud, places);
	return 0;
}

static void
link_refund(struct import *im, size_t i, struct import_local *l)
{
	const struct rec *x = &im->rows.r[i];
	struct import_act *a = &im->act[i];
	struct buf diff = BUF_INIT, paid = BUF_INIT, why = BUF_INIT;

	l->used = 1;
	a->recno = l->recno;
	a->order_id = xstrdup(l->order_id);
	a->before = xstrdup("Refunded");
	a->after = xstrdup("Refunded");
	a->cloud_id = xstrdup(get(x, "order_id"));
	if (strcmp(l->currency, get(x, "currency")) != 0) {
		a->action = IMP_CONFLICT;
		add_reason(&why, "the cloud refunded in %s, the quote is in %s"
		    "%s", get(x, "currency"), l->currency, "");
	} else if (refund_diff(l, x, &diff, &paid) < 0) {
		a->action = IMP_CONFLICT;
		add_reason(&why, "paid_amount %s here or %s in the export is "
		    "not an amount%s", l->paid, get(x, "paid_amount"), "");
	} else {
		a->diff = xstrdup(buf_str(&diff));
		a->paid = xstrdup(buf_str(&paid));
		if (l->cloud_id != NULL && l->diff != NULL &&
		    strcmp(l->diff, a->diff) == 0)
			a->action = IMP_SAME;
		else {
			a->action = IMP_UPDATED;
			rec_adds(&a->set, "cloud_order_id", a->cloud_id);
			rec_adds(&a->set, "refund_diff", a->diff);
		}
		add_reason(&why, "the cloud's Refund order paid %s, the quote "
		    "was %s", a->paid, l->paid + (*l->paid == '-'), "");
		if (strspn(a->diff, "-0.") != strlen(a->diff))
			add_reason(&why, "a difference of %s: check it%s%s",
			    a->diff, "", "");
	}
	a->reason = xstrdup(buf_str(&why));
	buf_free(&diff);
	buf_free(&paid);
	buf_free(&why);
}

/* The local refunds by instance, in the ledger's order within one: each
 * cloud Refund order looks at its instance's only. */
static int
local_cmp(const void *a, const void *b)
{
	const struct import_local *x = a, *y = b;
	int c = strcmp(x->instance_id, y->instance_id);

	if (c != 0)
		return c;
	return x->recno < y->recno ? -1 : x->recno > y->recno;
}

/* The first local refund of instance iid, or nlocal: they are sorted. */
static size_t
first_local(const struct import *im, const char *iid)
{
	size_t lo = 0, hi = im->nlocal, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(im->local[mid].instance_id, iid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Row i, a cloud Refund order the ledger does not have as a row: linked
 * to the one local refund it pays, or refused.  A refund the ledger has
 * no local refund for is refused too: added as an order, it would leave
 * the instance's orders Paid, to be refunded a second time.
 */
static void
refund_of_local(struct import *im, size_t i)
{
	const struct rec *x = &im->rows.r[i];
	const char *oid = get(x, "order_id"), *iid = get(x, "instance_id");
	const char *rel = get(x, "related_order_id");
	struct import_local *one = NULL;
	struct buf names = BUF_INIT;
	size_t j, first = first_local(im, iid), n = 0;

	for (j = first; j < im->nlocal &&	/* linked before */
	    strcmp(im->local[j].instance_id, iid) == 0; j++)
		if (im->local[j].cloud_id != NULL &&
		    strcmp(im->local[j].cloud_id, oid) == 0) {
			link_refund(im, i, &im->local[j]);
			return;
		}
	for (j = first; j < im->nlocal &&
	    strcmp(im->local[j].instance_id, iid) == 0; j++) {
		struct import_local *l = &im->local[j];

		if (l->used || l->cloud_id != NULL ||
		    (*rel != '\0' && !listed(l->related, rel)))
			continue;
		one = l;
		buf_addf(&names, "%s%s", n++ ? ", " : "", l->order_id);
	}
	if (n == 1)
		link_refund(im, i, one);
	else {
		struct import_act *a = &im->act[i];

		a->action = IMP_CONFLICT;
		a->recno = IMPORT_NEW;
		a->order_id = xstrdup(oid);
		a->before = xstrdup("");
		a->after = xstrdup("");
		if (n > 1)
			buf_adds(&names, ": the ledger has more than one "
			    "refund of the instance this could pay");
		else
			buf_addf(&names, "the ledger records no refund of %s "
			    "for this one to pay: record the unsubscription "
			    "first (order-cancel --at the time it was made), "
			    "then import it again", iid);
		a->reason = xstrdup(buf_str(&names));
	}
	buf_free(&names);
}

/* ---- orders exported without their instances (QueryOrders) ---- */

/* A new row of the import: whole row k, as the ledger's row of instance
 * iid; its index. */
static size_t
whole_row(struct import *im, size_t k, const char *iid)
{
	struct rec *c = recs_add(&im->rows);
	size_t i = im->rows.n - 1;

	rec_copy(c, &im->whole.r[k]);
	rec_adds(c, "instance_id", iid);
	im->src = xreallocarray(im->src, im->rows.n, sizeof *im->src);
	im->src[i] = xstrdup(im->wsrc[k]);
	im->act = xreallocarray(im->act, im->rows.n + 1, sizeof *im->act);
	memset(&im->act[i], 0, sizeof im->act[i]);
	return i;
}

/* Row i refused, left as it is (recno: the ledger's, or IMPORT_NEW). */
static void
refuse(struct import *im, size_t i, size_t recno, const char *status,
    const char *why)
{
	struct import_act *a = &im->act[i];

	act_free(a);
	memset(a, 0, sizeof *a);
	a->action = IMP_CONFLICT;
	a->recno = recno;
	a->order_id = xstrdup(get(&im->rows.r[i], "order_id"));
	a->before = xstrdup(status);
	a->after = xstrdup(status);
	a->reason = xstrdup(why);
}

/* Whole row k's amounts against the sums of the ledger's n rows of the
 * order (in the list from first, through next): differences said in
 * clash. */
static void
whole_sums(struct import *im, size_t k, size_t first, const size_t *next,
    size_t n, struct buf *clash)
{
	const struct rec *w = &im->whole.r[k];
	const char *cur = get(w, "currency");
	struct buf t = BUF_INIT;
	int64_t want, sum, v;
	size_t f, j;
	char what[64];

	for (f = 0; f < NCLOUD; f++) {
		if (cloud[f].kind != V_MONEY || money(get(w, cloud[f].name),
		    &want) < 0)
			continue;	/* none exported */
		sum = 0;
		for (j = first; j != SIZE_MAX; j = next[j]) {
			if (money(get(&im->wrows.r[j], cloud[f].name), &v) < 0)
				break;	/* a row without it: no sum */
			if (money_add(&sum, v) < 0) {
				add_reason(clash, "%s of the order's rows is too "
				    "large a sum%s%s", cloud[f].name, "", "");
				break;
			}
		}
		if (j != SIZE_MAX || sum == want)
			continue;
		buf_reset(&t);
		money_format(&t, sum, currency_places(cur, strlen(cur)));
		snprintf(what, sizeof what, n == 1 ? "%s" : "%s (the sum of "
		    "its %zu rows)", buf_str(&t), n);
		add_reason(clash, "%s is %s here, %s in the export",
		    cloud[f].name, what, get(w, cloud[f].name));
	}
	buf_free(&t);
}

/*
 * Whole row k, an order exported without its instances: one row of the
 * import for each ledger row of the order, decided as any row is, the
 * amounts against their sums; a difference anywhere leaves every row
 * of the order as it is.  An order the ledger lacks is refused: its
 * instances are not known.
 */
static void
whole_order(struct import *im, size_t k, size_t first, const size_t *next)
{
	const struct rec *w = &im->whole.r[k];
	const char *oid = get(w, "order_id");
	struct buf clash = BUF_INIT;
	size_t i, j, n = 0, from = im->rows.n;
	int bad = 0;

	for (j = first; j != SIZE_MAX; j = next[j])
		n++;
	if (idset_find(&im->iorders, oid, strlen(oid)) != NULL) {
		i = whole_row(im, k, "");
		refuse(im, i, IMPORT_NEW, "", "an export also lists the order "
		    "with its instances: import one export of it at a time");
		return;
	}
	if (n == 0) {
		i = whole_row(im, k, "");
		refuse(im, i, IMPORT_NEW, "", "not in the ledger, and this "
		    "export lists no instances of it: export the order with "
		    "GetOrderDetail to add it");
		return;
	}
	whole_sums(im, k, first, next, n, &clash);
	for (j = first; j != SIZE_MAX; j = next[j]) {
		const struct rec *r = &im->wrows.r[j];

		i = whole_row(im, k, get(r, "instance_id"));
		if (clash.len == 0)
			decide(im, i, im->wrecno[j], r, 1);
		bad |= clash.len > 0 || im->act[i].action == IMP_CONFLICT;
	}
	for (i = from, j = first; bad && j != SIZE_MAX; i++, j = next[j]) {
		const char *st = get(&im->wrows.r[j], "status");

		if (clash.len > 0)
			refuse(im, i, im->wrecno[j], st, buf_str(&clash));
		else if (im->act[i].action != IMP_CONFLICT)
			refuse(im, i, im->wrecno[j], st, "another row of the "
			    "order is in conflict: the order is left as it is");
	}
	buf_free(&clash);
}

/* Every order exported without its instances, with the ledger's rows of
 * it in the ledger's order. */
static void
whole_orders(struct import *im)
{
	size_t *first, *next, k, j;

	if (im->whole.n == 0)
		return;
	first = xreallocarray(NULL, im->whole.n, sizeof *first);
	next = xreallocarray(NULL, im->wrows.n + 1, sizeof *next);
	for (k = 0; k < im->whole.n; k++)
		first[k] = SIZE_MAX;
	for (j = im->wrows.n; j-- > 0; ) {	/* lists in the ledger's order */
		next[j] = first[im->wof[j]];
		first[im->wof[j]] = j;
	}
	for (k = 0; k < im->whole.n; k++)
		whole_order(im, k, first[k], next);
	free(first);
	free(next);
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
	a->order_id = xstrdup(get(x, "order_id"));
	a->before = xstrdup("");
	a->after = xstrdup(get(x, "status"));
	for (j = 0; j < n; j++)
		rec_adds(&a->set, cols[j], get(x, cols[j]));
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
		qsort(im->local, im->nlocal, sizeof *im->local, local_cmp);
	whole_orders(im);
	for (i = 0; i < im->rows.n; i++) {
		if (im->act[i].action != IMP_NONE)
			continue;
		if (strcmp(get(&im->rows.r[i], "order_type"), "Refund") == 0)
			refund_of_local(im, i);
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
	rec_adds(r, "instance_id", get(x, "instance_id"));
	rec_adds(r, "action", action_names[a->action]);
	rec_adds(r, "status_before", a->before);
	rec_adds(r, "status_after", a->after);
	rec_adds(r, "cloud_order_id", a->cloud_id ? a->cloud_id : "");
	rec_adds(r, "refund_diff", a->diff ? a->diff : "");
	rec_adds(r, "currency", get(x, "currency"));
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
		c[n].instance_id = get(x, "instance_id");
		c[n].before = a->before;
		c[n].after = a->after;
		c[n].refund_amount = a->paid ? a->paid : "";
		c[n].currency = get(x, "currency");
		c[n].refund_rule = "";
		c[n].api_call = "";
		n++;
	}
	return n;
}
