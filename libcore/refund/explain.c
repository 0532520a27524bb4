/*
 * The derivation of a quote (refund.h's refund_explain), step by step, as
 * a finance colleague would check it by hand: the days used, the daily
 * list price, the discount and coefficient that applied, the cash paid
 * and what comes back.
 */
#include <stdio.h>

#include "base/buf.h"
#include "refund/policy.h"
#include "refund/refund.h"
#include "values/money.h"
#include "values/ts.h"

#define DAY	86400

static void
amount(struct buf *b, int64_t v, int places)
{
	money_format(b, v, places);
}

static const char *
when(int64_t t, char buf[TS_BUFSZ])
{
	return t == NO_TIME ? "(none)" : ts_format(t, buf);
}

static void
explain_partial(struct buf *b, const struct policy *p,
    const struct row_quote *r, int64_t at, int places)
{
	const struct order *o = r->o;
	const struct discount_step *next = r->step + 1;
	char t1[TS_BUFSZ], t2[TS_BUFSZ];

	buf_addf(b, "    usage %lld day%s (%s \xE2\x86\x92 %s, started days count "
	    "whole)\n", (long long)r->usage_days, r->usage_days == 1 ? "" : "s",
	    when(o->start, t1), when(at, t2));
	buf_adds(b, "    daily list price ");
	amount(b, o->gross, places);
	buf_addf(b, " / %lld day%s%s\n", (long long)r->order_days,
	    r->order_days == 1 ? "" : "s", r->short_period ?
	    " (a period under a day counts as one)" : "");
	buf_adds(b, "    discount ");
	amount(b, r->step->rate, 2);
	if (p->ndiscount == 1)
		buf_adds(b, " (for any length of use)\n");
	else if (r->step == p->discount)
		buf_addf(b, " (< %lld days)\n", (long long)next->days);
	else if (next < p->discount + p->ndiscount)
		buf_addf(b, " (\xE2\x89\xA5 %lld days, < %lld)\n",
		    (long long)r->step->days, (long long)next->days);
	else
		buf_addf(b, " (\xE2\x89\xA5 %lld days)\n",
		    (long long)r->step->days);
	buf_adds(b, "    coefficient ");
	amount(b, r->coef, 1);
	buf_addf(b, " (used %s %lld days)\n", r->usage_days < p->short_days ?
	    "<" : "\xE2\x89\xA5", (long long)p->short_days);
	buf_adds(b, "    consumed ");
	amount(b, r->consumed, places);
	buf_adds(b, " (");
	amount(b, o->gross, places);
	buf_addf(b, " \xC3\x97 %lld / %lld \xC3\x97 ", (long long)r->usage_days,
	    (long long)r->order_days);
	amount(b, r->step->rate, 2);
	buf_adds(b, " \xC3\x97 ");
	amount(b, r->coef, 1);
	buf_addf(b, ", rounded %s)\n", p->rounding == ROUND_HALF_EVEN ?
	    "half-even" : "half-up");
}

static void
explain_cash(struct buf *b, const struct row_quote *r, int places)
{
	buf_adds(b, "    cash paid ");
	amount(b, r->cash, places);
	if (r->o->voucher != 0) {
		buf_adds(b, " (");
		amount(b, r->o->paid, places);
		buf_adds(b, " \xE2\x88\x92 voucher ");
		amount(b, r->o->voucher, places);
		buf_adds(b, ", never refunded)");
	}
	buf_addc(b, '\n');
}

static void
explain_row(struct buf *b, const struct policy *p, const struct quote *q,
    const struct row_quote *r, int64_t at)
{
	const struct order *o = r->o;
	char t1[TS_BUFSZ], t2[TS_BUFSZ];

	buf_addf(b, "  order %s (%s, %s \xE2\x86\x92 %s): %s\n", o->id,
	    o->type_name, when(o->start, t1), when(o->end, t2),
	    rule_name(r->rule));
	switch (r->rule) {
	case RULE_NOT_REFUNDABLE:
		if (q->refundable)	/* else said once for the instance */
			buf_addf(b, "    not refundable: %s\n", r->note);
		return;
	case RULE_NOT_STARTED:
		buf_addf(b, "    starts after %s: not started, the cash paid "
		    "comes back in full\n", when(at, t1));
		break;
	case RULE_USED_UP:
		buf_addf(b, "    ended by %s: used up, nothing comes back\n",
		    when(at, t1));
		break;
	case RULE_NO_REASON:
		buf_addf(b, "    five-day no-reason refund: created %s, within "
		    "%lld h", when(o->created, t1),
		    (long long)(p->no_reason_window / 3600));
		if (p->no_reason_max_period > 0)
			buf_addf(b, ", period at most %lld days",
			    (long long)(p->no_reason_max_period / DAY));
		buf_adds(b, "; the cash paid comes back in full\n");
		break;
	case RULE_PARTIAL:
		explain_partial(b, p, r, at, q->places);
		break;
	case RULE_NONE:
		break;
	}
	explain_cash(b, r, q->places);
	if (r->rule == RULE_PARTIAL) {
		buf_adds(b, "    refund ");
		amount(b, r->refund, q->places);
		buf_adds(b, " (");
		amount(b, r->cash, q->places);
		buf_adds(b, " \xE2\x88\x92 ");
		amount(b, r->consumed, q->places);
		buf_addf(b, "%s)\n", r->cash - r->consumed < 0 ?
		    ", not below 0" : "");
	} else {
		buf_adds(b, "    refund ");
		amount(b, r->refund, q->places);
		buf_addc(b, '\n');
	}
	if (r->note[0] && r->rule != RULE_NOT_REFUNDABLE)
		buf_addf(b, "    note: %s\n", r->note);
}

void
refund_explain(struct buf *b, const struct policy *p, const struct quote *q,
    int64_t at)
{
	char t[TS_BUFSZ];
	size_t i;

	buf_addf(b, "instance %s, policy %s, at %s\n", q->in->id, p->name,
	    ts_format(at, t));
	if (!q->refundable)
		buf_addf(b, "  not refundable: %s\n", q->reason);
	else if (q->n == 0)
		buf_addf(b, "  nothing to refund: %s\n", q->reason);
	for (i = 0; i < q->n; i++)
		explain_row(b, p, q, &q->rows[i], at);
	buf_adds(b, "  total: cash paid ");
	amount(b, q->cash, q->places);
	buf_adds(b, ", consumed ");
	amount(b, q->consumed, q->places);
	buf_adds(b, ", refund ");
	amount(b, q->refund, q->places);
	buf_addf(b, "%s%s\n", *q->currency ? " " : "", q->currency);
}
