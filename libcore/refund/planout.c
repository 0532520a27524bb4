/*
 * What a plan (plan.h) turns into, each read off its one list of answers:
 * the receipts order-cancel prints, the values the ledger's records take,
 * the Refund rows it gains, and the journal's lines.
 */
#include <string.h>

#include "base/buf.h"
#include "ledger/journal.h"
#include "refund/orders.h"
#include "refund/plan.h"
#include "values/money.h"
#include "values/ts.h"

const char *const plan_receipt_cols[PLAN_RECEIPT_COLS] = { "order_id",
	"instance_id", "action", "status_before", "status_after",
	"refund_amount", "currency", "refund_rule", "reason", "api_call" };

static const char *const action_name[] = { "cancel", "refund", "none",
	"refused" };

static const struct order *
order_of(const struct plan *p, const struct plan_row *r)
{
	return &p->in.os->o[r->oi];
}

const char *
plan_status_after(const struct plan *p, const struct plan_row *r)
{
	switch (r->action) {
	case PLAN_CANCEL: return "Cancelled";
	case PLAN_REFUND: return "Refunded";
	default: return order_of(p, r)->status_name;
	}
}

/* The refund of row r as text, into b (empty unless it is refunded). */
static const char *
refund_text(const struct plan *p, const struct plan_row *r, struct buf *b)
{
	buf_reset(b);
	if (r->action == PLAN_REFUND)
		money_format(b, r->refund, order_of(p, r)->places);
	return buf_str(b);
}

void
plan_receipt(const struct plan *p, size_t i, struct rec *out)
{
	const struct plan_row *r = &p->rows[i];
	const struct order *o = order_of(p, r);
	struct buf b = BUF_INIT;

	rec_clear(out);
	rec_adds(out, "order_id", o->id);
	rec_adds(out, "instance_id", o->instance);
	rec_adds(out, "action", action_name[r->action]);
	rec_adds(out, "status_before", o->status_name);
	rec_adds(out, "status_after", plan_status_after(p, r));
	rec_adds(out, "refund_amount", refund_text(p, r, &b));
	rec_adds(out, "currency", o->currency);
	rec_adds(out, "refund_rule", r->rule);
	rec_adds(out, "reason", r->reason);
	rec_adds(out, "api_call", r->api ? r->api : "");
	buf_free(&b);
}

size_t
plan_edit(const struct plan *p, size_t i, struct rec *sets)
{
	const struct plan_row *r = &p->rows[i];
	char t[TS_BUFSZ];
	struct buf b = BUF_INIT;

	rec_clear(sets);
	if (r->action != PLAN_CANCEL && r->action != PLAN_REFUND)
		return order_of(p, r)->recno;
	rec_adds(sets, "status", plan_status_after(p, r));
	if (r->action == PLAN_REFUND) {
		rec_adds(sets, "refund_rule", r->rule);
		rec_adds(sets, "refund_amount", refund_text(p, r, &b));
		rec_adds(sets, "refunded_at", ts_format(p->in.at, t));
	}
	buf_free(&b);
	return order_of(p, r)->recno;
}

void
plan_refund_record(const struct plan *p, size_t j, struct rec *out)
{
	const struct plan_refund *rr = &p->refunds[j];
	const struct order *o = &p->in.os->o[rr->oi];
	char t[TS_BUFSZ];
	struct buf b = BUF_INIT;

	rec_clear(out);
	rec_adds(out, "order_id", rr->id);
	rec_adds(out, "instance_id", o->instance);
	rec_add(out, "related_order_id", rr->related.p ? rr->related.p : "",
	    rr->related.len);
	rec_adds(out, "product", o->product);
	rec_adds(out, "order_type", "Refund");
	rec_adds(out, "status", "Refunded");
	rec_adds(out, "created_at", ts_format(p->in.at, t));
	money_format(&b, -rr->refund, rr->places);
	rec_adds(out, "paid_amount", buf_str(&b));
	rec_adds(out, "currency", rr->currency);
	if (*o->region)
		rec_adds(out, "region", o->region);
	rec_adds(out, "refund_rule", rr->rule);
	buf_free(&b);
}

size_t
plan_journal(const struct plan *p, struct change *c, struct buf *amt)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++) {
		const struct plan_row *r = &p->rows[i];
		const struct order *o = order_of(p, r);

		if (r->action != PLAN_CANCEL && r->action != PLAN_REFUND)
			continue;
		c[n].order_id = o->id;
		c[n].instance_id = o->instance;
		c[n].before = o->status_name;
		c[n].after = plan_status_after(p, r);
		c[n].refund_amount = refund_text(p, r, &amt[n]);
		c[n].currency = o->currency;
		c[n].refund_rule = r->rule;
		c[n].api_call = r->api;
		n++;
	}
	for (i = 0; i < p->nrefunds; i++) {
		const struct plan_refund *rr = &p->refunds[i];

		buf_reset(&amt[n]);
		money_format(&amt[n], rr->refund, rr->places);
		c[n].order_id = rr->id;
		c[n].instance_id = p->in.os->o[rr->oi].instance;
		c[n].before = "";
		c[n].after = "Refunded";
		c[n].refund_amount = buf_str(&amt[n]);
		c[n].currency = rr->currency;
		c[n].refund_rule = rr->rule;
		c[n].api_call = "";
		n++;
	}
	return n;
}
