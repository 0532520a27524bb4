/* What changes in a refund from one day to another (schedule.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "refund/policy.h"
#include "refund/refund.h"
#include "refund/schedule.h"
#include "values/dur.h"
#include "values/money.h"
#include "values/ts.h"

int
schedule_times(struct schedule *s, int64_t at, const char *until,
    const char *step, struct diag *d)
{
	int64_t end, by = 86400, n;
	size_t k;
	int rc;

	s->t = NULL;
	s->n = 0;
	if (step && (rc = dur_parse(step, strlen(step), &by)) < 0) {
		diag_set(d, NULL, 0, 0, "--step \"%s\" %s", step,
		    dur_error(rc));
		return -1;
	}
	if (by == 0) {
		diag_set(d, NULL, 0, 0, "--step wants a duration above 0s");
		return -1;
	}
	if (until == NULL && ts_add(at, 60 * 86400, &end) < 0)
		end = at;
	if (until && (rc = ts_parse_rel(until, strlen(until), at, &end)) < 0) {
		diag_set(d, NULL, 0, 0, "--until \"%s\" %s", until,
		    ts_error(rc));
		return -1;
	}
	if (end < at) {
		diag_set(d, NULL, 0, 0, "--until \"%s\" is before --at",
		    until);
		return -1;
	}
	if ((n = (end - at) / by + 1) > SCHEDULE_MAX) {
		diag_set(d, NULL, 0, 0, "--until and --step make %lld steps; "
		    "at most %d", (long long)n, SCHEDULE_MAX);
		return -1;
	}
	s->n = (size_t)n;
	s->t = xcalloc(s->n, sizeof *s->t);
	for (k = 0; k < s->n; k++)
		s->t[k] = at + (int64_t)k * by;
	return 0;
}

void
schedule_free(struct schedule *s)
{
	free(s->t);
	s->t = NULL;
	s->n = 0;
}

static void
say(struct buf *b, const char *fmt, const char *id)
{
	if (b->len > 0)
		buf_adds(b, "; ");
	buf_addf(b, fmt, id);
}

/* The row of prev for the same order as r, or NULL. */
static const struct row_quote *
same_order(const struct quote *prev, const struct row_quote *r)
{
	size_t i;

	for (i = 0; prev != NULL && i < prev->n; i++)
		if (prev->rows[i].o == r->o)
			return &prev->rows[i];
	return NULL;
}

/* What changed in the rate of a row used in part on both days. */
static void
rate_change(struct buf *b, const struct policy *p,
    const struct row_quote *was, const struct row_quote *r)
{
	if (was->coef != r->coef) {
		say(b, "order %s: ", r->o->id);
		buf_adds(b, "the coefficient ");
		money_format(b, was->coef, 1);
		buf_addf(b, " ends, %lld days used", (long long)p->short_days);
	}
	if (was->step != r->step) {
		say(b, "order %s: ", r->o->id);
		buf_adds(b, "discount ");
		money_format(b, r->step->rate, 2);
		buf_addf(b, " from %lld days used", (long long)r->step->days);
	}
}

static void
row_change(struct buf *b, const struct policy *p, const struct row_quote *was,
    const struct row_quote *r)
{
	if (was->rule == r->rule) {
		if (r->rule == RULE_PARTIAL)
			rate_change(b, p, was, r);
		if (was->refund > 0 && r->refund == 0)
			say(b, "order %s: nothing left to refund", r->o->id);
		return;
	}
	if (was->rule == RULE_NO_REASON)
		say(b, "order %s: the no-reason refund is over", r->o->id);
	else if (was->rule == RULE_NOT_STARTED)
		say(b, "renewal %s starts", r->o->id);
	else if (r->rule == RULE_USED_UP)
		say(b, "order %s is used up", r->o->id);
	else {
		say(b, "order %s: ", r->o->id);
		buf_addf(b, "%s, then %s", rule_name(was->rule),
		    rule_name(r->rule));
	}
}

void
schedule_change(struct buf *b, const struct policy *p,
    const struct quote *prev, const struct quote *cur)
{
	const struct row_quote *was;
	size_t i;

	if (prev == NULL)
		return;
	if (prev->refundable != cur->refundable)
		say(b, "%s", cur->refundable ? "refundable" :
		    "no longer refundable");
	for (i = 0; i < cur->n; i++)
		if ((was = same_order(prev, &cur->rows[i])) != NULL)
			row_change(b, p, was, &cur->rows[i]);
}

void
bests_note(struct bests *bs, const struct quotes *qs, size_t k)
{
	size_t i, j;

	for (i = 0; i < qs->n; i++) {
		const struct quote *q = &qs->q[i];

		for (j = 0; j < bs->n && strcmp(bs->b[j].currency,
		    q->currency) != 0; j++)
			;
		if (j == bs->n) {
			bs->b = xgrow(bs->b, &bs->cap, bs->n, sizeof *bs->b);
			bs->b[bs->n].currency = q->currency;
			bs->b[bs->n].first = q->refund;
			bs->b[bs->n].refund = q->refund;
			bs->b[bs->n++].k = k;
		} else if (q->refund > bs->b[j].refund) {
			bs->b[j].refund = q->refund;
			bs->b[j].k = k;
		}
	}
}

void
bests_free(struct bests *bs)
{
	free(bs->b);
	memset(bs, 0, sizeof *bs);
}
