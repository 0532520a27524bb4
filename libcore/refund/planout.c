/*
 * What a plan (plan.h) turns into, each read off its one list of answers:
 * the receipts order-cancel prints, the values the ledger's records take,
 * the Refund rows it gains, and the journal's lines.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "ledger/journal.h"
#include "records/out.h"
#include "refund/orders.h"
#include "refund/plan.h"
#include "values/money.h"
#include "values/ts.h"

const char *const plan_receipt_cols[PLAN_RECEIPT_COLS] = { "order_id",
	"instance_id", "action", "status_before", "status_after",
	"refund_amount", "currency", "refund_rule", "reason", "api_call", "at",
	"ledger" };

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
	char t[TS_BUFSZ];

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
	rec_adds(out, "at", ts_format(p->in.at, t));
	rec_adds(out, "ledger", p->in.os->file);
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

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* How many distinct instances the rows that change are of: sorted, so
 * that many IDs cost n log n, not n squared. */
static size_t
instances_changed(const struct plan *p)
{
	const char **id = xcalloc(p->n + 1, sizeof *id);
	size_t i, k = 0, n = 0;

	for (i = 0; i < p->n; i++)
		if (p->rows[i].action == PLAN_CANCEL ||
		    p->rows[i].action == PLAN_REFUND)
			id[k++] = order_of(p, &p->rows[i])->instance;
	qsort(id, k, sizeof *id, by_text);
	for (i = 0; i < k; i++)
		n += i == 0 || strcmp(id[i - 1], id[i]) != 0;
	free(id);
	return n;
}

static const char *
plural(size_t n, const char *one, const char *more)
{
	return n == 1 ? one : more;
}

void
plan_summary(const struct plan *p, int done, struct buf *b)
{
	size_t count[4] = { 0, 0, 0, 0 }, already = 0, i, j, k, nin, nc = 0;
	size_t changes = plan_changes(p), *first;

	for (i = 0; i < p->n; i++) {
		count[p->rows[i].action]++;
		already += p->rows[i].done;
	}
	if (changes == 0) {
		buf_addf(b, "no order to change: %zu refused, %zu already "
		    "done", count[PLAN_REFUSED], already);
		return;
	}
	nin = instances_changed(p);
	buf_addf(b, "%zu %s of %zu %s %s (%zu cancelled, %zu refunded), "
	    "%zu refused, %zu already done; ", changes, plural(changes,
	    "order", "orders"), nin, plural(nin, "instance", "instances"),
	    done ? "changed" : "would change", count[PLAN_CANCEL], count[PLAN_REFUND],
	    count[PLAN_REFUSED], already);
	if (p->nrefunds == 0) {
		buf_adds(b, "no refund");
		return;
	}
	buf_adds(b, "refund ");
	/* per currency, in the order they first come, never added up; the
	 * currencies are few, the refunds may be many */
	first = xcalloc(p->nrefunds, sizeof *first);
	for (i = 0; i < p->nrefunds; i++) {
		for (k = 0; k < nc; k++)
			if (strcmp(p->refunds[first[k]].currency,
			    p->refunds[i].currency) == 0)
				break;
		if (k == nc)
			first[nc++] = i;
	}
	for (k = 0; k < nc; k++) {
		int64_t sum = 0;
		int fits = 1;

		i = first[k];
		for (j = i; j < p->nrefunds; j++)
			if (strcmp(p->refunds[j].currency,
			    p->refunds[i].currency) == 0)
				fits &= money_add(&sum,
				    p->refunds[j].refund) == 0;
		if (k > 0)
			buf_adds(b, ", ");
		if (fits)
			money_format(b, sum, p->refunds[i].places);
		else
			buf_adds(b, "too much to add up in");
		buf_addf(b, " %s", p->refunds[i].currency);
	}
	free(first);
}

/* Text for a comment of a sh script: one line, printable ASCII. */
static void
comment_text(struct out *o, const char *s)
{
	for (; *s; s++)
		out_putc(o, *s >= 0x20 && *s < 0x7f ? *s : '?');
}

/* The Refund row whose call row i of the plan makes, or NULL. */
static const struct plan_refund *
refund_of(const struct plan *p, const struct plan_row *r)
{
	const struct order *o = order_of(p, r);
	size_t j, n = strlen(o->id);

	for (j = 0; j < p->nrefunds; j++) {
		const struct plan_refund *rr = &p->refunds[j];

		if (strcmp(p->in.os->o[rr->oi].instance, o->instance) == 0 &&
		    rr->related.len >= n && memcmp(rr->related.p, o->id,
		    n) == 0 && (rr->related.len == n ||
		    rr->related.p[n] == ';'))
			return rr;
	}
	return NULL;
}

void
plan_script(struct out *o, const struct plan *p)
{
	struct buf b = BUF_INIT;
	char t[TS_BUFSZ];
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += p->rows[i].api != NULL;
	out_puts(o, "#!/bin/sh\n# The cloud calls of order-cancel at ");
	out_puts(o, ts_format(p->in.at, t));
	out_puts(o, " on ");
	comment_text(o, p->in.os->file);
	out_puts(o, ",\n# each action once.  Each RefundInstance carries its "
	    "Refund row's order_id\n# as ClientToken, so running this again "
	    "asks for no second refund;\n# cancelling an order cancelled "
	    "already fails, and is counted.\nset -eu\nfailed=0\n");
	for (i = 0; i < p->n; i++) {
		const struct plan_row *r = &p->rows[i];
		const struct order *ord = order_of(p, r);
		const struct plan_refund *rr;

		if (r->api == NULL)
			continue;
		out_puts(o, "# ");
		if (r->action == PLAN_REFUND && (rr = refund_of(p, r)) !=
		    NULL) {
			buf_reset(&b);
			money_format(&b, rr->refund, rr->places);
			out_puts(o, "instance ");
			comment_text(o, ord->instance);
			out_puts(o, ": refund ");
			comment_text(o, buf_str(&b));
			out_putc(o, ' ');
			comment_text(o, rr->currency);
			out_puts(o, ", orders ");
			comment_text(o, buf_str((struct buf *)&rr->related));
		} else {
			out_puts(o, "order ");
			comment_text(o, ord->id);
			out_puts(o, " of ");
			comment_text(o, ord->instance);
			out_puts(o, ": cancel");
		}
		out_putc(o, '\n');
		out_puts(o, r->api);
		out_puts(o, " || failed=$((failed + 1))\n");
	}
	buf_reset(&b);
	buf_addf(&b, "%zu", n);
	out_puts(o, "if [ \"$failed\" -gt 0 ]; then\n\techo \"$0: $failed of ");
	out_puts(o, buf_str(&b));
	out_puts(o, " calls failed\" >&2\n\texit 1\nfi\n");
	buf_free(&b);
}
