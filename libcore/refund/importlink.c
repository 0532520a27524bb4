/*
 * A cloud Refund order and the local refund it pays (import_priv.h): the
 * refund the cloud paid linked to the row the toolkit wrote when it
 * quoted it, and the difference between the two recorded and said, the
 * check that the refund engine, and the cloud, are right.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "refund/import.h"
#include "refund/import_priv.h"
#include "values/money.h"

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

	if (import_money(l->paid, &quoted) < 0 ||
	    import_money(import_get(x, "paid_amount"), &cloud) < 0)
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
	a->cloud_id = xstrdup(import_get(x, "order_id"));
	if (strcmp(l->currency, import_get(x, "currency")) != 0) {
		a->action = IMP_CONFLICT;
		import_reason(&why, "the cloud refunded in %s, the quote is "
		    "in %s%s", import_get(x, "currency"), l->currency, "");
	} else if (refund_diff(l, x, &diff, &paid) < 0) {
		a->action = IMP_CONFLICT;
		import_reason(&why, "paid_amount %s here or %s in the export "
		    "is not an amount%s", l->paid, import_get(x,
		    "paid_amount"), "");
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
		import_reason(&why, "the cloud's Refund order paid %s, the "
		    "quote was %s", a->paid, l->paid + (*l->paid == '-'), "");
		if (strspn(a->diff, "-0.") != strlen(a->diff))
			import_reason(&why, "a difference of %s: check it%s%s",
			    a->diff, "", "");
	}
	a->reason = xstrdup(buf_str(&why));
	buf_free(&diff);
	buf_free(&paid);
	buf_free(&why);
}

/* The local refunds by instance, in the ledger's order within one: each
 * cloud Refund order looks at its instance's only. */
int
import_link_cmp(const void *a, const void *b)
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
void
import_link_refund(struct import *im, size_t i)
{
	const struct rec *x = &im->rows.r[i];
	const char *oid = import_get(x, "order_id");
	const char *iid = import_get(x, "instance_id");
	const char *rel = import_get(x, "related_order_id");
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
