/*
 * Orders exported without their instances (import_priv.h): a QueryOrders
 * row is an order, which the ledger holds as one row per instance.  Each
 * ledger row of it is decided as any imported row is, its amounts against
 * their sums; an order the ledger lacks cannot be added, its instances
 * not being known.
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

	import_act_free(a);
	memset(a, 0, sizeof *a);
	a->action = IMP_CONFLICT;
	a->recno = recno;
	a->order_id = xstrdup(import_get(&im->rows.r[i], "order_id"));
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
	const char *cur = import_get(w, "currency");
	struct buf t = BUF_INIT;
	int64_t want, sum, v;
	size_t f, j;
	char what[64];

	for (f = 0; f < import_ncloud; f++) {
		const char *name = import_cloud[f].name;

		if (import_cloud[f].kind != V_MONEY ||
		    import_money(import_get(w, name), &want) < 0)
			continue;	/* none exported */
		sum = 0;
		for (j = first; j != SIZE_MAX; j = next[j]) {
			if (import_money(import_get(&im->wrows.r[j], name),
			    &v) < 0)
				break;	/* a row without it: no sum */
			if (money_add(&sum, v) < 0) {
				import_reason(clash, "%s of the order's rows "
				    "is too large a sum%s%s", name, "", "");
				break;
			}
		}
		if (j != SIZE_MAX || sum == want)
			continue;
		buf_reset(&t);
		money_format(&t, sum, currency_places(cur, strlen(cur)));
		snprintf(what, sizeof what, n == 1 ? "%s" : "%s (the sum of "
		    "its %zu rows)", buf_str(&t), n);
		import_reason(clash, "%s is %s here, %s in the export", name,
		    what, import_get(w, name));
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
	const char *oid = import_get(w, "order_id");
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

		i = whole_row(im, k, import_get(r, "instance_id"));
		if (clash.len == 0)
			import_decide(im, i, im->wrecno[j], r, 1);
		bad |= clash.len > 0 || im->act[i].action == IMP_CONFLICT;
	}
	for (i = from, j = first; bad && j != SIZE_MAX; i++, j = next[j]) {
		const char *st = import_get(&im->wrows.r[j], "status");

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
void
import_whole_orders(struct import *im)
{
	size_t *first, *next, k, j;

	if (im->whole.n == 0)
		return;
	first = xreallocarray(NULL, im->whole.n, sizeof *first);
	next = xreallocarray(NULL, im->wrows.n + 1, sizeof *next);
	for (k = 0; k < im->whole.n; k++)
		first[k] = SIZE_MAX;
	/* the lists in the ledger's order */
	for (j = im->wrows.n; j-- > 0; ) {
		next[j] = first[im->wof[j]];
		first[im->wof[j]] = j;
	}
	for (k = 0; k < im->whole.n; k++)
		whole_order(im, k, first[k], next);
	free(first);
	free(next);
}
