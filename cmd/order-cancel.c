/*
 * order-cancel: cancel unpaid orders, or unsubscribe paid subscriptions
 * and record their refunds (SPEC 4).  One plan is made under the file's
 * lock; a dry run prints it, a real run asks (on a terminal), applies
 * exactly it through the ledger (libcore/ledger/), which journals it, and
 * prints it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/journal.h"
#include "ledger/ledger.h"
#include "records/out.h"
#include "records/recmap.h"
#include "refund/policy.h"
#include "refund/refund.h"
#include "support/cli.h"
#include "values/ident.h"
#include "values/shq.h"
#include "values/ts.h"

#define PROG "order-cancel"
#define MAX_WAIT 86400	/* --wait: a day; a cron job runs again by then */

enum {
	OPT_DRY = OPT_CMD, OPT_MAX, OPT_INSTANCES, OPT_FORCE, OPT_WAIT,
	OPT_POLICY, OPT_VERIFY
};

static const struct option longopts[] = {
	COMMON_LONG,
	{ "dry-run", no_argument, NULL, 'n' },
	{ "yes", no_argument, NULL, 'y' },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "instances", required_argument, NULL, OPT_INSTANCES },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("Usage: %s [-f FILE] [OPTION]... ORDER_ID|INSTANCE_ID... | -\n"
"Cancel unpaid orders; unsubscribe paid subscriptions and record the\n"
"refund in the orders file, under a lock, atomically, with a journal.\n"
"\n"
"  -f, --file FILE          orders file to change (default: $ECS_ORDERS)\n"
"  -i, --input-format FMT   csv, tsv or yaml (default: from content)\n"
"  -d, --delimiter C        field separator of a CSV file ('\\t' or tab)\n"
"  -n, --dry-run            print the plan, change nothing\n"
"  -y, --yes                do not ask (needed without a terminal)\n"
"      --max N              refuse the run if more than N orders would\n"
"                           change (default 50)\n"
"      --instances FILE     check instances first: deletion protection\n"
"                           refuses, Running refuses unless --force\n"
"                           (default: $ECS_INSTANCES)\n"
"      --force              unsubscribe Running instances too\n"
"      --wait SECONDS       wait this long for the file's lock, at most\n"
"                           86400 (default 10)\n"
"      --at TIME            the time of the unsubscription (default: now)\n"
"      --policy NAME|FILE   refund policy: intl, cn or a file\n"
"                           (default: $ECS_POLICY, else intl)\n"
"      --verify             change nothing: say what became of each run\n"
"                           in the journal, and whether it accounts for\n"
"                           the file (no IDs)\n"
"  -w, --where 'F OP V'     act only on orders where field F compares to V\n"
"  -o, --output FMT         receipts as csv, tsv, table, yaml, json, jsonl\n"
"  -c, --columns A,B,...    these receipt fields, in this order\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"- reads IDs or records from standard input.  Exit status: 0 done (also\n"
"when already done), 1 some refused or not found, or changed but a step\n"
"after the change failed, 2 bad usage or input or nothing changed for\n"
"want of --yes, 3 the file is locked.\n"
"See order-cancel(1).\n", PROG);
}

static const char *const keys[] = { "order_id", "instance_id" };
static const char *const receipt_cols[] = { "order_id", "instance_id",
	"action", "status_before", "status_after", "refund_amount", "currency",
	"refund_rule", "reason", "api_call" };
#define NRECEIPT (sizeof receipt_cols / sizeof receipt_cols[0])
/* what --verify says of each run of the journal */
static const char *const verify_cols[] = { "run", "time", "user", "host",
	"changes", "outcome", "marked" };
#define NVERIFY (sizeof verify_cols / sizeof verify_cols[0])

enum action { ACT_CANCEL, ACT_REFUND, ACT_NONE, ACT_REFUSED };

/* What happens to one order row. */
struct act {
	size_t		 oi;		/* in the order book */
	enum action	 kind;
	int64_t		 refund;
	char		 rule[64];
	char		 reason[512];
	char		*api;		/* the aliyun call, or NULL */
};

/* The Refund row an instance's unsubscription adds. */
struct refund_row {
	size_t		 oi;		/* an order it refunds, for its fields */
	char		 id[160];
	const char	*currency;
	int		 places;
	int64_t		 refund;
	char		 rule[64];
	struct buf	 related;
};

struct run {
	struct opts	 o;
	struct policy	 pol;
	struct recmap	 inst;
	int		 have_inst, force, dry, yes, verify;
	long		 max, wait;
	struct ledger	*l;
	struct orders	 os;
	struct idset	 wanted;	/* instances whose rows matter */
	char		*selected;	/* by -w, per book row */
	size_t		 capselected;
	struct act	*acts;
	size_t		 nacts, capacts;
	size_t		*act_of;	/* per book row: 1 + its act, or 0 */
	unsigned char	*planned;	/* per instance: PLANNED_* */
	struct refund_row *rr;
	size_t		 nrr, caprr;
	struct grants	 grants;	/* no-reason refunds of this run */
	struct rec	 info;		/* what is known of an instance */
	int		 skipped_checks;
	int		 need_names;	/* -w names a field that only the
					 * file may have: */
	struct strtab	 seen;		/* the fields of its records */
	struct quotes	 qs;
	size_t		 hint[4];	/* field positions, for rec_get_at */
	struct diag	 d;
};

/* ---- reading: one pass over the file, then its rows that matter ---- */

/* What the first pass looks at. */
static const char *const scanned[] = { "order_id", "instance_id",
	"order_type", "refund_rule" };

/* Refund rows under the no-reason rule count toward its quota. */
static int
no_reason_row(struct run *run, const struct rec *r)
{
	const char *type = rec_get_at(r, "order_type", &run->hint[2], NULL);
	const char *rule;

	if (type == NULL || strcmp(type, "Refund") != 0)
		return 0;
	rule = rec_get_at(r, "refund_rule", &run->hint[3], NULL);
	return rule && strstr(rule, "no-reason") != NULL;
}

/* The first pass: which instances matter, and the rows to count. */
static int
want(void *arg, size_t recno, struct rec *r)
{
	struct run *run = arg;
	const char *oid, *iid;
	size_t on = 0, in = 0, i;
	struct id *id;

	(void)recno;
	for (i = 0; run->need_names && i < r->n; i++)
		strtab_intern(&run->seen, r->f[i].name, strlen(r->f[i].name));
	oid = rec_get_at(r, "order_id", &run->hint[0], &on);
	iid = rec_get_at(r, "instance_id", &run->hint[1], &in);
	if (iid == NULL || in == 0)
		return 0;
	/* the order and its instance may both be asked for: both are found */
	if (oid && (id = idset_find(&run->o.ids, oid, on)) != NULL) {
		id->seen = 1;
		idset_add(&run->wanted, iid, in);
	}
	if ((id = idset_find(&run->o.ids, iid, in)) != NULL) {
		id->seen = 1;
		idset_add(&run->wanted, iid, in);
	}
	return no_reason_row(run, r);
}

/* A field -w names that is not an order field is one of the file's: of
 * the CSV header, or of any record of a YAML file. */
static int
check_where_names(struct run *run)
{
	const char **seen = strtab_all(&run->seen);
	const char *const *cols;
	int csv = ledger_format(run->l) != FMT_YAML, rc;
	size_t ncols;
	struct diag d;

	cols = ledger_columns(run->l, &ncols);
	rc = opts_check_names(&run->o, NAMES_WHERE, RK_ORDER, csv ? cols :
	    seen, csv ? ncols : run->seen.n, csv ? "a column of this file" :
	    "a field of its records", &d);
	free(seen);
	if (rc < 0)
		diag_set(&run->d, ledger_path(run->l), 0, 0, "%s", d.msg);
	return rc;
}

static int
gather(void *arg, size_t recno, struct rec *r)
{
	struct run *run = arg;
	const char *iid;
	size_t in, i;
	int keep;

	iid = rec_get(r, "instance_id", &in);
	keep = iid != NULL && idset_find(&run->wanted, iid, in) != NULL;
	if (!keep && !no_reason_row(run, r))
		return 0;	/* neither acted on nor counted */
	if (orders_add(&run->os, r, recno, &run->d) < 0)
		return -1;
	run->selected = xgrow(run->selected, &run->capselected, run->os.n - 1,
	    sizeof *run->selected);
	run->selected[run->os.n - 1] = 1;
	for (i = 0; i < run->o.nconds; i++)
		if (!cond_match(&run->o.conds[i], r))
			run->selected[run->os.n - 1] = 0;
	return keep ? ledger_keep(run->l, recno, r, &run->d) : 0;
}

/* ---- planning ---- */

/* What is planned for an instance so far: refund rows, one of them
 * unsubscribing it whole (not just a renewal not started).  Kept per
 * instance, like each row's act, so that planning many IDs never looks
 * through all that is planned. */
enum { PLANNED_REFUND = 1, PLANNED_WHOLE = 2 };

static unsigned char *
planned(struct run *run, const struct inst *in)
{
	return &run->planned[in - run->os.in];
}

static struct act *
find_act(struct run *run, size_t oi)
{
	return run->act_of[oi] ? &run->acts[run->act_of[oi] - 1] : NULL;
}

/* act_of again, after acts were taken out: the first act of a row. */
static void
index_acts(struct run *run)
{
	size_t i;

	memset(run->act_of, 0, run->os.n * sizeof *run->act_of);
	for (i = 0; i < run->nacts; i++)
		if (run->act_of[run->acts[i].oi] == 0)
			run->act_of[run->acts[i].oi] = i + 1;
}

static struct act *
add_act(struct run *run, size_t oi, enum action kind)
{
	struct act *a;

	run->acts = xgrow(run->acts, &run->capacts, run->nacts,
	    sizeof *run->acts);
	a = &run->acts[run->nacts++];
	memset(a, 0, sizeof *a);
	a->oi = oi;
	a->kind = kind;
	if (run->act_of[oi] == 0)
		run->act_of[oi] = run->nacts;
	return a;
}

static void
refuse(struct run *run, size_t oi, const char *fmt, const char *arg)
{
	struct act *a;

	if (find_act(run, oi) != NULL)	/* answered already: an order and */
		return;			/* its instance were both given */
	a = add_act(run, oi, ACT_REFUSED);
	snprintf(a->reason, sizeof a->reason, fmt, arg);
}

/* Another unpaid order of the instance, or NULL. */
static const struct order *
unpaid_other(struct run *run, const struct inst *in, size_t except)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = run->os.o[i].next)
		if (i != except && run->os.o[i].status == OS_UNPAID &&
		    run->os.o[i].type != OT_REFUND)
			return &run->os.o[i];
	return NULL;
}

/* What the records on standard input, then the instances file, say of
 * an instance, into run->info: bits 1 << FACT_ of the facts found. */
static unsigned
facts(struct run *run, const struct inst *in)
{
	const struct recmap *maps[2] = { &run->o.piped, run->have_inst ?
	    &run->inst : NULL };

	return recmap_fields(maps, 2, in->id, refund_facts, NFACTS,
	    &run->info);
}

/* Say which rules could not be checked for an instance, for want of
 * which of its fields. */
static void
note_unchecked(const struct inst *in, unsigned missing)
{
	struct buf fields = BUF_INIT, rules = BUF_INIT;

	refund_unchecked(&fields, &rules, missing);
	fprintf(stderr, "%s: %s: no %s for it on standard input or in the "
	    "instances file: %s were not checked\n", PROG, in->id,
	    buf_str(&fields), buf_str(&rules));
	buf_free(&fields);
	buf_free(&rules);
}

/* What is known of the instance lets it go: 0, or refused with the
 * reason.  With nothing known of any instance, that is said once. */
static int
instance_checks(struct run *run, const struct inst *in, size_t oi)
{
	unsigned got = facts(run, in), all = (1u << NFACTS) - 1;
	const char *v;

	if (!run->have_inst && run->o.piped.rs.n == 0) {
		run->skipped_checks = 1;
		return 0;
	}
	if (got == 0 && run->have_inst && !run->force &&
	    recmap_get(&run->inst, in->id) == NULL) {
		refuse(run, oi, "%s is not in the instances file: its deletion "
		    "protection and status cannot be checked (--force to go "
		    "on)", in->id);
		return -1;
	}
	if ((v = rec_get(&run->info, "deletion_protection", NULL)) != NULL &&
	    strcasecmp(v, "true") == 0) {
		refuse(run, oi, "%s has deletion protection on: it is never "
		    "unsubscribed here", in->id);
		return -1;
	}
	if ((v = rec_get(&run->info, "status", NULL)) != NULL &&
	    strcasecmp(v, "Running") == 0 && !run->force) {
		refuse(run, oi, "%s is Running: make sure no live business "
		    "runs on it, stop it, or give --force", in->id);
		return -1;
	}
	if (got != all)
		note_unchecked(in, all & ~got);
	return 0;
}

/* Is id taken by a row of the instance, in the file or planned?  (Only
 * an instance with refund rows planned has any among them.) */
static int
refund_id_taken(struct run *run, const struct inst *in, const char *id)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = run->os.o[i].next)
		if (strcmp(run->os.o[i].id, id) == 0)
			return 1;
	for (i = 0; (*planned(run, in) & PLANNED_REFUND) && i < run->nrr; i++)
		if (strcmp(run->rr[i].id, id) == 0)
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
refund_id(struct run *run, const struct inst *in, const char *currency,
    char *out, size_t n)
{
	char t[TS_BUFSZ], digits[16];
	size_t i, k = 0;

	ts_format(run->o.now, t);
	for (i = 0; t[i] && k < sizeof digits - 1; i++)
		if (t[i] >= '0' && t[i] <= '9')
			digits[k++] = t[i];
	digits[k] = '\0';
	snprintf(out, n, "R%s%s", in->id, digits);
	for (k = 0; k <= run->nrr + in->n && refund_id_taken(run, in, out);
	    k++)
		if (k == 0)
			snprintf(out, n, "R%s%s-%s", in->id, digits, currency);
		else
			snprintf(out, n, "R%s%s-%s-%zu", in->id, digits,
			    currency, k + 1);
}

static struct refund_row *
add_refund_row(struct run *run, const struct inst *in, const struct quote *q,
    size_t oi)
{
	struct refund_row *r;

	run->rr = xgrow(run->rr, &run->caprr, run->nrr, sizeof *run->rr);
	r = &run->rr[run->nrr];
	memset(r, 0, sizeof *r);
	refund_id(run, in, q->currency, r->id, sizeof r->id);
	run->nrr++;
	*planned(run, in) |= PLANNED_REFUND;
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
refund_act(struct run *run, const struct row_quote *rq, struct refund_row *rr,
    const struct inst *in)
{
	const char *words[] = { "bssopenapi", "RefundInstance", "--ProductCode",
	    rq->o->product, "--InstanceId", in->id, "--ClientToken", rr->id };
	struct act *a;
	char q[QUOTE_MAX];

	if (!ident_ok(rr->id, strlen(rr->id))) {
		diag_set(&run->d, NULL, 0, 0, "instance %s: its Refund row's "
		    "order_id %s would not be an id (" IDENT_RULE ")", in->id,
		    diag_quote(q, rr->id, strlen(rr->id)));
		return -1;
	}
	if (refund_sum(&rr->refund, rq->refund, rq->o, run->os.file,
	    &run->d) < 0)
		return -1;
	a = add_act(run, (size_t)(rq->o - run->os.o), ACT_REFUND);
	a->refund = rq->refund;
	snprintf(a->rule, sizeof a->rule, "%s", rule_name(rq->rule));
	a->api = api_call(words, sizeof words / sizeof words[0]);
	if (rr->related.len)
		buf_addc(&rr->related, ';');
	buf_adds(&rr->related, rq->o->id);
	return 0;
}

static int
quote(struct run *run, const struct inst *in)
{
	quotes_clear(&run->qs);
	facts(run, in);
	return refund_quote(&run->pol, &run->os, in, &run->info, run->o.now,
	    &run->grants, SIZE_MAX, &run->qs, &run->d);
}

/* A renewal not started yet: refunded alone, in full. */
static int
plan_renewal(struct run *run, const struct inst *in, size_t oi)
{
	size_t i, j;

	if (quote(run, in) < 0)
		return -1;
	for (i = 0; i < run->qs.n; i++)
		for (j = 0; j < run->qs.q[i].n; j++) {
			const struct row_quote *rq = &run->qs.q[i].rows[j];
			struct refund_row *rr;

			if ((size_t)(rq->o - run->os.o) != oi)
				continue;
			if (!run->qs.q[i].refundable) {
				refuse(run, oi, "%s", run->qs.q[i].reason);
				return 0;
			}
			rr = add_refund_row(run, in, &run->qs.q[i], oi);
			snprintf(rr->rule, sizeof rr->rule, "not-started");
			return refund_act(run, rq, rr, in);
		}
	refuse(run, oi, "%s", "nothing to refund");
	return 0;
}

/* Unsubscribing the whole instance takes in a renewal planned alone. */
static void
drop_renewals(struct run *run, const struct inst *in)
{
	size_t i, k = 0;

	if ((*planned(run, in) & PLANNED_REFUND) == 0)
		return;
	*planned(run, in) = 0;
	for (i = 0; i < run->nacts; i++)
		if (run->acts[i].kind != ACT_REFUND || strcmp(run->os.o[
		    run->acts[i].oi].instance, in->id) != 0)
			run->acts[k++] = run->acts[i];
		else
			free(run->acts[i].api);
	run->nacts = k;
	index_acts(run);
	for (i = k = 0; i < run->nrr; i++)
		if (strcmp(run->os.o[run->rr[i].oi].instance, in->id) != 0)
			run->rr[k++] = run->rr[i];
		else
			buf_free(&run->rr[i].related);
	run->nrr = k;
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
plan_instance(struct run *run, const struct inst *in, size_t oi)
{
	const struct order *u;
	const char *why;
	size_t i, j, k;

	if (*planned(run, in) & PLANNED_WHOLE)
		return 0;
	if (oi == NO_ORDER) {	/* asked by instance: answer on a paid row */
		oi = in->first;
		for (i = in->first; i != NO_ORDER; i = run->os.o[i].next)
			if (run->os.o[i].status == OS_PAID) {
				oi = i;
				break;
			}
	}
	if ((u = unpaid_other(run, in, oi)) != NULL) {
		refuse(run, oi, "order %s of this instance is unpaid: cancel "
		    "it first", u->id);
		return 0;
	}
	if (instance_checks(run, in, oi) < 0)
		return 0;
	drop_renewals(run, in);
	if (quote(run, in) < 0)
		return -1;
	if ((why = nothing_refundable(&run->qs)) != NULL) {
		refuse(run, oi, "%s", why);
		return 0;
	}
	for (i = 0; i < run->qs.n; i++) {
		const struct quote *q = &run->qs.q[i];
		struct refund_row *rr = add_refund_row(run, in, q, oi);

		snprintf(rr->rule, sizeof rr->rule, "%s", q->rule);
		if (strcmp(rr->rule, "not-started") != 0)
			*planned(run, in) |= PLANNED_WHOLE;
		for (j = 0; j < q->n; j++) {
			k = (size_t)(q->rows[j].o - run->os.o);
			if (!q->rows[j].o->payg && find_act(run, k) == NULL &&
			    refund_act(run, &q->rows[j], rr, in) < 0)
				return -1;
		}
	}
	grants_note(&run->grants, &run->qs, 0, run->grants.n);
	return 0;
}

static int plan_row(struct run *, size_t);

/* An instance with no paid order: what its orders say (already refunded,
 * already cancelled, or an unpaid one to cancel). */
static int
plan_unpaid_instance(struct run *run, const struct inst *in)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = run->os.o[i].next)
		if (run->os.o[i].type != OT_REFUND && plan_row(run, i) < 0)
			return -1;
	return 0;
}

static int
has_paid(const struct run *run, const struct inst *in)
{
	size_t i;

	for (i = in->first; i != NO_ORDER; i = run->os.o[i].next)
		if (run->os.o[i].status == OS_PAID &&
		    run->os.o[i].type != OT_REFUND)
			return 1;
	return 0;
}

static int
plan_row(struct run *run, size_t oi)
{
	const struct order *o = &run->os.o[oi];
	const struct inst *in = orders_instance(&run->os, o->instance,
	    strlen(o->instance));
	const struct order *u;
	struct act *a;

	if (find_act(run, oi) != NULL)
		return 0;
	if (!run->selected[oi]) {
		a = add_act(run, oi, ACT_NONE);
		snprintf(a->reason, sizeof a->reason, "not selected by --where");
		return 0;
	}
	switch (o->status) {
	case OS_CANCELLED:
	case OS_REFUNDED:
		a = add_act(run, oi, ACT_NONE);
		snprintf(a->reason, sizeof a->reason, "already %s",
		    o->status == OS_CANCELLED ? "cancelled" : "refunded");
		return 0;
	case OS_UNPAID: {
		const char *words[] = { "bssopenapi", "CancelOrder", "--OrderId",
		    o->id };

		a = add_act(run, oi, ACT_CANCEL);
		a->api = api_call(words, sizeof words / sizeof words[0]);
		return 0;
	}
	case OS_PAID:
		break;
	default:
		refuse(run, oi, "status \"%s\" is none of Unpaid, Paid, "
		    "Cancelled, Refunded", o->status_name);
		return 0;
	}
	if (o->type == OT_REFUND) {
		a = add_act(run, oi, ACT_NONE);
		snprintf(a->reason, sizeof a->reason, "a Refund row: already "
		    "refunded");
	} else if (o->payg)
		refuse(run, oi, "%s", "pay-as-you-go: nothing to refund; "
		    "release the instance instead");
	else if ((u = unpaid_other(run, in, oi)) != NULL)
		refuse(run, oi, "order %s of this instance is unpaid: cancel it "
		    "first", u->id);
	else if (o->type == OT_UPGRADE)
		refuse(run, oi, "%s", "an upgrade is refunded only with its "
		    "instance: give the instance or its New order");
	else if (o->type == OT_RENEW && o->start != NO_TIME &&
	    run->o.now < o->start)
		return plan_renewal(run, in, oi);
	else
		return plan_instance(run, in, oi);
	return 0;
}

/*
 * The rows of the book each ID names as an order_id, in book order:
 * first[i] is ID i's first row, next[j] the one after row j (NO_ORDER
 * ends).  One pass, looking each row's order_id up in the IDs.
 */
static void
rows_of_ids(struct run *run, size_t *first, size_t *next)
{
	const struct order *o;
	struct id *id;
	size_t i, j;

	for (i = 0; i < run->o.ids.n; i++)
		first[i] = NO_ORDER;
	for (j = run->os.n; j-- > 0;) {
		o = &run->os.o[j];
		next[j] = NO_ORDER;
		if ((id = idset_find(&run->o.ids, o->id, strlen(o->id))) ==
		    NULL || idset_find(&run->wanted, o->instance,
		    strlen(o->instance)) == NULL)
			continue;
		i = (size_t)(id - run->o.ids.ids);
		next[j] = first[i];
		first[i] = j;
	}
}

/* Every ID: its order rows, or the instance it names. */
static int
plan(struct run *run)
{
	size_t *first = xcalloc(run->o.ids.n + 1, sizeof *first);
	size_t *next = xcalloc(run->os.n + 1, sizeof *next);
	size_t i, j;
	int rc = 0;

	run->act_of = xcalloc(run->os.n + 1, sizeof *run->act_of);
	run->planned = xcalloc(run->os.nin + 1, sizeof *run->planned);
	rows_of_ids(run, first, next);
	for (i = 0; i < run->o.ids.n && rc == 0; i++) {
		const struct id *id = &run->o.ids.ids[i];
		const struct inst *in;

		for (j = first[i]; j != NO_ORDER && rc == 0; j = next[j])
			rc = plan_row(run, j);
		if (rc < 0 || first[i] != NO_ORDER ||
		    (in = orders_instance(&run->os, id->s, id->len)) == NULL)
			continue;
		rc = has_paid(run, in) ? plan_instance(run, in, NO_ORDER) :
		    plan_unpaid_instance(run, in);
	}
	free(first);
	free(next);
	return rc;
}

/* ---- the receipts ---- */

static const char *const action_name[] = { "cancel", "refund", "none",
	"refused" };

static const char *
status_after(const struct run *run, const struct act *a)
{
	switch (a->kind) {
	case ACT_CANCEL: return "Cancelled";
	case ACT_REFUND: return "Refunded";
	default: return run->os.o[a->oi].status_name;
	}
}

static void
amount_text(struct buf *b, int64_t v, int places)
{
	buf_reset(b);
	money_format(b, v, places);
}

static int
receipts(struct run *run, struct writer *w)
{
	struct rec r;
	struct buf b = BUF_INIT;
	size_t i;
	int rc = 0;

	rec_init(&r);
	for (i = 0; i < run->nacts && rc == 0; i++) {
		const struct act *a = &run->acts[i];
		const struct order *o = &run->os.o[a->oi];

		rec_clear(&r);
		rec_add(&r, "order_id", o->id, strlen(o->id));
		rec_add(&r, "instance_id", o->instance, strlen(o->instance));
		rec_add(&r, "action", action_name[a->kind],
		    strlen(action_name[a->kind]));
		rec_add(&r, "status_before", o->status_name,
		    strlen(o->status_name));
		rec_add(&r, "status_after", status_after(run, a),
		    strlen(status_after(run, a)));
		buf_reset(&b);
		if (a->kind == ACT_REFUND)
			amount_text(&b, a->refund, o->places);
		rec_add(&r, "refund_amount", b.p ? b.p : "", b.len);
		rec_add(&r, "currency", o->currency, strlen(o->currency));
		rec_add(&r, "refund_rule", a->rule, strlen(a->rule));
		rec_add(&r, "reason", a->reason, strlen(a->reason));
		rec_add(&r, "api_call", a->api ? a->api : "",
		    a->api ? strlen(a->api) : 0);
		rc = wr_rec(w, &r);
	}
	rec_free(&r);
	buf_free(&b);
	return rc;
}

static int
write_receipts(struct run *run, struct out *o, enum ofmt fmt, int bold)
{
	struct writer w;
	int rc;

	wr_init(&w, fmt, o);
	w.bold = bold;
	if (run->o.ncols)
		wr_columns(&w, run->o.cols, run->o.ncols, 0);
	else
		wr_columns(&w, receipt_cols, NRECEIPT, 0);
	rc = receipts(run, &w);
	wr_end(&w);
	wr_free(&w);
	return rc;
}

/* ---- applying ---- */

static size_t
changes(const struct run *run)
{
	size_t i, n = 0;

	for (i = 0; i < run->nacts; i++)
		n += run->acts[i].kind == ACT_CANCEL ||
		    run->acts[i].kind == ACT_REFUND;
	return n;
}

static void
put(struct rec *r, const char *name, const char *v)
{
	rec_add(r, name, v, strlen(v));
}

static void
refund_record(struct run *run, const struct refund_row *rr, struct rec *r)
{
	const struct order *o = &run->os.o[rr->oi];
	char t[TS_BUFSZ];
	struct buf b = BUF_INIT;
	const char *region;

	rec_clear(r);
	put(r, "order_id", rr->id);
	put(r, "instance_id", o->instance);
	rec_add(r, "related_order_id", rr->related.p ? rr->related.p : "",
	    rr->related.len);
	put(r, "product", o->product);
	put(r, "order_type", "Refund");
	put(r, "status", "Refunded");
	put(r, "created_at", ts_format(run->o.now, t));
	money_format(&b, -rr->refund, rr->places);
	put(r, "paid_amount", b.p);
	put(r, "currency", rr->currency);
	region = o->region;
	if (*region)
		put(r, "region", region);
	put(r, "refund_rule", rr->rule);
	buf_free(&b);
}

static void
print_notes(const char *p)
{
	const char *nl;

	for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		fprintf(stderr, "%s: %.*s\n", PROG, (int)(nl - p), p);
}

/* The file changed with its journal around it (ledger_commit): -1 when
 * nothing changed (run->d says why); 0 when the file changed; 1 when it
 * changed but a step after that failed, which is said here. */
static int
commit(struct run *run, const struct change *c, size_t n)
{
	int rc;

	rc = ledger_commit(run->l, c, n, run->pol.name, run->o.now, &run->d);
	print_notes(ledger_notes(run->l));
	return rc;
}

static int
apply(struct run *run)
{
	struct change *c = calloc(run->nacts + run->nrr + 1, sizeof *c);
	struct buf *amt = calloc(run->nacts + run->nrr + 1, sizeof *amt);
	char t[TS_BUFSZ];
	struct rec r;
	size_t i, n = 0;
	int rc;

	if (c == NULL || amt == NULL)
		abort();
	ts_format(run->o.now, t);
	rec_init(&r);
	for (i = 0; i < run->nacts; i++) {
		const struct act *a = &run->acts[i];
		const struct order *o = &run->os.o[a->oi];

		if (a->kind != ACT_CANCEL && a->kind != ACT_REFUND)
			continue;
		ledger_set(run->l, o->recno, "status", status_after(run, a));
		c[n].order_id = o->id;
		c[n].instance_id = o->instance;
		c[n].before = o->status_name;
		c[n].after = status_after(run, a);
		c[n].currency = o->currency;
		c[n].refund_rule = a->rule;
		c[n].api_call = a->api;
		if (a->kind == ACT_REFUND) {
			amount_text(&amt[n], a->refund, o->places);
			ledger_set(run->l, o->recno, "refund_rule", a->rule);
			ledger_set(run->l, o->recno, "refund_amount",
			    amt[n].p);
			ledger_set(run->l, o->recno, "refunded_at", t);
		}
		c[n].refund_amount = amt[n].p ? amt[n].p : "";
		n++;
	}
	for (i = 0; i < run->nrr; i++) {
		const struct refund_row *rr = &run->rr[i];

		refund_record(run, rr, &r);
		ledger_append(run->l, &r);
		amount_text(&amt[n], rr->refund, rr->places);
		c[n].order_id = rr->id;
		c[n].instance_id = run->os.o[rr->oi].instance;
		c[n].before = "";
		c[n].after = "Refunded";
		c[n].refund_amount = amt[n].p;
		c[n].currency = rr->currency;
		c[n].refund_rule = rr->rule;
		c[n].api_call = "";
		n++;
	}
	rec_free(&r);
	rc = commit(run, c, n);
	for (i = 0; i < run->nacts + run->nrr + 1; i++)
		buf_free(&amt[i]);
	free(amt);
	free(c);
	return rc;
}

/* A person at a terminal says yes; nobody else is asked. */
static int
confirmed(struct run *run, size_t n)
{
	struct out err;
	char line[64];

	if (run->yes)
		return 1;
	if (!isatty(0)) {
		fprintf(stderr, "%s: standard input is not a terminal: give "
		    "--yes to change %s, or --dry-run to see the plan; nothing "
		    "changed\n", PROG, ledger_path(run->l));
		return -1;
	}
	out_init(&err, 2);
	write_receipts(run, &err, OUT_TABLE, 0);
	out_close(&err);
	fprintf(stderr, "%s: change %zu order%s in %s? [y/N] ", PROG, n,
	    n == 1 ? "" : "s", ledger_path(run->l));
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (strcmp(line, "y\n") != 0 && strcmp(line, "yes\n") != 0 &&
	    strcmp(line, "Y\n") != 0)) {
		fprintf(stderr, "%s: nothing changed\n", PROG);
		return 0;
	}
	return 1;
}

/* ---- main ---- */

static int
number(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

struct choices {
	struct run	*run;
	const char	*policy, *instances;
};

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct choices *c = arg;
	struct run *run = c->run;

	switch (ch) {
	case 'n': run->dry = 1; break;
	case 'y': run->yes = 1; break;
	case OPT_FORCE: run->force = 1; break;
	case OPT_VERIFY: run->verify = 1; break;
	case OPT_POLICY: c->policy = v; break;
	case OPT_INSTANCES: c->instances = v; break;
	case OPT_MAX:
		if (number(v, &run->max) < 0) {
			diag_set(d, NULL, 0, 0, "--max wants a whole number, "
			    "not \"%s\"", v);
			return -1;
		}
		break;
	case OPT_WAIT:
		if (number(v, &run->wait) < 0 || run->wait > MAX_WAIT) {
			diag_set(d, NULL, 0, 0, "--wait wants a whole number "
			    "of seconds from 0 to %d, not \"%s\"", MAX_WAIT,
			    v);
			return -1;
		}
		break;
	default:
		return -2;
	}
	return 0;
}

static int
prepare(struct run *run, int argc, char **argv, const char *policy,
    const char *instances)
{
	if (opts_finish(&run->o, "ECS_ORDERS", argc, argv, &run->d) < 0 ||
	    opts_check_names(&run->o, NAMES_COLS, RK_ANY, run->verify ?
	    verify_cols : receipt_cols, run->verify ? NVERIFY : NRECEIPT,
	    run->verify ? "a field of --verify's records" :
	    "a field of the receipts", &run->d) < 0)
		return -1;
	if (strcmp(run->o.file, "-") == 0) {
		diag_set(&run->d, NULL, 0, 0, "the orders file is changed in "
		    "place: give its path, not -");
		return -1;
	}
	if (run->verify && run->o.have_ids) {
		diag_set(&run->d, NULL, 0, 0, "--verify takes no IDs: it "
		    "reads the whole journal");
		return -1;
	}
	if (run->verify)
		return 0;
	if (run->o.ids.n == 0 && !run->o.have_ids) {
		diag_set(&run->d, NULL, 0, 0, "nothing to cancel: give order "
		    "or instance IDs, or - to read them");
		return -1;
	}
	if (policy_load(&run->pol, policy, &run->d) < 0)
		return -1;
	if (instances == NULL)
		instances = getenv("ECS_INSTANCES");
	if (instances && *instances) {
		if (recmap_load(&run->inst, instances, "instance_id",
		    "order_id", &run->d) < 0)
			return -1;
		run->have_inst = 1;
	}
	return 0;
}

static void
cleanup(struct run *run)
{
	size_t i;

	for (i = 0; i < run->nrr; i++)
		buf_free(&run->rr[i].related);
	free(run->rr);
	for (i = 0; i < run->nacts; i++)
		free(run->acts[i].api);
	free(run->acts);
	free(run->act_of);
	free(run->planned);
	free(run->selected);
	quotes_free(&run->qs);
	orders_free(&run->os);
	idset_free(&run->wanted);
	strtab_free(&run->seen);
	grants_free(&run->grants);
	rec_free(&run->info);
	recmap_free(&run->inst);
	ledger_close(run->l);
	opts_free(&run->o);
}

/* ---- --verify ---- */

static void
verified(void *arg, const struct journal_run *jr)
{
	struct writer *w = arg;
	struct rec r;
	char n[32];

	snprintf(n, sizeof n, "%zu", jr->changes);
	rec_init(&r);
	put(&r, "run", jr->run);
	put(&r, "time", jr->time);
	put(&r, "user", jr->user);
	put(&r, "host", jr->host);
	put(&r, "changes", n);
	put(&r, "outcome", jr->outcome);
	put(&r, "marked", jr->marked ? "yes" : "no");
	(void)wr_rec(w, &r);	/* read from JSON: all UTF-8 */
	rec_free(&r);
}

/* Each run of the journal, and whether the journal accounts for the
 * file: 0 when it does, 1 when not (each reason said), 2 or 3 when the
 * file or the journal cannot be read. */
static int
verify(struct run *run)
{
	struct buf problems = BUF_INIT, notes = BUF_INIT;
	struct writer w;
	struct out out;
	int rc, status;

	rc = ledger_open(&run->l, run->o.file, LEDGER_READ, run->wait,
	    &run->d);
	if (rc != 0) {
		diag_print(&run->d, PROG);
		return rc == LEDGER_LOCKED ? EX_LOCKED : EX_FAIL;
	}
	out_init(&out, 1);
	wr_init(&w, run->o.ofmt, &out);
	if (run->o.ncols)
		wr_columns(&w, run->o.cols, run->o.ncols, 0);
	else
		wr_columns(&w, verify_cols, NVERIFY, 0);
	rc = journal_verify(run->l, verified, &w, &problems, &notes,
	    &run->d);
	wr_end(&w);
	wr_free(&w);
	if (rc < 0)
		out_discard(&out);
	status = finish_output(&out, PROG) != 0 ? EX_FAIL : EX_DONE;
	print_notes(buf_str(&notes));
	print_notes(buf_str(&problems));
	if (rc < 0) {
		diag_print(&run->d, PROG);
		status = EX_FAIL;
	} else if (rc > 0 && status == EX_DONE)
		status = EX_PARTIAL;
	buf_free(&problems);
	buf_free(&notes);
	return status;
}

static int
run_it(struct run *run)
{
	struct out out;
	size_t i, n;
	int status = EX_DONE, rc, changed = 0;

	rc = ledger_open(&run->l, run->o.file, run->dry ? LEDGER_READ :
	    LEDGER_WRITE, run->wait, &run->d);
	if (rc == LEDGER_LOCKED) {
		diag_print(&run->d, PROG);
		return EX_LOCKED;
	}
	snprintf(run->os.file, sizeof run->os.file, "%s", ledger_path(run->l));
	if (rc == 0 && !run->dry)
		ledger_copy_ahead(run->l);
	ledger_expect_key(run->l, "order_id");
	ledger_only(run->l, scanned, sizeof scanned / sizeof scanned[0]);
	run->need_names = opts_check_names(&run->o, NAMES_WHERE, RK_ORDER, NULL,
	    0, NULL, &run->d) < 0;
	if (rc < 0 || ledger_scan(run->l, run->o.ifmt, run->o.delim, want,
	    run, &run->d) < 0 || (run->need_names &&
	    check_where_names(run) < 0) || ledger_rescan(run->l,
	    &run->wanted, gather, run, &run->d) < 0 || plan(run) < 0) {
		diag_print(&run->d, PROG);
		return EX_FAIL;
	}
	status = opts_report_unseen(&run->o);
	for (i = 0; i < run->nacts; i++)
		if (run->acts[i].kind == ACT_REFUSED)
			status = EX_PARTIAL;
	n = changes(run);
	if ((long)n > run->max) {
		fprintf(stderr, "%s: %zu orders would change, more than --max "
		    "%ld; nothing changed\n", PROG, n, run->max);
		return EX_FAIL;
	}
	if (run->skipped_checks)
		fprintf(stderr, "%s: no instances file (--instances or "
		    "ECS_INSTANCES) and no instance records on standard input: "
		    "deletion protection, the Running status and the image and "
		    "spot rules were not checked\n", PROG);
	if (!run->dry && n > 0) {
		if ((rc = confirmed(run, n)) < 0)
			return EX_FAIL;
		if (rc == 0)
			return EX_PARTIAL;
		if ((rc = apply(run)) < 0) {
			diag_print(&run->d, PROG);
			return EX_FAIL;
		}
		changed = 1;
		if (rc > 0)
			status = EX_PARTIAL;
	}
	out_init(&out, 1);
	rc = write_receipts(run, &out, run->o.ofmt, run->o.ofmt == OUT_TABLE &&
	    isatty(1) && (getenv("NO_COLOR") == NULL ||
	    *getenv("NO_COLOR") == '\0'));
	/* 2 says nothing changed: once the file has, a failure to say so
	 * on standard output is a 1 */
	if (finish_output(&out, PROG) != 0 || rc < 0)
		status = changed ? EX_PARTIAL : EX_FAIL;
	return status;
}

int
main(int argc, char **argv)
{
	struct run run;
	struct choices ch = { &run, NULL, NULL };
	int status;

	memset(&run, 0, sizeof run);
	run.max = 50;
	run.wait = 10;
	opts_init(&run.o, PROG, keys, 2);
	run.o.kind = RK_ORDER;
	if ((status = opts_parse(&run.o, argc, argv, COMMON_SHORT "ny",
	    longopts, own, &ch, usage)) >= 0) {
		opts_free(&run.o);
		return status;
	}
	if (prepare(&run, argc - optind, argv + optind, ch.policy,
	    ch.instances) < 0) {
		report(&run.d, PROG);
		cleanup(&run);
		return EX_FAIL;
	}
	status = run.verify ? verify(&run) : run_it(&run);
	cleanup(&run);
	return status;
}
