/*
 * Every instance quoted in one sweep, from sums (sweep.h).  Each
 * instance keeps its id, where its rows' ids are, and per currency the
 * sums of its Paid rows and the rules they fall under; the ids are kept
 * as entries (a tag byte, the id, a NUL) in segments of one buffer, a
 * segment growing in place while the instance's rows follow each other,
 * as they mostly do.  Under the no-reason rule a currency also keeps
 * what that rule looks at (sweep_quota); the instances are found by an
 * index of their own.  Some 600 lines, one unit: the layout of the
 * entries and sums is read and written only here, and the quote made
 * from them must stay refund_quote's, step for step.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/xalloc.h"
#include "refund/policy.h"
#include "refund/refund.h"
#include "refund/sweep.h"

#define NONE		UINT32_MAX
#define TAG_OTHER	0	/* a row the quote does not list */
#define TAG_UNPAID	1	/* an unpaid order: the instance is refused */
#define TAG_QUOTED	2	/* + 3 x the currency's place + kind */
#define MAX_CURS	80	/* currencies of an instance: tags fit a byte */
#define HEAD		(sizeof(uint64_t) + sizeof(uint32_t))

/* An instance's Paid rows in one currency: their sums, and the rules
 * they fall under in the order they first come. */
struct sweep_cur {
	const char	*currency;
	int64_t		 cash, consumed, refund;
	uint32_t	 next;		/* the instance's next currency */
	uint32_t	 quota;		/* its sweep_quota, or NONE */
	unsigned char	 places, nrules, rules[4];
};

/* What the no-reason rule (cn) needs besides: each rule's sums and the
 * product of its first row, in the order of sweep_cur.rules, and the
 * first New row not refused, whose window and period the rule checks. */
struct sweep_quota {
	int64_t		 sum[4][3];	/* cash, consumed, refund */
	const char	*product[4];
	int64_t		 created, start, end;
	const char	*new_product;
	unsigned char	 new_rule, have_new;
};

struct sweep_inst {
	struct inst	 in;		/* its id; rows are not kept */
	uint64_t	 first, last;	/* its segments in sweep.ids */
	uint64_t	 hash;		/* of its id */
	uint32_t	 cur;		/* its first currency */
	uint32_t	 len;		/* of its id */
};

static const struct order nobody = { .id = "", .instance = "",
	.currency = "" };

void
sweep_init(struct sweep *sw, const struct policy *p, int64_t at,
    const char *file)
{
	memset(sw, 0, sizeof *sw);
	sw->pol = p;
	sw->at = at;
	snprintf(sw->os.file, sizeof sw->os.file, "%s", file);
	buf_addc(&sw->ids, '\0');	/* offset 0: no segment */
}

/*
 * The index of the instances: open addressing, kept at most half full,
 * each slot the high half of the id's hash beside 1 + the instance's
 * place (0 when free), so that a step of a look-up touches one word,
 * not the instance nor its id, unless the hashes are the same.  Not
 * hindex: its slots are a whole hash and a place, two words, twice
 * these, and the instances of a sweep are the most a command indexes
 * (400,000 at 4x; its peak must stay under half DuckDB's).
 */
#define SLOT_TAG(h)	((h) & ~(uint64_t)UINT32_MAX)

static void
index_put(uint64_t *slot, size_t nslot, uint64_t h, size_t i)
{
	size_t j;

	for (j = h & (nslot - 1); slot[j] != 0; j = (j + 1) & (nslot - 1))
		;
	slot[j] = SLOT_TAG(h) | (i + 1);
}

static void
index_grow(struct sweep *sw)
{
	size_t i, n = sw->nslot ? 2 * sw->nslot : 1024;

	free(sw->slot);
	sw->slot = xcalloc(n, sizeof *sw->slot);
	sw->nslot = n;
	for (i = 0; i < sw->nin; i++)
		index_put(sw->slot, n, sw->in[i].hash, i);
}

/* The instance of a row, added when new: most often the row before's;
 * NULL when there are more than the index holds. */
static struct sweep_inst *
instance(struct sweep *sw, const char *s, size_t n)
{
	struct sweep_inst *si;
	uint64_t h;
	size_t j;

	if (sw->nin > 0) {
		si = &sw->in[sw->last];
		if (si->len == n && memcmp(si->in.id, s, n) == 0)
			return si;
	}
	if (sw->nin >= UINT32_MAX - 1)
		return NULL;
	if (2 * (sw->nin + 1) > sw->nslot)
		index_grow(sw);
	h = hash_bytes(s, n);
	for (j = h & (sw->nslot - 1); sw->slot[j] != 0;
	    j = (j + 1) & (sw->nslot - 1)) {
		if (SLOT_TAG(sw->slot[j]) != SLOT_TAG(h))
			continue;
		si = &sw->in[(sw->slot[j] & UINT32_MAX) - 1];
		if (si->len == n && memcmp(si->in.id, s, n) == 0) {
			sw->last = (size_t)(si - sw->in);
			return si;
		}
	}
	sw->in = xgrow(sw->in, &sw->capin, sw->nin, sizeof *sw->in);
	si = &sw->in[sw->nin];
	memset(si, 0, sizeof *si);
	si->in.id = arena_dup(&sw->os.text, s, n);
	si->hash = h;
	si->len = (uint32_t)n;
	si->in.first = si->in.last = NO_ORDER;
	si->cur = NONE;
	sw->slot[j] = SLOT_TAG(h) | (sw->nin + 1);
	sw->last = sw->nin++;
	return si;
}

static uint32_t
seg_len(const struct sweep *sw, uint64_t off)
{
	uint32_t n;

	memcpy(&n, sw->ids.p + off + sizeof(uint64_t), sizeof n);
	return n;
}

static uint64_t
seg_next(const struct sweep *sw, uint64_t off)
{
	uint64_t next;

	memcpy(&next, sw->ids.p + off, sizeof next);
	return next;
}

/* An entry for a row of the instance: in place at the end of its last
 * segment when that is the buffer's end, else in a new one. */
static void
add_entry(struct sweep *sw, struct sweep_inst *si, unsigned char tag,
    const char *id, size_t n)
{
	uint64_t off = sw->ids.len, zero = 0;
	uint32_t len;

	if (si->last != 0 && (len = seg_len(sw, si->last)) < UINT32_MAX -
	    n - 2 && si->last + HEAD + len == sw->ids.len) {
		len += (uint32_t)(n + 2);
		memcpy(sw->ids.p + si->last + sizeof(uint64_t), &len,
		    sizeof len);
	} else {
		len = (uint32_t)(n + 2);
		buf_add(&sw->ids, &zero, sizeof zero);
		buf_add(&sw->ids, &len, sizeof len);
		if (si->last != 0)
			memcpy(sw->ids.p + si->last, &off, sizeof off);
		else
			si->first = off;
		si->last = off;
	}
	buf_addc(&sw->ids, (char)tag);
	buf_add(&sw->ids, id, n);
	buf_addc(&sw->ids, '\0');
}

/* The instance's sums in this currency, and their place among its
 * currencies; NULL when there are too many. */
static struct sweep_cur *
currency(struct sweep *sw, struct sweep_inst *si, const struct order *o,
    unsigned *place)
{
	struct sweep_cur *c;
	uint32_t i, prev = NONE;

	*place = 0;
	for (i = si->cur; i != NONE; prev = i, i = sw->cur[i].next) {
		if (sw->cur[i].currency == o->currency ||	/* interned */
		    strcmp(sw->cur[i].currency, o->currency) == 0)
			return &sw->cur[i];
		++*place;
	}
	if (*place >= MAX_CURS || sw->ncur >= NONE || o->places < 0 ||
	    o->places > 255)
		return NULL;
	sw->cur = xgrow(sw->cur, &sw->capcur, sw->ncur, sizeof *sw->cur);
	c = &sw->cur[sw->ncur];
	memset(c, 0, sizeof *c);
	c->currency = o->currency;
	c->places = (unsigned char)o->places;
	c->next = NONE;
	c->quota = NONE;
	if (sw->pol->no_reason) {
		sw->quota = xgrow(sw->quota, &sw->capquota, sw->nquota,
		    sizeof *sw->quota);
		memset(&sw->quota[sw->nquota], 0, sizeof *sw->quota);
		c->quota = (uint32_t)sw->nquota++;
	}
	if (prev == NONE)
		si->cur = (uint32_t)sw->ncur;
	else
		sw->cur[prev].next = (uint32_t)sw->ncur;
	sw->ncur++;
	return c;
}

/* A Paid row's quote, under rule i of its currency, for the no-reason
 * rule: -1 when the sums would not fit. */
static int
add_quota(struct sweep_quota *qt, unsigned i, const struct row_quote *r)
{
	const struct order *o = r->o;

	if (qt->product[i] == NULL)
		qt->product[i] = o->product;
	if (!qt->have_new && o->type == OT_NEW &&
	    r->rule != RULE_NOT_REFUNDABLE) {
		qt->have_new = 1;
		qt->new_rule = (unsigned char)r->rule;
		qt->created = o->created;
		qt->start = o->start;
		qt->end = o->end;
		qt->new_product = o->product;
	}
	return __builtin_add_overflow(qt->sum[i][0], r->cash,
	    &qt->sum[i][0]) || __builtin_add_overflow(qt->sum[i][1],
	    r->consumed, &qt->sum[i][1]) ||
	    __builtin_add_overflow(qt->sum[i][2], r->refund,
	    &qt->sum[i][2]) ? -1 : 0;
}

/* A Paid row's quote into its currency's sums: the entry's tag, or -1
 * when the sums would not be refund_quote's. */
static int
add_quoted(struct sweep *sw, struct sweep_inst *si, const struct row_quote *r)
{
	struct sweep_cur *c;
	unsigned place, i;

	if ((c = currency(sw, si, r->o, &place)) == NULL ||
	    r->cash < 0 || r->consumed < 0 || r->refund < 0 ||
	    __builtin_add_overflow(c->cash, r->cash, &c->cash) ||
	    __builtin_add_overflow(c->consumed, r->consumed, &c->consumed) ||
	    __builtin_add_overflow(c->refund, r->refund, &c->refund))
		return -1;
	for (i = 0; i < c->nrules && c->rules[i] != r->rule; i++)
		;
	if (i == c->nrules) {
		if (i == sizeof c->rules)
			return -1;
		c->rules[c->nrules++] = (unsigned char)r->rule;
	}
	if (c->quota != NONE && add_quota(&sw->quota[c->quota], i, r) < 0)
		return -1;
	if (r->rule != RULE_NOT_REFUNDABLE)
		return TAG_QUOTED + 3 * (int)place;
	return TAG_QUOTED + 3 * (int)place + (r->o->payg ? 1 : 2);
}

int
sweep_add(struct sweep *sw, const struct rec *r, struct diag *d)
{
	struct order o;
	struct row_quote q;
	struct sweep_inst *si;
	size_t idn, inn;
	int tag = TAG_OTHER;

	if (orders_parse(&sw->os, r, &o, &idn, &inn, d) < 0)
		return -1;
	if ((si = instance(sw, o.instance, inn)) == NULL)
		return -1;
	if (o.type != OT_REFUND && o.status == OS_PAID) {
		/* all but the note, a string, which is left empty */
		memset(&q, 0, offsetof(struct row_quote, note));
		q.note[0] = '\0';
		q.o = &o;
		if (refund_row(sw->pol, &q, sw->at, sw->os.file, d) < 0)
			return -1;
		if ((tag = add_quoted(sw, si, &q)) < 0)
			return -1;	/* refund_quote says which */
	} else if (o.status == OS_UNPAID && o.type != OT_REFUND)
		tag = TAG_UNPAID;
	if (sw->pol->no_reason && orders_no_reason_row(o.type_name, o.rule)) {
		o.id = arena_dup(&sw->os.text, o.id, idn);
		orders_note_no_reason(&sw->os, &o);
	}
	add_entry(sw, si, (unsigned char)tag, o.id, idn);
	return 0;
}

/* Each entry of instance si in turn, from *seg 0; NULL at the end.  The
 * length of its id in *len. */
static const char *
next_entry(const struct sweep *sw, const struct sweep_inst *si,
    uint64_t *seg, uint64_t *off, size_t *len)
{
	const char *e;

	if (*seg == 0) {
		*seg = si->first;
		*off = 0;
	}
	while (*seg != 0 && *off >= seg_len(sw, *seg)) {
		*seg = seg_next(sw, *seg);
		*off = 0;
	}
	if (*seg == 0)
		return NULL;
	e = sw->ids.p + *seg + HEAD + *off;
	*len = strlen(e + 1);
	*off += *len + 2;
	return e;
}

/* An id of an instance's rows, with its hash: ids are compared only
 * when their hashes are the same. */
struct idref {
	const char	*s;
	uint64_t	 h;
};

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct idref *)a)->s,
	    ((const struct idref *)b)->s);
}

static int
twice(struct idref *v, size_t n)
{
	size_t i, j;

	if (n > 16) {
		qsort(v, n, sizeof *v, by_id);
		for (i = 1; i < n; i++)
			if (strcmp(v[i - 1].s, v[i].s) == 0)
				return 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (v[i].h == v[j].h && strcmp(v[i].s, v[j].s) == 0)
				return 1;
	return 0;
}

int
sweep_end(struct sweep *sw)
{
	struct idref *v = NULL;
	const char *e;
	size_t cap = 0, n, k, len;
	uint64_t seg, off;
	int rc = 0;

	for (k = 0; k < sw->nin && rc == 0; k++) {
		n = 0;
		seg = 0;
		while ((e = next_entry(sw, &sw->in[k], &seg, &off, &len)) !=
		    NULL) {
			v = xgrow(v, &cap, n, sizeof *v);
			v[n].s = e + 1;
			v[n++].h = hash_bytes(e + 1, len);
		}
		rc = twice(v, n) ? -1 : 0;
	}
	free(v);
	return rc;	/* orders_add says which */
}

size_t
sweep_count(const struct sweep *sw)
{
	return sw->nin;
}

const struct inst *
sweep_instance(const struct sweep *sw, size_t i)
{
	return &sw->in[i].in;
}

static struct row_quote *
new_row(struct quote *q, enum rule rule)
{
	struct row_quote *r;

	q->rows = xgrow(q->rows, &q->cap, q->n, sizeof *q->rows);
	r = &q->rows[q->n++];
	memset(r, 0, sizeof *r);
	r->o = &nobody;
	r->rule = rule;
	return r;
}

/* The first entry with a tag from lo to hi, or NULL. */
static const char *
first_tagged(const struct sweep *sw, const struct sweep_inst *si, int lo,
    int hi)
{
	const char *e;
	uint64_t seg = 0, off;
	size_t len;

	while ((e = next_entry(sw, si, &seg, &off, &len)) != NULL)
		if ((unsigned char)*e >= lo && (unsigned char)*e <= hi)
			return e;
	return NULL;
}

/* An order that stands for rows of currency c: of this product, and
 * of type New or not. */
static const struct order *
stand_in(struct sweep *sw, const struct sweep_cur *c, const char *product,
    enum otype type)
{
	struct order *o = &sw->reps[sw->nreps++];

	*o = nobody;
	o->currency = c->currency;
	o->places = c->places;
	o->product = product;
	o->type = type;
	return o;
}

/* Under the no-reason rule, each rule's row carries its own sums and
 * stands for its first row's product; the first New row not refused
 * follows them, with no amounts, for the rule's window and period. */
static void
quota_rows(struct sweep *sw, const struct sweep_cur *c, struct quote *q)
{
	const struct sweep_quota *qt = &sw->quota[c->quota];
	struct order *o;
	struct row_quote *r;
	size_t j;

	for (j = 0; j < c->nrules; j++) {
		r = &q->rows[j];
		r->cash = qt->sum[j][0];
		r->consumed = qt->sum[j][1];
		r->refund = qt->sum[j][2];
		r->o = stand_in(sw, c, qt->product[j], OT_OTHER);
	}
	if (!qt->have_new)
		return;
	r = new_row(q, (enum rule)qt->new_rule);
	r->o = o = (struct order *)stand_in(sw, c, qt->new_product, OT_NEW);
	o->created = qt->created;
	o->start = qt->start;
	o->end = qt->end;
}

/*
 * The quote of currency c, at place k of the instance: a row for each
 * rule its rows fall under, in the order they first come, the first
 * carrying the sums (under the no-reason rule, quota_rows); the not
 * refundable one with the note of the first such row.  refund_total
 * then gives rule, reason and sums as for the rows themselves.
 */
static void
currency_quote(struct sweep *sw, struct sweep_inst *si, unsigned k,
    const struct sweep_cur *c, struct quote *q)
{
	struct order o = nobody;
	struct row_quote *r;
	struct buf *b;
	const char *e;
	uint64_t seg = 0, off;
	int lo = TAG_QUOTED + 3 * (int)k;
	size_t j, len;

	for (j = 0; j < c->nrules; j++) {
		r = new_row(q, (enum rule)c->rules[j]);
		if (j == 0 && c->quota == NONE) {
			r->cash = c->cash;
			r->consumed = c->consumed;
			r->refund = c->refund;
		}
		if (r->rule == RULE_NOT_REFUNDABLE &&
		    (e = first_tagged(sw, si, lo + 1, lo + 2)) != NULL) {
			o.id = e + 1;
			o.payg = (unsigned char)*e == lo + 1;
			o.no_refund = (unsigned char)*e == lo + 2;
			r->o = &o;
			refund_row_note(r);
			r->o = &nobody;
		}
	}
	if (c->quota != NONE)
		quota_rows(sw, c, q);
	b = &sw->joined[k];
	buf_reset(b);
	while ((e = next_entry(sw, si, &seg, &off, &len)) != NULL)
		if ((unsigned char)*e >= lo && (unsigned char)*e <= lo + 2) {
			if (b->len > 0)
				buf_addc(b, ';');
			buf_add(b, e + 1, len);
		}
	q->order_ids = buf_str(b);
}

int
sweep_quote(struct sweep *sw, size_t i, const struct rec *info,
    const struct grants *g, struct quotes *qs, struct diag *d)
{
	struct sweep_inst *si = &sw->in[i];
	const char *unpaid;
	char why[512];
	size_t first = qs->n, need = 0, pos = i;
	uint32_t ci;
	unsigned k = 0;

	for (ci = si->cur; ci != NONE; ci = sw->cur[ci].next)
		need += sw->cur[ci].nrules + 1u;
	if (need > sw->capreps) {
		free(sw->reps);
		sw->reps = xcalloc(need, sizeof *sw->reps);
		sw->capreps = need;
	}
	sw->nreps = 0;

	unpaid = first_tagged(sw, si, TAG_UNPAID, TAG_UNPAID);
	refund_refusal(sw->pol, unpaid ? unpaid + 1 : NULL, info, why,
	    sizeof why);
	for (ci = si->cur; ci != NONE; ci = sw->cur[ci].next, k++) {
		if (k >= sw->njoined) {
			sw->joined = xgrow(sw->joined, &sw->njoined, k,
			    sizeof *sw->joined);
			memset(sw->joined + k, 0, (sw->njoined - k) *
			    sizeof *sw->joined);
		}
		currency_quote(sw, si, k, &sw->cur[ci], quotes_add(qs, &si->in,
		    sw->cur[ci].currency, sw->cur[ci].places));
	}
	if (qs->n == first) {
		struct quote *q = quotes_add(qs, &si->in, "", 2);

		if (*why == '\0')
			snprintf(q->reason, sizeof q->reason,
			    "no paid order of this instance is left to refund");
	}
	if (sw->pol->no_reason && *why == '\0')
		refund_no_reason(sw->pol, &sw->os, qs, first, sw->at, g, pos);
	for (i = first; i < qs->n; i++)
		if (refund_total(&qs->q[i], why, sw->os.file, d) < 0)
			return -1;
	return 0;
}

void
sweep_free(struct sweep *sw)
{
	size_t i;

	for (i = 0; i < sw->njoined; i++)
		buf_free(&sw->joined[i]);
	free(sw->joined);
	free(sw->in);
	free(sw->cur);
	free(sw->quota);
	free(sw->reps);
	free(sw->slot);
	buf_free(&sw->ids);
	orders_free(&sw->os);
	memset(sw, 0, sizeof *sw);
}
