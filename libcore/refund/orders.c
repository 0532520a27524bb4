/*
 * A ledger's orders read and checked (orders.h): each record's fields
 * found, checked in the order its messages need, and kept as compact
 * rows grouped by instance, or (orders_parse) only checked, for the
 * sweep.  Some 500 lines, one unit: orders_add and orders_parse must
 * check a row the same way, step for step.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "records/fields.h"
#include "records/reader.h"
#include "refund/orders.h"
#include "select/idset.h"
#include "values/ident.h"
#include "values/money.h"
#include "values/ts.h"

enum {
	F_ID, F_INSTANCE, F_TYPE, F_CHARGE, F_STATUS, F_CREATED, F_START,
	F_END, F_GROSS, F_PAID, F_VOUCHER, F_CURRENCY, F_PRODUCT, F_NO_REFUND,
	F_RULE, F_REGION, F_RELATED, NFIELDS
};

static const char *const field[NFIELDS] = { "order_id", "instance_id",
	"order_type", "charge_type", "status", "created_at", "period_start",
	"period_end", "gross_amount", "paid_amount", "voucher_amount",
	"currency", "product", "no_refund", "refund_rule", "region",
	"related_order_id" };

_Static_assert(NFIELDS == sizeof ((struct orders *)0)->hint / sizeof(size_t),
    "a hint per field");
_Static_assert(NFIELDS == sizeof ((struct orders *)0)->last_word /
    sizeof(char *), "a word per field");

static const char *
inst_key(const void *ctx, size_t i, size_t *len)
{
	const struct orders *os = ctx;

	*len = strlen(os->in[i].id);
	return os->in[i].id;
}

/* An order's order_id and instance_id: o->id is kept with the instance_id
 * after its NUL, so that the pair is one string to index. */
static const char *
pair_key(const void *ctx, size_t i, size_t *len)
{
	const char *id = ((const struct orders *)ctx)->o[i].id;
	size_t n = strlen(id);

	*len = n + 1 + strlen(id + n + 1);
	return id;
}

struct inst *
orders_instance(const struct orders *os, const char *s, size_t n)
{
	size_t i = hindex_find(&os->index, s, n, inst_key, os);

	return i == HINDEX_NONE ? NULL : &os->in[i];
}

/* The instance an order belongs to, of hash h, added when new. */
static struct inst *
instance(struct orders *os, const char *s, size_t n, uint64_t h)
{
	size_t *slot;
	struct inst *in;

	hindex_room(&os->index, os->nin, inst_key, os);
	slot = hindex_slot_at(&os->index, s, n, h, inst_key, os);
	if (*slot)
		return &os->in[*slot - 1];
	os->in = xgrow(os->in, &os->capin, os->nin, sizeof *os->in);
	in = &os->in[os->nin];
	in->id = arena_dup(&os->text, s, n);
	in->first = in->last = NO_ORDER;
	in->n = 0;
	*slot = ++os->nin;
	return in;
}

/* The same bytes are the same word in any case: strncasecmp(3) only
 * for the others. */
static int
word_is(const char *v, size_t n, const char *w)
{
	return strlen(w) == n && (memcmp(v, w, n) == 0 ||
	    strncasecmp(v, w, n) == 0);
}

struct row {
	const struct orders	*os;
	const struct rec	*r;
	const char		*v[NFIELDS];
	size_t			 len[NFIELDS];
	struct diag		*d;
};

/* "order ID: FIELD "VALUE" what", where the value is in the file; the
 * order is not named by an order_id that is wrong. */
static int
bad_value(struct row *rw, int f, const char *what)
{
	char q[QUOTE_MAX];
	long line, col;

	rd_where(rw->r, field[f], &line, &col);
	diag_quote(q, rw->v[f], rw->len[f]);
	if (f == F_ID)
		diag_set(rw->d, rw->os->file, line, col, "%s %s %s", field[f],
		    q, what);
	else
		diag_set(rw->d, rw->os->file, line, col, "order %s: %s %s %s",
		    rw->v[F_ID], field[f], q, what);
	return -1;
}

/* The ids are checked first: the others' messages name the order. */
static int
check_ids(struct row *rw)
{
	static const char what[] = "is not an id (" IDENT_RULE ")";
	static const int ids[] = { F_ID, F_INSTANCE, F_PRODUCT };
	size_t i;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (rw->len[ids[i]] > 0 &&
		    !ident_ok(rw->v[ids[i]], rw->len[ids[i]]))
			return bad_value(rw, ids[i], what);
	if (rw->len[F_RELATED] > 0 &&
	    !ident_list_ok(rw->v[F_RELATED], rw->len[F_RELATED]))
		return bad_value(rw, F_RELATED, "is not a list of ids joined "
		    "by \";\" (" IDENT_RULE ")");
	return 0;
}

static int
time_of(struct row *rw, int f, int64_t *t)
{
	int rc;

	*t = NO_TIME;
	if (rw->len[f] == 0)
		return 0;
	if ((rc = ts_parse(rw->v[f], rw->len[f], t)) < 0)
		return bad_value(rw, f, ts_error(rc));
	return 0;
}

static int
amount_of(struct row *rw, int f, int64_t *m)
{
	int rc;

	*m = 0;
	if (rw->len[f] == 0)
		return 0;
	if ((rc = money_parse(rw->v[f], rw->len[f], m, NULL)) < 0)
		return bad_value(rw, f, money_error(rc, rw->v[f]));
	return 0;
}

static int
values(struct row *rw, struct order *o)
{
	if (time_of(rw, F_CREATED, &o->created) < 0 ||
	    time_of(rw, F_START, &o->start) < 0 ||
	    time_of(rw, F_END, &o->end) < 0 ||
	    amount_of(rw, F_GROSS, &o->gross) < 0 ||
	    amount_of(rw, F_PAID, &o->paid) < 0 ||
	    amount_of(rw, F_VOUCHER, &o->voucher) < 0)
		return -1;
	return 0;
}

/* Values that read well but cannot be right together, as they would
 * turn into a refund: negative amounts other than a Refund row's, a
 * voucher below 0 or above what was paid, a period that ends before it
 * starts. */
static int
check_values(struct row *rw, const struct order *o)
{
	char what[QUOTE_MAX + 64], q[QUOTE_MAX];

	if (o->type != OT_REFUND && (o->gross < 0 || o->paid < 0))
		return bad_value(rw, o->gross < 0 ? F_GROSS : F_PAID,
		    "is negative: only a Refund row's amounts may be");
	if (o->voucher < 0)
		return bad_value(rw, F_VOUCHER, "is negative");
	if (o->type != OT_REFUND && o->voucher > o->paid) {
		snprintf(what, sizeof what, "is more than paid_amount %s",
		    diag_quote(q, rw->v[F_PAID], rw->len[F_PAID]));
		return bad_value(rw, F_VOUCHER, what);
	}
	if (o->status == OS_PAID && o->type != OT_REFUND && !o->payg &&
	    o->start != NO_TIME && o->end != NO_TIME && o->end <= o->start) {
		snprintf(what, sizeof what, "is not after period_start %s",
		    diag_quote(q, rw->v[F_START], rw->len[F_START]));
		return bad_value(rw, F_END, what);
	}
	return 0;
}

/* The hashes of a row's keys in the indexes (its pair, os->pair, and its
 * instance), their slots fetched while its values are read. */
struct ahead {
	uint64_t	 pair, inst;
};

/* The same order of the same instance twice would be refunded twice. */
static int
check_once(struct orders *os, struct row *rw, uint64_t h)
{
	size_t *slot, len;
	const char *key;
	const struct order *first;
	long line, col;

	hindex_room(&os->pairs, os->n - 1, pair_key, os);
	key = pair_key(os, os->n - 1, &len);
	slot = hindex_slot_at(&os->pairs, key, len, h, pair_key, os);
	if (*slot == 0) {
		*slot = os->n;
		return 0;
	}
	first = &os->o[*slot - 1];
	rd_where(rw->r, field[F_ID], &line, &col);
	diag_set(rw->d, os->file, line, col, "order %s of instance %s is "
	    "in the file twice: also at %s:%ld", first->id, first->instance,
	    os->file, first->line);
	return -1;
}

static struct order *
new_order(struct orders *os)
{
	os->o = xgrow(os->o, &os->cap, os->n, sizeof *os->o);
	memset(&os->o[os->n], 0, sizeof os->o[0]);
	return &os->o[os->n++];
}

int
orders_no_reason_row(const char *type, const char *rule)
{
	/* the rule first: most rows have none */
	return rule != NULL && *rule != '\0' &&
	    strstr(rule, "no-reason") != NULL && type != NULL &&
	    strcasecmp(type, "Refund") == 0;
}

void
orders_note_no_reason(struct orders *os, const struct order *o)
{
	os->used = xgrow(os->used, &os->capused, os->nused, sizeof *os->used);
	os->used[os->nused].at = o->created;
	os->used[os->nused].product = o->product;
	os->used[os->nused].id = o->id;
	os->nused++;
}

/* A word of field f interned: the row before's when it is the same, as
 * it mostly is. */
static const char *
word(struct orders *os, const struct row *rw, int f)
{
	const char *w = os->last_word[f];
	size_t n = rw->len[f];

	if (w != NULL && os->last_len[f] == n && memcmp(w, rw->v[f], n) == 0)
		return w;
	os->last_len[f] = n;
	return os->last_word[f] = strtab_intern(&os->words, rw->v[f], n);
}

/* What the words of a row say that the rules use; currency and product
 * interned. */
static void
classify(struct orders *os, const struct row *rw, struct order *o)
{
	const char *w;

	o->type = word_is(rw->v[F_TYPE], rw->len[F_TYPE], "New") ? OT_NEW :
	    word_is(rw->v[F_TYPE], rw->len[F_TYPE], "Renew") ? OT_RENEW :
	    word_is(rw->v[F_TYPE], rw->len[F_TYPE], "Upgrade") ? OT_UPGRADE :
	    word_is(rw->v[F_TYPE], rw->len[F_TYPE], "Refund") ? OT_REFUND :
	    OT_OTHER;
	o->status = word_is(rw->v[F_STATUS], rw->len[F_STATUS], "Unpaid") ?
	    OS_UNPAID : word_is(rw->v[F_STATUS], rw->len[F_STATUS], "Paid") ?
	    OS_PAID : word_is(rw->v[F_STATUS], rw->len[F_STATUS], "Cancelled") ?
	    OS_CANCELLED : word_is(rw->v[F_STATUS], rw->len[F_STATUS],
	    "Refunded") ? OS_REFUNDED : OS_OTHER;
	o->payg = word_is(rw->v[F_CHARGE], rw->len[F_CHARGE], "PayAsYouGo");
	o->no_refund = word_is(rw->v[F_NO_REFUND], rw->len[F_NO_REFUND],
	    "true");
	if ((w = word(os, rw, F_CURRENCY)) != os->places_of) {
		os->places_of = w;
		os->places = currency_places(w, rw->len[F_CURRENCY]);
	}
	o->currency = w;
	o->places = os->places;
	o->product = rw->len[F_PRODUCT] ? word(os, rw, F_PRODUCT) : "ecs";
}

/* The names of the words, kept for messages and output. */
static void
name_words(struct orders *os, const struct row *rw, struct order *o)
{
	o->type_name = word(os, rw, F_TYPE);
	o->status_name = word(os, rw, F_STATUS);
	o->rule = word(os, rw, F_RULE);
	o->region = word(os, rw, F_REGION);
}

/* Whether the names are static (fields.h), never freed, so that another
 * record with names at the same addresses has the same names. */
static int
static_names(const struct rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (field_canonical(r->f[i].name, strlen(r->f[i].name)) !=
		    r->f[i].name)
			return 0;
	return 1;
}

/* Where each field is in r: in a file's rows, mostly where it was in
 * the row before, found again only when the names are not the same. */
static void
locate(struct orders *os, const struct rec *r)
{
	size_t i;
	int f;

	if (os->names != NULL && r->n == os->nnames) {
		for (i = 0; i < r->n && r->f[i].name == os->names[i]; i++)
			;
		if (i == r->n)
			return;
	}
	for (f = 0; f < NFIELDS; f++)
		os->at[f] = rec_find(r, field[f], &os->hint[f]);
	free(os->names);
	os->names = NULL;
	if (!static_names(r))
		return;
	os->names = xreallocarray(NULL, r->n + 1, sizeof *os->names);
	for (i = 0; i < r->n; i++)
		os->names[i] = r->f[i].name;
	os->nnames = r->n;
}

/* A record's fields, each checked as it is read: the checks orders_add
 * and orders_parse share; for orders_add (ah), its keys hashed and their
 * slots fetched first. */
static int
parse(struct orders *os, const struct rec *r, struct row *rw,
    struct order *o, struct ahead *ah, struct diag *d)
{
	int f;

	locate(os, r);
	for (f = 0; f < NFIELDS; f++) {
		long k = os->at[f];

		rw->v[f] = k < 0 ? "" : rec_val(r, (size_t)k);
		rw->len[f] = k < 0 ? 0 : r->f[k].len;
	}
	if (rw->len[F_ID] == 0 || rw->len[F_INSTANCE] == 0) {
		diag_set(d, os->file, r->line, 0, "a record without %s: not an "
		    "order", rw->len[F_ID] ? "an instance_id" : "an order_id");
		return -1;
	}
	if (check_ids(rw) < 0)
		return -1;
	if (ah != NULL) {
		buf_reset(&os->pair);
		buf_add(&os->pair, rw->v[F_ID], rw->len[F_ID]);
		buf_addc(&os->pair, '\0');
		buf_add(&os->pair, rw->v[F_INSTANCE], rw->len[F_INSTANCE]);
		ah->pair = hindex_ahead(&os->pairs, os->pair.p, os->pair.len);
		ah->inst = hindex_ahead(&os->index, rw->v[F_INSTANCE],
		    rw->len[F_INSTANCE]);
	}
	memset(o, 0, sizeof *o);
	o->line = r->line;
	classify(os, rw, o);
	if (values(rw, o) < 0 || check_values(rw, o) < 0)
		return -1;
	return 0;
}

int
orders_parse(struct orders *os, const struct rec *r, struct order *o,
    size_t *idlen, size_t *instlen, struct diag *d)
{
	struct row rw = { os, r, { 0 }, { 0 }, d };

	if (parse(os, r, &rw, o, NULL, d) < 0)
		return -1;
	o->id = rw.v[F_ID];
	o->instance = rw.v[F_INSTANCE];
	o->type_name = rw.v[F_TYPE];
	o->rule = rw.v[F_RULE];
	*idlen = rw.len[F_ID];
	*instlen = rw.len[F_INSTANCE];
	return 0;
}

int
orders_add(struct orders *os, const struct rec *r, size_t recno,
    struct diag *d)
{
	struct row rw = { os, r, { 0 }, { 0 }, d };
	struct order o1, *o;
	struct ahead ah;
	struct inst *in;
	size_t i;

	if (parse(os, r, &rw, &o1, &ah, d) < 0)
		return -1;
	o = new_order(os);
	*o = o1;
	o->recno = recno;
	o->id = arena_dup(&os->text, os->pair.p, os->pair.len);
	name_words(os, &rw, o);
	if (check_once(os, &rw, ah.pair) < 0) {
		os->n--;
		return -1;
	}
	o->next = NO_ORDER;
	in = instance(os, rw.v[F_INSTANCE], rw.len[F_INSTANCE], ah.inst);
	o->instance = in->id;
	i = (size_t)(o - os->o);
	if (in->last != NO_ORDER)
		os->o[in->last].next = i;
	else
		in->first = i;
	in->last = i;
	in->n++;
	if (orders_no_reason_row(o->type_name, o->rule))
		orders_note_no_reason(os, o);
	return 0;
}

/* Where an instance comes in the order of the IDs. */
struct ask_place {
	size_t	 id, row, inst;
};

static int
by_place(const void *a, const void *b)
{
	const struct ask_place *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static void
place_by(struct ask_place *p, size_t id, size_t row)
{
	if (id < p->id || (id == p->id && row < p->row)) {
		p->id = id;
		p->row = row;
	}
}

size_t
orders_asked(const struct orders *os, struct idset *ids, size_t *rank)
{
	struct ask_place *pl = xcalloc(os->nin + 1, sizeof *pl);
	struct id *id;
	size_t i, n = 0;

	for (i = 0; i < os->nin; i++) {
		pl[i].id = pl[i].row = SIZE_MAX;
		pl[i].inst = i;
	}
	for (i = 0; i < os->n; i++) {
		const struct order *o = &os->o[i];

		if ((id = idset_find(ids, o->id, strlen(o->id))) != NULL) {
			id->seen = 1;
			place_by(&pl[orders_instance(os, o->instance,
			    strlen(o->instance)) - os->in],
			    (size_t)(id - ids->ids), i + 1);
		}
	}
	for (i = 0; i < os->nin; i++)
		if ((id = idset_find(ids, os->in[i].id,
		    strlen(os->in[i].id))) != NULL) {
			id->seen = 1;
			place_by(&pl[i], (size_t)(id - ids->ids), 0);
		}
	qsort(pl, os->nin, sizeof *pl, by_place);
	for (i = 0; i < os->nin; i++)
		rank[pl[i].inst] = pl[i].id == SIZE_MAX ? SIZE_MAX : n++;
	free(pl);
	return n;
}

void
orders_free(struct orders *os)
{
	free(os->o);
	free(os->in);
	hindex_free(&os->index);
	free(os->used);
	free(os->names);
	hindex_free(&os->pairs);
	buf_free(&os->pair);
	arena_free(&os->text);
	strtab_free(&os->words);
	memset(os, 0, sizeof *os);
}
