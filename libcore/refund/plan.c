/*
 * order-cancel's decisions (plan.h): SPEC 4's state table, row by row.
 * An order row is answered once, by the first ID that reaches it; an
 * instance unsubscribed whole takes in the renewal an earlier ID had
 * planned alone.  The refund of every row is refund_quote's, the engine
 * refund-quote prints, and the no-reason quota is shared as it shares it.
 * Some 580 lines: one state table, its rows and the checks around them,
 * read top to bottom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "records/recmap.h"
#include "refund/orders.h"
#include "refund/plan.h"
#include "select/idset.h"
#include "values/ident.h"
#include "values/shq.h"
#include "values/ts.h"

/* What is planned for an instance so far: refund rows, one of them
 * unsubscribing it whole (not just a renewal not started).  Kept per
 * instance, like each row's answer, so that planning many IDs never looks
 * through all that is planned. */
enum { PLANNED_REFUND = 1, PLANNED_WHOLE = 2 };

static unsigned char *
planned(struct plan *p, const struct inst *in)
{
	return &p->planned[in - p->in.os->in];
}

static struct plan_row *
find_row(struct plan *p, size_t oi)
{
	return p->row_of[oi] ? &p->rows[p->row_of[oi] - 1] : NULL;
}

/* row_of again, after rows were taken out: the first answer of a row. */
static void
index_rows(struct plan *p)
{
	size_t i;

	memset(p->row_of, 0, p->in.os->n * sizeof *p->row_of);
	for (i = 0; i < p->n; i++)
		if (p->row_of[p->rows[i].oi] == 0)
			p->row_of[p->rows[i].oi] = i + 1;
}

static struct plan_row *
add_row(struct plan *p, size_t oi, enum plan_action action)
{
	struct plan_row *a;

	p->rows = xgrow(p->rows, &p->cap, p->n, sizeof *p->rows);
	a = &p->rows[p->n++];
	memset(a, 0, sizeof *a);
	a->oi = oi;
	a->action = action;
	if (p->row_of[oi] == 0)
		p->row_of[oi] = p->n;
	return a;
}

static void
refuse(struct plan *p, size_t oi, const char *fmt, const char *arg)
{
	struct plan_row *a;

	if (find_row(p, oi) != NULL)	/* answered already: an order and */
		return;			/* its instance were both given */
	a = add_row(p, oi, PLAN_REFUSED);
	snprintf(a->reason, sizeof a->reason, fmt, arg);
}

/* Another unpaid order of the instance, or NULL. */
static const struct order *
unpaid_other(struct plan *p, const struct inst *in, size_t except)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = p->in.os->o[i].next)
		if (i != except && p->in.os->o[i].status == OS_UNPAID &&
		    p->in.os->o[i].type != OT_REFUND)
			return &p->in.os->o[i];
	return NULL;
}

/* What the records on standard input, then the instances file, say of
 * an instance, into p->info: bits 1 << FACT_ of the facts found. */
static unsigned
facts(struct plan *p, const struct inst *in)
{
	const struct recmap *maps[2] = { p->in.piped, p->in.inst };

	return recmap_fields(maps, 2, in->id, refund_facts, NFACTS,
	    &p->info);
}

/* Say which rules could not be checked for an instance, for want of
 * which of its fields. */
static void
note_unchecked(struct plan *p, const struct inst *in, unsigned missing)
{
	struct buf fields = BUF_INIT, rules = BUF_INIT;

	refund_unchecked(&fields, &rules, missing);
	buf_addf(&p->notes, "%s: no %s for it on standard input or in the "
	    "instances file: %s were not checked\n", in->id,
	    buf_str(&fields), buf_str(&rules));
	buf_free(&fields);
	buf_free(&rules);
}

/* What is known of the instance lets it go: 0, or refused with the
 * reason.  With nothing known of any instance, p->unchecked says so. */
static int
instance_checks(struct plan *p, const struct inst *in, size_t oi)
{
	unsigned got = facts(p, in), all = (1u << NFACTS) - 1;
	const char *v;

	if (p->in.inst == NULL && (p->in.piped == NULL ||
	    p->in.piped->rs.n == 0)) {
		p->unchecked = 1;
		return 0;
	}
	if (got == 0 && p->in.inst != NULL && !p->in.force &&
	    recmap_get(p->in.inst, in->id) == NULL) {
		refuse(p, oi, "%s is not in the instances file: its deletion "
		    "protection and status cannot be checked (--force to go "
		    "on)", in->id);
		return -1;
	}
	if ((v = rec_get(&p->info, "deletion_protection", NULL)) != NULL &&
	    strcasecmp(v, "true") == 0) {
		refuse(p, oi, "%s has deletion protection on: it is never "
		    "unsubscribed here", in->id);
		return -1;
	}
	if ((v = rec_get(&p->info, "status", NULL)) != NULL &&
	    strcasecmp(v, "Running") == 0 && !p->in.force) {
		refuse(p, oi, "%s is Running: make sure no live business "
		    "runs on it, stop it, or give --force", in->id);
		return -1;
	}
	if (got != all)
		note_unchecked(p, in, all & ~got);
	return 0;
}

/* Is id taken by a row of the instance, in the file or planned?  (Only
 * an instance with refund rows planned has any among them.) */
static int
refund_id_taken(struct plan *p, const struct inst *in, const char *id)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = p->in.os->o[i].next)
		if (strcmp(p->in.os->o[i].id, id) == 0)
			return 1;
	for (i = 0; (*planned(p, in) & PLANNED_REFUND) && i < p->nrefunds; i++)
		if (strcmp(p->refunds[i].id, id) == 0)
			return 1;
	return 0;
}

/*
 * R, the instance id and the time.  A second Refund row of the instance
 * at that time (another currency, another renewal refunded alone, or a
 * run before this one in the same second) adds the currency, then a
 * number: each has its own id, which is its call's ClientToken.
 */
static void
refund_id(struct plan *p, const struct inst *in, const char *currency,
    char *out, size_t n)
{
	char t[TS_BUFSZ], digits[16];
	size_t i, k = 0;

	ts_format(p->in.at, t);
	for (i = 0; t[i] && k < sizeof digits - 1; i++)
		if (t[i] >= '0' && t[i] <= '9')
			digits[k++] = t[i];
	digits[k] = '\0';
	snprintf(out, n, "R%s%s", in->id, digits);
	for (k = 0; k <= p->nrefunds + in->n && refund_id_taken(p, in, out);
	    k++)
		if (k == 0)
			snprintf(out, n, "R%s%s-%s", in->id, digits, currency);
		else
			snprintf(out, n, "R%s%s-%s-%zu", in->id, digits,
			    currency, k + 1);
}

static struct plan_refund *
add_refund_row(struct plan *p, const struct inst *in, const struct quote *q,
    size_t oi)
{
	struct plan_refund *r;

	p->refunds = xgrow(p->refunds, &p->caprefunds, p->nrefunds,
	    sizeof *p->refunds);
	r = &p->refunds[p->nrefunds];
	memset(r, 0, sizeof *r);
	refund_id(p, in, q->currency, r->id, sizeof r->id);
	p->nrefunds++;
	*planned(p, in) |= PLANNED_REFUND;
	r->oi = oi;
	r->currency = q->currency;
	r->places = q->places;
	return r;
}

/* A command line of the aliyun client: its words, each quoted for sh(1)
 * as it needs, so that a receipt's api_call piped to sh runs nothing
 * else. */
static char *
api_call(const char *const *words, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "aliyun");
	for (i = 0; i < n; i++) {
		buf_addc(&b, ' ');
		shq_add(&b, words[i]);
	}
	buf_str(&b);	/* NUL-terminated */
	return b.p;
}

static int
refund_act(struct plan *p, const struct row_quote *rq,
    struct plan_refund *rr, const struct inst *in)
{
	const char *words[] = { "bssopenapi", "RefundInstance", "--ProductCode",
	    rq->o->product, "--InstanceId", in->id, "--ClientToken", rr->id };
	struct plan_row *a;
	char q[QUOTE_MAX];

	if (!ident_ok(rr->id, strlen(rr->id))) {
		diag_set(p->d, NULL, 0, 0, "instance %s: its Refund row's "
		    "order_id %s would not be an id (" IDENT_RULE ")", in->id,
		    diag_quote(q, rr->id, strlen(rr->id)));
		return -1;
	}
	if (refund_sum(&rr->refund, rq->refund, rq->o, p->in.os->file,
	    p->d) < 0)
		return -1;
	a = add_row(p, (size_t)(rq->o - p->in.os->o), PLAN_REFUND);
	a->refund = rq->refund;
	snprintf(a->rule, sizeof a->rule, "%s", rule_name(rq->rule));
	/* one call refunds them all: on the Refund row's first order */
	if (rr->related.len == 0)
		a->api = api_call(words, sizeof words / sizeof words[0]);
	if (rr->related.len)
		buf_addc(&rr->related, ';');
	buf_adds(&rr->related, rq->o->id);
	return 0;
}

static int
quote(struct plan *p, const struct inst *in)
{
	quotes_clear(&p->qs);
	facts(p, in);
	return refund_quote(p->in.pol, p->in.os, in, &p->info, p->in.at,
	    &p->grants, SIZE_MAX, &p->qs, p->d);
}

/* A renewal not started yet: refunded alone, in full. */
static int
answer_renewal(struct plan *p, const struct inst *in, size_t oi)
{
	size_t i, j;

	if (quote(p, in) < 0)
		return -1;
	for (i = 0; i < p->qs.n; i++)
		for (j = 0; j < p->qs.q[i].n; j++) {
			const struct row_quote *rq = &p->qs.q[i].rows[j];
			struct plan_refund *rr;

			if ((size_t)(rq->o - p->in.os->o) != oi)
				continue;
			if (!p->qs.q[i].refundable) {
				refuse(p, oi, "%s", p->qs.q[i].reason);
				return 0;
			}
			rr = add_refund_row(p, in, &p->qs.q[i], oi);
			snprintf(rr->rule, sizeof rr->rule, "not-started");
			return refund_act(p, rq, rr, in);
		}
	refuse(p, oi, "%s", "nothing to refund");
	return 0;
}

/* Unsubscribing the whole instance takes in a renewal planned alone. */
static void
drop_renewals(struct plan *p, const struct inst *in)
{
	size_t i, k = 0;

	if ((*planned(p, in) & PLANNED_REFUND) == 0)
		return;
	*planned(p, in) = 0;
	for (i = 0; i < p->n; i++)
		if (p->rows[i].action != PLAN_REFUND || strcmp(p->in.os->o[
		    p->rows[i].oi].instance, in->id) != 0)
			p->rows[k++] = p->rows[i];
		else
			free(p->rows[i].api);
	p->n = k;
	index_rows(p);
	for (i = k = 0; i < p->nrefunds; i++)
		if (strcmp(p->in.os->o[p->refunds[i].oi].instance,
		    in->id) != 0)
			p->refunds[k++] = p->refunds[i];
		else
			buf_free(&p->refunds[i].related);
	p->nrefunds = k;
}

/* Is anything of the quotes refundable at all?  Else, why not. */
static const char *
nothing_refundable(const struct quotes *qs)
{
	size_t i, j;

	for (i = 0; i < qs->n; i++) {
		if (!qs->q[i].refundable || qs->q[i].n == 0)
			return qs->q[i].reason;
		for (j = 0; j < qs->q[i].n; j++)
			if (qs->q[i].rows[j].rule != RULE_NOT_REFUNDABLE)
				return NULL;
	}
	return qs->n ? qs->q[0].rows[0].note : "nothing to refund";
}

/* The whole instance: every paid row refunded by the engine's quote
 * (pay-as-you-go rows, having nothing to refund, are left alone). */
static int
answer_instance(struct plan *p, const struct inst *in, size_t oi)
{
	const struct order *u;
	const char *why;
	size_t i, j, k;

	if (*planned(p, in) & PLANNED_WHOLE)
		return 0;
	if (oi == NO_ORDER) {	/* asked by instance: answer on a paid row */
		oi = in->first;
		for (i = in->first; i != NO_ORDER; i = p->in.os->o[i].next)
			if (p->in.os->o[i].status == OS_PAID) {
				oi = i;
				break;
			}
	}
	if ((u = unpaid_other(p, in, oi)) != NULL) {
		refuse(p, oi, "order %s of this instance is unpaid: cancel "
		    "it first", u->id);
		return 0;
	}
	if (instance_checks(p, in, oi) < 0)
		return 0;
	drop_renewals(p, in);
	if (quote(p, in) < 0)
		return -1;
	if ((why = nothing_refundable(&p->qs)) != NULL) {
		refuse(p, oi, "%s", why);
		return 0;
	}
	for (i = 0; i < p->qs.n; i++) {
		const struct quote *q = &p->qs.q[i];
		struct plan_refund *rr = add_refund_row(p, in, q, oi);

		snprintf(rr->rule, sizeof rr->rule, "%s", q->rule);
		if (strcmp(rr->rule, "not-started") != 0)
			*planned(p, in) |= PLANNED_WHOLE;
		for (j = 0; j < q->n; j++) {
			k = (size_t)(q->rows[j].o - p->in.os->o);
			if (!q->rows[j].o->payg && find_row(p, k) == NULL &&
			    refund_act(p, &q->rows[j], rr, in) < 0)
				return -1;
		}
	}
	grants_note(&p->grants, &p->qs, 0, p->grants.n);
	return 0;
}

static int answer_row(struct plan *, size_t);

/* An instance with no paid order: what its orders say (already refunded,
 * already cancelled, or an unpaid one to cancel). */
static int
answer_unpaid(struct plan *p, const struct inst *in)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = p->in.os->o[i].next)
		if (p->in.os->o[i].type != OT_REFUND && answer_row(p, i) < 0)
			return -1;
	return 0;
}

static int
has_paid(const struct plan *p, const struct inst *in)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = p->in.os->o[i].next)
		if (p->in.os->o[i].status == OS_PAID &&
		    p->in.os->o[i].type != OT_REFUND)
			return 1;
	return 0;
}

static int
answer_row(struct plan *p, size_t oi)
{
	const struct order *o = &p->in.os->o[oi];
	const struct inst *in = orders_instance(p->in.os, o->instance,
	    strlen(o->instance));
	const struct order *u;
	struct plan_row *a;

	if (find_row(p, oi) != NULL)
		return 0;
	if (!p->in.selected[oi]) {
		a = add_row(p, oi, PLAN_NONE);
		snprintf(a->reason, sizeof a->reason, "not selected by --where");
		return 0;
	}
	switch (o->status) {
	case OS_CANCELLED:
	case OS_REFUNDED:
		a = add_row(p, oi, PLAN_NONE);
		a->done = 1;
		snprintf(a->reason, sizeof a->reason, "already %s",
		    o->status == OS_CANCELLED ? "cancelled" : "refunded");
		return 0;
	case OS_UNPAID: {
		const char *words[] = { "bssopenapi", "CancelOrder", "--OrderId",
		    o->id };

		a = add_row(p, oi, PLAN_CANCEL);
		a->api = api_call(words, sizeof words / sizeof words[0]);
		return 0;
	}
	case OS_PAID:
		break;
	default:
		refuse(p, oi, "status \"%s\" is none of Unpaid, Paid, "
		    "Cancelled, Refunded", o->status_name);
		return 0;
	}
	if (o->type == OT_REFUND) {
		a = add_row(p, oi, PLAN_NONE);
		a->done = 1;
		snprintf(a->reason, sizeof a->reason, "a Refund row: already "
		    "refunded");
	} else if (o->payg)
		refuse(p, oi, "%s", "pay-as-you-go: nothing to refund; "
		    "release the instance instead");
	else if ((u = unpaid_other(p, in, oi)) != NULL)
		refuse(p, oi, "order %s of this instance is unpaid: cancel it "
		    "first", u->id);
	else if (o->type == OT_UPGRADE)
		refuse(p, oi, "%s", "an upgrade is refunded only with its "
		    "instance: give the instance or its New order");
	else if (o->type == OT_RENEW && o->start != NO_TIME &&
	    p->in.at < o->start)
		return answer_renewal(p, in, oi);
	else
		return answer_instance(p, in, oi);
	return 0;
}

/*
 * The rows of the book each ID names as an order_id, in book order:
 * first[i] is ID i's first row, next[j] the one after row j (NO_ORDER
 * ends).  One pass, looking each row's order_id up in the IDs.
 */
static void
rows_of_ids(struct plan *p, struct idset *ids, struct idset *wanted,
    size_t *first, size_t *next)
{
	const struct order *o;
	struct id *id;
	size_t i, j;

	for (i = 0; i < ids->n; i++)
		first[i] = NO_ORDER;
	for (j = p->in.os->n; j-- > 0;) {
		o = &p->in.os->o[j];
		next[j] = NO_ORDER;
		if ((id = idset_find(ids, o->id, strlen(o->id))) == NULL ||
		    idset_find(wanted, o->instance, strlen(o->instance)) ==
		    NULL)
			continue;
		i = (size_t)(id - ids->ids);
		next[j] = first[i];
		first[i] = j;
	}
}

int
plan_make(struct plan *p, const struct plan_input *in, struct idset *ids,
    struct idset *wanted, struct diag *d)
{
	size_t *first = xcalloc(ids->n + 1, sizeof *first);
	size_t *next = xcalloc(in->os->n + 1, sizeof *next);
	const struct inst *inst;
	size_t i, j;
	int rc = 0;

	memset(p, 0, sizeof *p);
	p->in = *in;
	p->d = d;
	p->row_of = xcalloc(in->os->n + 1, sizeof *p->row_of);
	p->planned = xcalloc(in->os->nin + 1, sizeof *p->planned);
	rows_of_ids(p, ids, wanted, first, next);
	for (i = 0; i < ids->n && rc == 0; i++) {
		for (j = first[i]; j != NO_ORDER && rc == 0; j = next[j])
			rc = answer_row(p, j);
		if (rc < 0 || first[i] != NO_ORDER ||
		    (inst = orders_instance(in->os, ids->ids[i].s,
		    ids->ids[i].len)) == NULL)
			continue;
		rc = has_paid(p, inst) ? answer_instance(p, inst, NO_ORDER) :
		    answer_unpaid(p, inst);
	}
	free(first);
	free(next);
	return rc;
}

size_t
plan_changes(const struct plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += p->rows[i].action == PLAN_CANCEL ||
		    p->rows[i].action == PLAN_REFUND;
	return n;
}

int
plan_refused(const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->rows[i].action == PLAN_REFUSED)
			return 1;
	return 0;
}

void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nrefunds; i++)
		buf_free(&p->refunds[i].related);
	free(p->refunds);
	for (i = 0; i < p->n; i++)
		free(p->rows[i].api);
	free(p->rows);
	free(p->row_of);
	free(p->planned);
	quotes_free(&p->qs);
	grants_free(&p->grants);
	rec_free(&p->info);
	buf_free(&p->notes);
	memset(p, 0, sizeof *p);
}
