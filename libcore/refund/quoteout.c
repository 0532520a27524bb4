/* The records of quotes (quoteout.h). */
#include <stdio.h>

#include "base/buf.h"
#include "records/rec.h"
#include "refund/policy.h"
#include "refund/quoteout.h"
#include "refund/refund.h"
#include "values/money.h"
#include "values/ts.h"

const char *const quote_cols[QUOTE_COLS] = { "instance_id", "order_ids",
	"rule", "cash_paid", "consumed", "refund_amount", "currency", "at",
	"policy", "reason" };
const char *const quote_row_cols[QUOTE_ROW_COLS] = { "order_id",
	"instance_id", "order_type", "rule", "period_start", "period_end",
	"usage_days", "order_days", "discount", "coefficient", "cash_paid",
	"consumed", "refund_amount", "currency", "at", "policy", "reason" };
const char *const schedule_cols[SCHEDULE_COLS] = { "instance_id", "at",
	"rule", "cash_paid", "consumed", "refund_amount", "currency",
	"change" };
const char *const best_cols[BEST_COLS] = { "instance_id", "at", "rule",
	"refund_amount", "today", "gain", "currency" };

/* An amount with places decimals. */
static void
add_amount(struct rec *r, const char *name, int64_t v, int places)
{
	struct buf b = BUF_INIT;

	money_format(&b, v, places);
	rec_adds(r, name, buf_str(&b));
	buf_free(&b);
}

/* cash_paid, consumed, refund_amount and currency: how a refund adds
 * up, as every record of a quote but the best's says it. */
static void
add_sums(struct rec *r, int64_t cash, int64_t consumed, int64_t refund,
    const struct quote *q)
{
	add_amount(r, "cash_paid", cash, q->places);
	add_amount(r, "consumed", consumed, q->places);
	add_amount(r, "refund_amount", refund, q->places);
	rec_adds(r, "currency", q->currency);
}

static void
add_time(struct rec *r, const char *name, int64_t t)
{
	char s[TS_BUFSZ];

	rec_adds(r, name, t == NO_TIME ? "" : ts_format(t, s));
}

void
quote_record(struct rec *r, const struct quote *q, const struct policy *p,
    int64_t at)
{
	struct buf b = BUF_INIT;
	size_t i;

	rec_clear(r);
	rec_adds(r, "instance_id", q->in->id);
	for (i = 0; q->order_ids == NULL && i < q->n; i++) {
		if (i > 0)
			buf_addc(&b, ';');
		buf_adds(&b, q->rows[i].o->id);
	}
	rec_adds(r, "order_ids", q->order_ids ? q->order_ids : buf_str(&b));
	rec_adds(r, "rule", q->rule);
	add_sums(r, q->cash, q->consumed, q->refund, q);
	add_time(r, "at", at);
	rec_adds(r, "policy", p->name);
	rec_adds(r, "reason", q->reason);
	buf_free(&b);
}

/* A whole number, or nothing when the rule has none. */
static void
add_days(struct rec *r, const char *name, int64_t n, int partial)
{
	char s[32];

	snprintf(s, sizeof s, "%lld", (long long)n);
	rec_adds(r, name, partial ? s : "");
}

void
quote_row_record(struct rec *r, const struct quote *q, size_t i,
    const struct policy *p, int64_t at)
{
	const struct row_quote *rq = &q->rows[i];
	int partial = rq->rule == RULE_PARTIAL;

	rec_clear(r);
	rec_adds(r, "order_id", rq->o->id);
	rec_adds(r, "instance_id", q->in->id);
	rec_adds(r, "order_type", rq->o->type_name);
	rec_adds(r, "rule", rule_name(rq->rule));
	add_time(r, "period_start", rq->o->start);
	add_time(r, "period_end", rq->o->end);
	add_days(r, "usage_days", rq->usage_days, partial);
	add_days(r, "order_days", rq->order_days, partial);
	if (partial) {
		add_amount(r, "discount", rq->step->rate, 2);
		add_amount(r, "coefficient", rq->coef, 1);
	} else {
		rec_adds(r, "discount", "");
		rec_adds(r, "coefficient", "");
	}
	add_sums(r, rq->cash, rq->consumed, rq->refund, q);
	add_time(r, "at", at);
	rec_adds(r, "policy", p->name);
	rec_adds(r, "reason", rq->rule == RULE_NOT_REFUNDABLE &&
	    !q->refundable ? q->reason : rq->note);
}

void
schedule_record(struct rec *r, const struct quote *q, int64_t at,
    const char *change)
{
	rec_clear(r);
	rec_adds(r, "instance_id", q->in->id);
	add_time(r, "at", at);
	rec_adds(r, "rule", q->rule);
	add_sums(r, q->cash, q->consumed, q->refund, q);
	rec_adds(r, "change", change);
}

void
best_record(struct rec *r, const struct quote *q, int64_t at, int64_t today)
{
	rec_clear(r);
	rec_adds(r, "instance_id", q->in->id);
	add_time(r, "at", at);
	rec_adds(r, "rule", q->rule);
	add_amount(r, "refund_amount", q->refund, q->places);
	add_amount(r, "today", today, q->places);
	add_amount(r, "gain", q->refund - today, q->places);
	rec_adds(r, "currency", q->currency);
}
