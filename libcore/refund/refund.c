#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "records/rec.h"
#include "refund/refund.h"
#include "values/money.h"
#include "values/ts.h"

#define DAY	86400

const char *
rule_name(enum rule r)
{
	static const char *const names[] = { "none", "not-refundable",
	    "no-reason", "partial", "not-started", "used-up" };

	return names[r];
}

const char *const refund_facts[NFACTS] = { "os_name", "spot_strategy",
	"deletion_protection", "status" };

/* Join the n phrases with ", " and a last " and " (or sep). */
static void
join(struct buf *b, const char *const *v, size_t n, const char *last)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, i + 1 == n ? last : ", ");
		buf_adds(b, v[i]);
	}
}

void
refund_unchecked(struct buf *fields, struct buf *rules, unsigned missing)
{
	const char *f[NFACTS], *r[NFACTS];
	size_t nf = 0, nr = 0, i;

	for (i = 0; i < NFACTS; i++)
		if (missing & 1u << i)
			f[nf++] = refund_facts[i];
	if (missing & 1u << FACT_PROTECTION)
		r[nr++] = "deletion protection";
	if (missing & 1u << FACT_STATUS)
		r[nr++] = "the Running status";
	if ((missing & 3u) == 3u)
		r[nr++] = "the image and spot rules";
	else if (missing & 1u << FACT_OS)
		r[nr++] = "the image rule";
	else if (missing & 1u << FACT_SPOT)
		r[nr++] = "the spot rule";
	join(fields, f, nf, " or ");
	join(rules, r, nr, " and ");
}

void
quotes_clear(struct quotes *qs)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		free(qs->q[i].rows);
	qs->n = 0;
}

void
quotes_free(struct quotes *qs)
{
	quotes_clear(qs);
	free(qs->q);
	memset(qs, 0, sizeof *qs);
}

struct quote *
quotes_add(struct quotes *qs, const struct inst *in, const char *currency,
    int places)
{
	struct quote *q;

	qs->q = xgrow(qs->q, &qs->cap, qs->n, sizeof *qs->q);
	q = &qs->q[qs->n++];
	memset(q, 0, sizeof *q);
	q->in = in;
	q->currency = currency;
	q->places = places;
	q->refundable = 1;
	return q;
}

/* The quote of this instance in this currency, among those from first. */
static struct quote *
quote_for(struct quotes *qs, size_t first, const struct inst *in,
    const char *currency, int places)
{
	size_t i;

	for (i = first; i < qs->n; i++)
		if (strcmp(qs->q[i].currency, currency) == 0)
			return &qs->q[i];
	return quotes_add(qs, in, currency, places);
}

static struct row_quote *
add_row(struct quote *q, const struct order *o)
{
	struct row_quote *r;

	q->rows = xgrow(q->rows, &q->cap, q->n, sizeof *q->rows);
	r = &q->rows[q->n++];
	memset(r, 0, sizeof *r);
	r->o = o;
	return r;
}

static int
round_to_minor(int64_t v, const struct order *o, const struct policy *p,
    int64_t *out)
{
	return money_div_round(v, 1, o->places, p->rounding, out);
}

static int
overflow(const struct order *o, const char *file, struct diag *d)
{
	diag_set(d, file, o->line, 0, "order %s: amounts too large to "
	    "compute a refund exactly", o->id);
	return -1;
}

void
refund_row_note(struct row_quote *r)
{
	if (r->o->payg)
		snprintf(r->note, sizeof r->note, "order %s is pay-as-you-go "
		    "(charge_type PayAsYouGo): nothing to refund; release the "
		    "instance instead", r->o->id);
	else if (r->o->no_refund)
		snprintf(r->note, sizeof r->note, "order %s was bought under "
		    "a no-refund promotion (no_refund: true)", r->o->id);
}

/* SPEC 5, rule 2: one Paid order row at time at. */
int
refund_row(const struct policy *p, struct row_quote *r, int64_t at,
    const char *file, struct diag *d)
{
	const struct order *o = r->o;
	money_wide num;
	int64_t left;

	/* no overflow, nor below 0: orders_add keeps the voucher within
	 * [0, paid] and both within MONEY_MAX */
	r->cash = o->paid - o->voucher;
	if (o->payg || o->no_refund) {
		r->rule = RULE_NOT_REFUNDABLE;
		return 0;
	}
	if (o->start == NO_TIME || o->end == NO_TIME) {
		diag_set(d, file, o->line, 0, "order %s: a paid subscription "
		    "needs period_start and period_end to be refunded", o->id);
		return -1;
	}
	if (at < o->start) {
		r->rule = RULE_NOT_STARTED;
		return round_to_minor(r->cash, o, p, &r->refund) < 0 ?
		    overflow(o, file, d) : 0;
	}
	if (at >= o->end) {
		r->rule = RULE_USED_UP;
		r->consumed = r->cash;
		return 0;
	}
	r->rule = RULE_PARTIAL;
	r->usage_days = (at - o->start + DAY - 1) / DAY;
	if (r->usage_days < 1)
		r->usage_days = 1;
	r->order_days = (o->end - o->start) / DAY;
	if (r->order_days < 1) {
		r->order_days = 1;
		r->short_period = 1;
	}
	r->step = policy_discount(p, r->usage_days);
	r->coef = r->usage_days < p->short_days ? p->short_coef : MONEY_ONE;
	/* gross x usage / order_days x rate x coef, all exact, rounded once */
	num = o->gross;
	if (__builtin_mul_overflow(num, r->usage_days, &num) ||
	    __builtin_mul_overflow(num, r->step->rate, &num) ||
	    __builtin_mul_overflow(num, r->coef, &num) ||
	    money_div_round(num, (money_wide)r->order_days * MONEY_ONE *
	    MONEY_ONE, o->places, p->rounding, &r->consumed) < 0)
		return overflow(o, file, d);
	left = r->cash - r->consumed;
	if (left < 0)
		left = 0;
	if (left > r->cash)
		left = r->cash;
	return round_to_minor(left, o, p, &r->refund) < 0 ?
	    overflow(o, file, d) : 0;
}

static int
quote_row(const struct policy *p, struct row_quote *r, int64_t at,
    const char *file, struct diag *d)
{
	if (refund_row(p, r, at, file, d) < 0)
		return -1;
	if (r->rule == RULE_NOT_REFUNDABLE)
		refund_row_note(r);
	return 0;
}

static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

void
refund_refusal(const struct policy *p, const char *unpaid,
    const struct rec *info, char *why, size_t n)
{
	const char *v;
	size_t i, len;

	*why = '\0';
	if (unpaid != NULL) {
		snprintf(why, n, "order %s of this instance is unpaid: "
		    "cancel it first", unpaid);
		return;
	}
	if (info == NULL)
		return;
	v = rec_get(info, "spot_strategy", &len);
	if (v != NULL && len > 0 && strcmp(v, "NoSpot") != 0) {
		snprintf(why, n, "a spot instance (spot_strategy %s) is not "
		    "refunded", v);
		return;
	}
	if ((v = rec_get(info, "os_name", &len)) == NULL)
		return;
	for (i = 0; i < p->nimages; i++)
		if (contains(v, p->images[i])) {
			snprintf(why, n, "its image is not refunded (os_name "
			    "\"%s\" is %s)", v, p->images[i]);
			return;
		}
}

/* Rule 1 for the whole instance: an unpaid order, a spot instance, an
 * image not refunded.  Empty when none holds. */
static void
refusal(const struct policy *p, const struct orders *os,
    const struct inst *in, const struct rec *info, char *why, size_t n)
{
	const char *unpaid = NULL;
	size_t i;

	for (i = in->first; i != NO_ORDER && unpaid == NULL;
	    i = os->o[i].next)
		if (os->o[i].status == OS_UNPAID && os->o[i].type != OT_REFUND)
			unpaid = os->o[i].id;
	refund_refusal(p, unpaid, info, why, n);
}

void
grants_note(struct grants *g, const struct quotes *qs, size_t first,
    size_t pos)
{
	size_t i, j;

	for (i = first; i < qs->n; i++)
		for (j = 0; j < qs->q[i].n; j++)
			if (qs->q[i].rows[j].rule == RULE_NO_REASON) {
				g->g = xgrow(g->g, &g->cap, g->n, sizeof *g->g);
				g->g[g->n].product = qs->q[i].rows[j].o->product;
				g->g[g->n++].pos = pos;
				return;
			}
}

void
grants_free(struct grants *g)
{
	free(g->g);
	memset(g, 0, sizeof *g);
}

/* The run's grants for this product before pos. */
static size_t
granted(const struct grants *g, const char *product, size_t pos)
{
	size_t i, n = 0;

	for (i = 0; g != NULL && i < g->n; i++)
		n += g->g[i].pos < pos && strcmp(g->g[i].product, product) == 0;
	return n;
}

void
refund_no_reason(const struct policy *p, const struct orders *os,
    struct quotes *qs, size_t first, int64_t at, const struct grants *g,
    size_t pos)
{
	struct row_quote *n = NULL;
	const struct order *o;
	int64_t year;
	size_t i, j, used;
	const char *by = NULL;

	for (i = first; i < qs->n && n == NULL; i++)
		for (j = 0; j < qs->q[i].n; j++)
			if (qs->q[i].rows[j].o->type == OT_NEW &&
			    qs->q[i].rows[j].rule != RULE_NOT_REFUNDABLE) {
				n = &qs->q[i].rows[j];
				break;
			}
	if (n == NULL)
		return;
	o = n->o;
	if ((p->no_reason_max_period > 0 &&
	    o->end - o->start > p->no_reason_max_period) ||
	    o->created == NO_TIME || at < o->created ||
	    at - o->created > p->no_reason_window)
		return;
	year = ts_year(at, p->tz_offset);
	used = granted(g, o->product, pos);
	for (i = 0; i < os->nused; i++)
		if (strcmp(os->used[i].product, o->product) == 0 &&
		    os->used[i].at != NO_TIME &&
		    ts_year(os->used[i].at, p->tz_offset) == year) {
			used++;
			by = os->used[i].id;
		}
	if ((int64_t)used >= p->no_reason_per_year) {
		snprintf(n->note, sizeof n->note, "the no-reason refund is "
		    "used up for %lld (%s%s): the partial rule applies",
		    (long long)year, by ? "Refund row " : "this run",
		    by ? by : "");
		return;
	}
	for (i = first; i < qs->n; i++)
		for (j = 0; j < qs->q[i].n; j++) {
			struct row_quote *r = &qs->q[i].rows[j];

			if (r->rule == RULE_NOT_REFUNDABLE ||
			    r->rule == RULE_NOT_STARTED)
				continue;
			r->rule = RULE_NO_REASON;
			r->refund = r->cash;
			r->consumed = 0;
		}
}

int
refund_sum(int64_t *sum, int64_t v, const struct order *o, const char *file,
    struct diag *d)
{
	struct buf most = BUF_INIT;

	if (money_add(sum, v) == 0)
		return 0;
	money_format(&most, INT64_MAX, 0);
	diag_set(d, file, o->line, 0, "instance %s: its orders add up to more "
	    "than %s%s%s, too much to compute exactly", o->instance,
	    buf_str(&most), *o->currency ? " " : "", o->currency);
	buf_free(&most);
	return -1;
}

int
refund_total(struct quote *q, const char *why, const char *file,
    struct diag *d)
{
	size_t i;

	if (*why) {
		q->refundable = 0;
		snprintf(q->reason, sizeof q->reason, "%s", why);
	}
	for (i = 0; i < q->n; i++) {
		struct row_quote *r = &q->rows[i];
		const char *name;

		if (!q->refundable) {
			r->rule = RULE_NOT_REFUNDABLE;
			r->refund = 0;
		}
		if (refund_sum(&q->cash, r->cash, r->o, file, d) < 0 ||
		    refund_sum(&q->consumed, r->consumed, r->o, file, d) < 0 ||
		    refund_sum(&q->refund, r->refund, r->o, file, d) < 0)
			return -1;
		name = rule_name(r->rule);
		if (r->rule == RULE_NOT_REFUNDABLE && q->refundable &&
		    q->reason[0] == '\0')
			snprintf(q->reason, sizeof q->reason, "%s", r->note);
		if (strstr(q->rule, name) == NULL &&
		    strlen(q->rule) + strlen(name) + 2 < sizeof q->rule) {
			if (q->rule[0])
				strcat(q->rule, "+");
			strcat(q->rule, name);
		}
	}
	if (q->n == 0)
		snprintf(q->rule, sizeof q->rule, "%s", !q->refundable ?
		    "not-refundable" : "none");
	if (!q->refundable)
		snprintf(q->rule, sizeof q->rule, "not-refundable");
	return 0;
}

int
refund_quote(const struct policy *p, const struct orders *os,
    const struct inst *in, const struct rec *info, int64_t at,
    const struct grants *g, size_t pos, struct quotes *qs, struct diag *d)
{
	char why[512];
	size_t i, first = qs->n;

	refusal(p, os, in, info, why, sizeof why);
	for (i = in->first; i != NO_ORDER; i = os->o[i].next) {
		const struct order *o = &os->o[i];
		struct quote *q;

		if (o->type == OT_REFUND || o->status != OS_PAID)
			continue;
		q = quote_for(qs, first, in, o->currency, o->places);
		if (quote_row(p, add_row(q, o), at, os->file, d) < 0)
			return -1;
	}
	if (qs->n == first) {
		struct quote *q = quote_for(qs, first, in, "", 2);

		if (*why == '\0')
			snprintf(q->reason, sizeof q->reason,
			    "no paid order of this instance is left to refund");
	}
	if (p->no_reason && *why == '\0')
		refund_no_reason(p, os, qs, first, at, g, pos);
	for (i = first; i < qs->n; i++)
		if (refund_total(&qs->q[i], why, os->file, d) < 0)
			return -1;
	return 0;
}
