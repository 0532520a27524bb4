/* Totals of quotes per currency (total.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "records/rec.h"
#include "refund/refund.h"
#include "refund/total.h"
#include "values/money.h"

const char *const total_cols[TOTAL_COLS] = { "currency", "instances",
	"cash_paid", "consumed", "refund_amount" };
const char *const total_best_cols[TOTAL_BEST_COLS] = { "currency",
	"instances", "refund_amount", "today", "gain" };

static const char *const sum_names[NSUMS] = { "cash_paid", "consumed",
	"refund_amount", "today", "gain" };

/* The total of q's currency, counting q's instance once. */
static struct total *
total_of(struct totals *ts, const struct quote *q)
{
	struct total *t;
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].currency, q->currency) == 0)
			break;
	if (i == ts->n) {
		ts->t = xgrow(ts->t, &ts->cap, ts->n, sizeof *ts->t);
		t = &ts->t[ts->n++];
		memset(t, 0, sizeof *t);
		t->currency = q->currency;
		t->places = q->places;
	}
	t = &ts->t[i];
	if (t->last != q->in) {
		t->instances++;
		t->last = q->in;
	}
	return t;
}

static int
add(struct total *t, int which, int64_t v, struct diag *d)
{
	if (money_add(&t->sum[which], v) == 0)
		return 0;
	diag_set(d, NULL, 0, 0, "the total of %s in %s is too large to add "
	    "up", sum_names[which], t->currency);
	return -1;
}

int
totals_quote(struct totals *ts, const struct quote *q, long row,
    struct diag *d)
{
	struct total *t = total_of(ts, q);

	if (row >= 0)
		return add(t, SUM_CASH, q->rows[row].cash, d) < 0 ||
		    add(t, SUM_CONSUMED, q->rows[row].consumed, d) < 0 ||
		    add(t, SUM_REFUND, q->rows[row].refund, d) < 0 ? -1 : 0;
	return add(t, SUM_CASH, q->cash, d) < 0 ||
	    add(t, SUM_CONSUMED, q->consumed, d) < 0 ||
	    add(t, SUM_REFUND, q->refund, d) < 0 ? -1 : 0;
}

int
totals_best(struct totals *ts, const struct quote *q, int64_t today,
    struct diag *d)
{
	struct total *t = total_of(ts, q);

	return add(t, SUM_REFUND, q->refund, d) < 0 ||
	    add(t, SUM_TODAY, today, d) < 0 ||
	    add(t, SUM_GAIN, q->refund - today, d) < 0 ? -1 : 0;
}

void
totals_free(struct totals *ts)
{
	free(ts->t);
	memset(ts, 0, sizeof *ts);
}

static void
add_sum(struct rec *r, const struct total *t, int which)
{
	struct buf b = BUF_INIT;

	money_format(&b, t->sum[which], t->places);
	rec_adds(r, sum_names[which], buf_str(&b));
	buf_free(&b);
}

void
total_record(struct rec *r, const struct total *t, int best)
{
	char n[32];

	rec_clear(r);
	rec_adds(r, "currency", t->currency);
	snprintf(n, sizeof n, "%zu", t->instances);
	rec_adds(r, "instances", n);
	if (best) {
		add_sum(r, t, SUM_REFUND);
		add_sum(r, t, SUM_TODAY);
		add_sum(r, t, SUM_GAIN);
	} else {
		add_sum(r, t, SUM_CASH);
		add_sum(r, t, SUM_CONSUMED);
		add_sum(r, t, SUM_REFUND);
	}
}
