/*
 * refund-quote: what unsubscribing instances would refund, and why
 * (SPEC 5).  Reads the ledger once, groups it by instance, and quotes
 * the instances asked for (all of them without IDs); with IDs it keeps
 * only the rows those instances and the no-reason quota need, so that
 * its memory does not grow with the ledger.  Without IDs, one quote per
 * instance and currency at one time, it keeps no rows but sums (sweep.h),
 * and reads the file again the full way only when the sums will not do.
 * Some 770 lines: one reading and one loop over the instances serve
 * each way the quotes are shown (a quote, --per-order, --explain,
 * --schedule, --best, --total), whose options are checked together; the
 * quoting itself is libcore/refund/'s.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/out.h"
#include "records/reader.h"
#include "records/recmap.h"
#include "refund/policy.h"
#include "refund/quoteout.h"
#include "refund/refund.h"
#include "refund/schedule.h"
#include "refund/sweep.h"
#include "refund/total.h"
#include "select/idset.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/progress.h"

#define PROG "refund-quote"

enum { OPT_POLICY = OPT_CMD, OPT_PRINT, OPT_EXPLAIN, OPT_PER_ORDER,
	OPT_INSTANCES, OPT_SCHEDULE, OPT_BEST, OPT_UNTIL, OPT_STEP, OPT_TOTAL };

static const struct option longopts[] = {
	COMMON_LONG,
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "print-policy", no_argument, NULL, OPT_PRINT },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "per-order", no_argument, NULL, OPT_PER_ORDER },
	{ "instances", required_argument, NULL, OPT_INSTANCES },
	{ "schedule", no_argument, NULL, OPT_SCHEDULE },
	{ "best", no_argument, NULL, OPT_BEST },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "total", no_argument, NULL, OPT_TOTAL },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("Usage: %s [-f FILE] [OPTION]... [ORDER_ID | INSTANCE_ID]... [-]\n"
"Compute what unsubscribing instances would refund, and why.\n"
"\n"
"  -f, --file FILE          orders ledger, - for standard input\n"
"                           (default: $ECS_ORDERS)\n"
"  -i, --input-format FMT   csv, tsv, yaml or json (default: from content)\n"
"  -d, --delimiter C        field separator of CSV input ('\\t' or tab)\n"
"  -o, --output FMT         csv, tsv, table, yaml, json, jsonl\n"
"                           (default: table on a terminal, else csv)\n"
"  -c, --columns A,B,...    these fields of the quotes, in this order\n"
"  -w, --where 'F OP V'     keep quotes where field F compares to V\n"
"      --at TIME            quote as of TIME (default: now)\n"
"      --policy NAME|FILE   intl (default), cn, or a policy file\n"
"                           (default: $ECS_POLICY)\n"
"      --print-policy       write the policy as YAML and exit\n"
"      --per-order          one quote per order row, not per instance\n"
"      --explain            write each step of the derivation instead\n"
"      --instances FILE     instances file, for the spot and image rules\n"
"                           (default: $ECS_INSTANCES)\n"
"      --schedule           the refund at each step from --at to --until,\n"
"                           and what changes it\n"
"      --best               the step that returns the most, and its gain\n"
"                           over --at\n"
"      --until TIME         end of --schedule and --best (default: 60 days\n"
"                           after --at)\n"
"      --step DURATION      step of --schedule and --best (default: 1d)\n"
"      --total              the totals per currency instead of the quotes\n"
"                           (after a table on a terminal, both)\n"
"  -H, --no-header          no header line in csv, tsv and table output\n"
"      --wide               table: every column, no cell cut\n"
"      --color[=WHEN]       bold table header: auto, always or never\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"IDs are order ids (quoting their instances) or instance ids; - reads IDs\n"
"or records from standard input; without IDs every instance is quoted.\n"
"Exit status: 0 done, 1 some IDs not found, 2 bad usage or input.\n"
"See refund-quote(1).\n", PROG);
}

static const char *const keys[] = { "order_id", "instance_id" };


struct run {
	struct opts	 o;
	struct policy	 pol;
	struct recmap	 inst;
	int		 have_inst;
	struct orders	 os;
	struct quotes	 qs;
	struct out	 out;
	struct writer	 w;
	struct rec	 r;
	struct buf	 b;
	int		 explain, per_order;
	struct rec	 info;		/* what is known of the instance */
	int		 schedule, best;
	struct schedule	 at;		/* the quotes' times: --at, or the
					 * steps of a schedule */
	struct grants	*g;		/* no-reason refunds of the run, at
					 * each time */
	int		 counted;	/* grants counted in a first pass */
	struct quotes	 prev;		/* a schedule's step before */
	int		 total, show_total;	/* --total; totals after */
	struct totals	 totals;	/* of the quotes -w keeps */
	int		 said_unchecked;
	struct sweep	 sw;		/* every instance, from sums */
	int		 swept;		/* the quotes are sw's */
	struct diag	 d;
};

/* A record the quotes give, if -w keeps it: 1 when it does (written
 * unless only totals are), 0 when not, -1 on error. */
static int
emit(struct run *run)
{
	size_t i;

	for (i = 0; i < run->o.nconds; i++)
		if (!cond_match(&run->o.conds[i], &run->r))
			return 0;
	if (run->total)
		return 1;
	if (wr_rec(&run->w, &run->r) < 0) {
		diag_set(&run->d, NULL, 0, 0, "field \"%s\" is not valid UTF-8",
		    run->w.bad_field);
		return -1;
	}
	return 1;
}

/* Whether the totals are written (--total, or after a table on a
 * terminal): only then are they added up, so that a total too large to
 * add stops no run that does not ask for it. */
static int
counted(const struct run *run)
{
	return run->total || run->show_total;
}

static int
emit_quote(struct run *run, const struct quote *q)
{
	size_t i;
	int rc;

	if (!run->per_order) {
		quote_record(&run->r, q, &run->pol, run->o.now);
		if ((rc = emit(run)) > 0)
			rc = counted(run) ? totals_quote(&run->totals, q, -1,
			    &run->d) : 0;
		return rc;
	}
	for (i = 0; i < q->n; i++) {
		quote_row_record(&run->r, q, i, &run->pol, run->o.now);
		if ((rc = emit(run)) > 0)
			rc = counted(run) ? totals_quote(&run->totals, q,
			    (long)i, &run->d) : 0;
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The totals, as records: alone (--total), or as a second table after
 * the quotes' on a terminal. */
static int
write_totals(struct run *run)
{
	struct writer w;
	size_t i;

	if (run->show_total) {
		if (run->w.count == 0)
			return 0;
		out_putc(&run->out, '\n');
	}
	wr_init(&w, run->o.ofmt, &run->out);
	opts_writer(&run->o, &w);
	if (run->best)
		wr_columns(&w, total_best_cols, TOTAL_BEST_COLS, 0);
	else
		wr_columns(&w, total_cols, TOTAL_COLS, 0);
	for (i = 0; i < run->totals.n; i++) {
		total_record(&run->r, &run->totals.t[i], run->best);
		wr_rec(&w, &run->r);
	}
	wr_end(&w);
	wr_free(&w);
	return 0;
}

/* Say when the image and spot rules could not be checked for an instance
 * whose refund they could change: once for all when nothing tells of
 * instances, else for each instance. */
static void
note_unchecked(struct run *run, const struct inst *in, unsigned missing)
{
	struct buf fields = BUF_INIT, rules = BUF_INIT;
	size_t i;

	for (i = 0; i < run->qs.n && run->qs.q[i].refund == 0; i++)
		;
	if (missing == 0 || i == run->qs.n || run->said_unchecked)
		return;
	refund_unchecked(&fields, &rules, missing);
	if (!run->have_inst && run->o.piped.rs.n == 0) {
		fprintf(stderr, "%s: no instances file (--instances or "
		    "ECS_INSTANCES) and no instance records on standard input: "
		    "%s were not checked\n", PROG, buf_str(&rules));
		run->said_unchecked = 1;
	} else
		fprintf(stderr, "%s: %s: no %s for it on standard input or in "
		    "the instances file: %s were not checked\n", PROG, in->id,
		    buf_str(&fields), buf_str(&rules));
	buf_free(&fields);
	buf_free(&rules);
}

/* What the records on standard input, then the instances file, say of
 * an instance, into run->info: bits 1 << FACT_ of those found. */
static unsigned
facts(struct run *run, const struct inst *in)
{
	const struct recmap *maps[2] = { &run->o.piped, run->have_inst ?
	    &run->inst : NULL };

	return recmap_fields(maps, 2, in->id, refund_facts, 2, &run->info);
}

/* The quotes of the instance at place pos of the run at time k, in
 * run->qs; the no-reason refund it takes is noted when note says. */
static int
quote_at(struct run *run, const struct inst *in, size_t k, size_t pos,
    int note)
{
	quotes_clear(&run->qs);
	if (refund_quote(&run->pol, &run->os, in, &run->info, run->at.t[k],
	    &run->g[k], pos, &run->qs, &run->d) < 0)
		return -1;
	if (note)
		grants_note(&run->g[k], &run->qs, 0, pos);
	return 0;
}

/* Step k of a schedule (quote_at, its refund noted until counted); the
 * first step also says what could not be checked. */
static int
quote_step(struct run *run, const struct inst *in, size_t k, size_t pos,
    unsigned missing)
{
	if (quote_at(run, in, k, pos, !run->counted) < 0)
		return -1;
	if (k == 0)
		note_unchecked(run, in, missing);
	return 0;
}

static void
explain(struct run *run, const struct quote *q, int64_t at)
{
	buf_reset(&run->b);
	refund_explain(&run->b, &run->pol, q, at);
	out_write(&run->out, run->b.p, run->b.len);
	out_putc(&run->out, '\n');
}

/* The quote in qs of this currency, or NULL. */
static const struct quote *
in_currency(const struct quotes *qs, const char *currency)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		if (strcmp(qs->q[i].currency, currency) == 0)
			return &qs->q[i];
	return NULL;
}

/* Each step, and what changed since the one before. */
static int
show_schedule(struct run *run, const struct inst *in, size_t pos,
    unsigned missing)
{
	struct buf change = BUF_INIT;
	struct quotes t;
	size_t i, k;
	int rc = 0;

	for (k = 0; k < run->at.n && rc == 0; k++) {
		if ((rc = quote_step(run, in, k, pos, missing)) < 0)
			break;
		for (i = 0; i < run->qs.n && rc == 0; i++) {
			const struct quote *q = &run->qs.q[i];

			buf_reset(&change);
			schedule_change(&change, &run->pol, k ?
			    in_currency(&run->prev, q->currency) : NULL, q);
			if (run->explain && (k == 0 || change.len > 0))
				explain(run, q, run->at.t[k]);
			else if (!run->explain) {
				schedule_record(&run->r, q, run->at.t[k],
				    buf_str(&change));
				rc = emit(run) < 0 ? -1 : 0;
			}
		}
		t = run->prev;
		run->prev = run->qs;
		run->qs = t;
	}
	buf_free(&change);
	return rc;
}

/* The best step of each currency, and its gain over the first. */
static int
show_best(struct run *run, const struct inst *in, size_t pos,
    unsigned missing)
{
	struct bests bs = { NULL, 0, 0 };
	const struct quote *q;
	size_t j, k;
	int rc = 0;

	for (k = 0; k < run->at.n && rc == 0; k++) {
		if ((rc = quote_step(run, in, k, pos, missing)) < 0)
			break;
		bests_note(&bs, &run->qs, k);
	}
	for (j = 0; j < bs.n && rc == 0; j++) {
		if ((rc = quote_at(run, in, bs.b[j].k, pos, 0)) < 0 ||
		    (q = in_currency(&run->qs, bs.b[j].currency)) == NULL)
			continue;
		if (run->explain)
			explain(run, q, run->at.t[bs.b[j].k]);
		else {
			best_record(&run->r, q, run->at.t[bs.b[j].k],
			    bs.b[j].first);
			if ((rc = emit(run)) > 0)
				rc = counted(run) ? totals_best(&run->totals,
				    q, bs.b[j].first, &run->d) : 0;
		}
	}
	bests_free(&bs);
	return rc;
}

/* The instance at place pos of the run, shown as the options ask. */
static int
show(struct run *run, const struct inst *in, size_t pos)
{
	unsigned missing = 3u & ~facts(run, in);
	size_t i;

	if (run->schedule)
		return show_schedule(run, in, pos, missing);
	if (run->best)
		return show_best(run, in, pos, missing);
	if (quote_at(run, in, 0, pos, !run->counted) < 0)
		return -1;
	note_unchecked(run, in, missing);
	for (i = 0; i < run->qs.n; i++) {
		if (run->explain)
			explain(run, &run->qs.q[i], run->at.t[0]);
		else if (emit_quote(run, &run->qs.q[i]) < 0)
			return -1;
	}
	return 0;
}

/* Instance i of the sweep, quoted as show quotes it. */
static int
show_swept(struct run *run, size_t i)
{
	const struct inst *in = sweep_instance(&run->sw, i);
	unsigned missing = 3u & ~facts(run, in);
	size_t k;

	quotes_clear(&run->qs);
	if (sweep_quote(&run->sw, i, &run->info, &run->g[0], &run->qs,
	    &run->d) < 0)
		return -1;
	grants_note(&run->g[0], &run->qs, 0, i);
	note_unchecked(run, in, missing);
	for (k = 0; k < run->qs.n; k++)
		if (emit_quote(run, &run->qs.q[k]) < 0)
			return -1;
	return 0;
}

/* Count only: the no-reason refund the instance takes at each time. */
static int
count(struct run *run, const struct inst *in, size_t pos)
{
	size_t k;

	facts(run, in);
	for (k = 0; k < run->at.n; k++)
		if (quote_at(run, in, k, pos, 1) < 0)
			return -1;
	return 0;
}

/*
 * With IDs, only some rows matter: those of the instances asked for, and
 * the Refund rows the no-reason quota counts.  An ID may name an order
 * whose instance has rows before it: then the file is read again, for
 * every row of the instances now known.
 */
struct filter {
	struct idset	 wanted;	/* instances, and IDs that may be */
	int		 late;		/* an instance found by an order ID */
	uint64_t	 lens;		/* bit n: an ID of n bytes (63: more) */
	size_t		 hint[4];
};

static uint64_t
len_bit(size_t n)
{
	return UINT64_C(1) << (n < 63 ? n : 63);
}

/* An ID of this length may be in the set: most rows' values are not
 * looked up at all. */
static struct id *
find(struct idset *set, uint64_t lens, const char *s, size_t n)
{
	if (s == NULL || n == 0 || (lens & len_bit(n)) == 0)
		return NULL;
	return idset_find(set, s, n);
}

static void
want(struct filter *f, const char *s, size_t n)
{
	idset_add(&f->wanted, s, n);
	f->lens |= len_bit(n);
}

static int
keep_row(struct run *run, struct filter *f, const struct rec *r)
{
	const char *oid, *iid;
	size_t on = 0, in = 0;

	iid = rec_get_at(r, "instance_id", &f->hint[1], &in);
	if (find(&f->wanted, f->lens, iid, in) != NULL)
		return 1;
	oid = rec_get_at(r, "order_id", &f->hint[0], &on);
	if (iid != NULL && in > 0 && find(&run->o.ids, f->lens, oid, on)) {
		want(f, iid, in);
		f->late = 1;
		return 1;
	}
	/* rows without the ids are orders_add's to report */
	if (iid == NULL || in == 0 || oid == NULL || on == 0)
		return 1;
	return orders_no_reason_row(rec_get_at(r, "order_type", &f->hint[2],
	    NULL), rec_get_at(r, "refund_rule", &f->hint[3], NULL));
}

static int
read_rows(struct run *run, struct reader *rd, struct filter *f)
{
	struct progress pg;
	struct rec *r;
	size_t recno = 0;
	int rc;

	progress_start(&pg, PROG);
	while ((rc = rd_next(rd, &r, &run->d)) > 0) {
		progress_tick(&pg);
		if ((f == NULL || keep_row(run, f, r)) &&
		    orders_add(&run->os, r, recno, &run->d) < 0) {
			rc = -1;
			break;
		}
		recno++;
	}
	progress_end(&pg);
	return rc;
}

/*
 * Every instance, one quote per instance and currency, at one time: the
 * no-reason quota is shared in ledger order, as show shares it; quoted
 * from sums as the rows are read
 * (sweep.h), not kept.  When the sweep gives up, the file is read again
 * the full way, which says what is wrong or gives the quotes.
 */
static int
sweepable(const struct run *run)
{
	return !run->o.have_ids && !run->explain && !run->per_order &&
	    !run->schedule && !run->best && run->at.n == 1;
}

static int
sweep_rows(struct run *run, struct reader *rd)
{
	struct progress pg;
	struct rec *r;
	int rc;

	sweep_init(&run->sw, &run->pol, run->at.t[0], rd_name(rd));
	progress_start(&pg, PROG);
	while ((rc = rd_next(rd, &r, &run->d)) > 0) {
		progress_tick(&pg);
		if (sweep_add(&run->sw, r, &run->d) < 0) {
			rc = -1;
			break;
		}
	}
	progress_end(&pg);
	if (rc == 0)
		rc = sweep_end(&run->sw);
	if (rc < 0) {
		sweep_free(&run->sw);
		memset(&run->d, 0, sizeof run->d);
		return rd_rewind(rd, &run->d) < 0 ? -2 : -1;
	}
	run->swept = 1;
	return 0;
}

static int
read_ledger(struct run *run)
{
	struct filter f;
	struct reader *rd;
	size_t i;
	int rc;

	if ((rd = rd_open(run->o.file, run->o.ifmt, run->o.delim,
	    &run->d)) == NULL)
		return -1;
	rd_expect(rd, keys, 1, NULL);
	snprintf(run->os.file, sizeof run->os.file, "%s", rd_name(rd));
	if (sweepable(run) && rd_seekable(rd) &&
	    (rc = sweep_rows(run, rd)) != -1) {
		rd_close(rd);
		return rc < 0 ? -1 : 0;
	}
	if (!run->o.have_ids || !rd_seekable(rd)) {
		rc = read_rows(run, rd, NULL);
		rd_close(rd);
		return rc;
	}
	memset(&f, 0, sizeof f);
	for (i = 0; i < run->o.ids.n; i++)
		want(&f, run->o.ids.ids[i].s, run->o.ids.ids[i].len);
	rc = read_rows(run, rd, &f);
	if (rc == 0 && f.late) {
		orders_free(&run->os);
		snprintf(run->os.file, sizeof run->os.file, "%s", rd_name(rd));
		f.late = 0;
		if ((rc = rd_rewind(rd, &run->d)) == 0)
			rc = read_rows(run, rd, &f);
	}
	idset_free(&f.wanted);
	rd_close(rd);
	return rc;
}

/*
 * The instances the IDs name, all without IDs, written in ledger order.
 * The no-reason quota is shared as order-cancel shares it, taking the
 * instances in the order of the IDs: counted first in that order when it
 * is not the ledger's.
 */
static int
quote_selected(struct run *run)
{
	size_t *rank, *order, i, n;
	int rc = 0;

	if (run->swept) {
		for (i = 0; i < sweep_count(&run->sw) && rc == 0; i++)
			rc = show_swept(run, i);
		return rc;
	}
	if (!run->o.have_ids) {
		for (i = 0; i < run->os.nin && rc == 0; i++)
			rc = show(run, &run->os.in[i], i);
		return rc;
	}
	rank = xcalloc(run->os.nin + 1, sizeof *rank);
	order = xcalloc(run->os.nin + 1, sizeof *order);
	n = orders_asked(&run->os, &run->o.ids, rank);
	for (i = 0; i < run->os.nin; i++)
		if (rank[i] != SIZE_MAX)
			order[rank[i]] = i;
	for (i = 0; i < n && rc == 0 && run->pol.no_reason; i++)
		rc = count(run, &run->os.in[order[i]], i);
	run->counted = run->pol.no_reason;
	for (i = 0; i < run->os.nin && rc == 0; i++)
		if (rank[i] != SIZE_MAX)
			rc = show(run, &run->os.in[i], rank[i]);
	free(order);
	free(rank);
	return rc;
}

struct choices {
	struct run	*run;
	const char	*policy, *instances, *until, *step;
	int		 print;
};

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct choices *c = arg;

	(void)d;
	switch (ch) {
	case OPT_POLICY: c->policy = v; break;
	case OPT_PRINT: c->print = 1; break;
	case OPT_EXPLAIN: c->run->explain = 1; break;
	case OPT_PER_ORDER: c->run->per_order = 1; break;
	case OPT_INSTANCES: c->instances = v; break;
	case OPT_SCHEDULE: c->run->schedule = 1; break;
	case OPT_BEST: c->run->best = 1; break;
	case OPT_UNTIL: c->until = v; break;
	case OPT_STEP: c->step = v; break;
	case OPT_TOTAL: c->run->total = 1; break;
	default: return -2;
	}
	return 0;
}

/* The times of the quotes: --at, or the steps from it to --until. */
static int
times(struct run *run, const struct choices *c)
{
	if (!run->schedule && !run->best && (c->until || c->step)) {
		diag_set(&run->d, NULL, 0, 0, "--%s goes with --schedule or "
		    "--best", c->until ? "until" : "step");
		return -1;
	}
	if (run->total && (run->schedule || run->explain || run->o.ncols)) {
		diag_set(&run->d, NULL, 0, 0, "--total does not go with %s",
		    run->schedule ? "--schedule" : run->explain ? "--explain" :
		    "-c");
		return -1;
	}
	if (run->per_order && (run->schedule || run->best)) {
		diag_set(&run->d, NULL, 0, 0, "--per-order does not go with "
		    "--schedule or --best");
		return -1;
	}
	if (!run->schedule && !run->best) {
		run->at.n = 1;
		run->at.t = xcalloc(1, sizeof *run->at.t);
		run->at.t[0] = run->o.now;
	} else if (schedule_times(&run->at, run->o.now, c->until, c->step,
	    &run->d) < 0)
		return -1;
	run->g = xcalloc(run->at.n, sizeof *run->g);
	return 0;
}

/* The columns, unless -c: of the records the options ask for. */
static void
columns(struct run *run)
{
	if (run->o.ncols)
		wr_columns(&run->w, run->o.cols, run->o.ncols, 0);
	else if (run->schedule)
		wr_columns(&run->w, schedule_cols, SCHEDULE_COLS, 0);
	else if (run->best)
		wr_columns(&run->w, best_cols, BEST_COLS, 0);
	else if (run->per_order)
		wr_columns(&run->w, quote_row_cols, QUOTE_ROW_COLS, 0);
	else
		wr_columns(&run->w, quote_cols, QUOTE_COLS, 0);
}

int
main(int argc, char **argv)
{
	struct run run;
	struct choices ch = { &run, NULL, NULL, NULL, NULL, 0 };
	const char *const *brief;
	int rc, status = EX_DONE;
	size_t i, n;

	memset(&run, 0, sizeof run);
	opts_init(&run.o, PROG, keys, 2);
	if ((rc = opts_parse(&run.o, argc, argv, COMMON_SHORT, longopts, own,
	    &ch, usage)) >= 0) {
		opts_free(&run.o);
		return rc;
	}
	if (policy_load(&run.pol, ch.policy, &run.d) < 0)
		goto fail;
	out_init(&run.out, 1);
	if (ch.print) {
		policy_write(&run.out, &run.pol);
		opts_free(&run.o);
		return cli_finish(&run.out, PROG);
	}
	run.o.kind = run.schedule ? RK_SCHEDULE : run.best ? RK_BEST :
	    run.per_order ? RK_QUOTE_ROW : RK_QUOTE;
	if (opts_finish(&run.o, "ECS_ORDERS", argc - optind, argv + optind,
	    &run.d) < 0 || opts_check_names(&run.o, NAMES_COLS | NAMES_WHERE,
	    run.o.kind, NULL, 0, NULL, &run.d) < 0 || times(&run, &ch) < 0)
		goto fail;
	brief = field_brief(run.o.kind, &n);
	opts_table_columns(&run.o, brief, n);
	if ((run.have_inst = opts_instances(ch.instances, &run.inst,
	    &run.d)) < 0)
		goto fail;
	if (read_ledger(&run) < 0)
		goto fail;
	wr_init(&run.w, run.o.ofmt, &run.out);
	opts_writer(&run.o, &run.w);
	run.show_total = !run.total && !run.explain && !run.schedule &&
	    run.o.ofmt == OUT_TABLE && isatty(1);
	if (!run.explain && !run.total)
		columns(&run);
	rec_init(&run.r);
	rec_init(&run.info);
	if (quote_selected(&run) < 0) {
		out_discard(&run.out);
		diag_print(&run.d, PROG);
		status = EX_FAIL;
	} else if (run.total)
		write_totals(&run);
	else if (!run.explain) {
		wr_end(&run.w);
		opts_table_note(&run.o, &run.w);
		if (run.show_total)
			write_totals(&run);
	}
	if (status == EX_DONE)
		status = opts_report_unseen(&run.o);
	if (cli_finish(&run.out, PROG) != 0)
		status = EX_FAIL;
	wr_free(&run.w);
	rec_free(&run.r);
	rec_free(&run.info);
	for (i = 0; i < run.at.n; i++)
		grants_free(&run.g[i]);
	free(run.g);
	schedule_free(&run.at);
	buf_free(&run.b);
	quotes_free(&run.qs);
	quotes_free(&run.prev);
	totals_free(&run.totals);
	orders_free(&run.os);
	sweep_free(&run.sw);
	recmap_free(&run.inst);
	opts_free(&run.o);
	return status;
fail:
	cli_report(&run.d, PROG);
	out_discard(&run.out);
	out_close(&run.out);
	schedule_free(&run.at);
	free(run.g);
	recmap_free(&run.inst);
	orders_free(&run.os);
	sweep_free(&run.sw);
	opts_free(&run.o);
	return EX_FAIL;
}
