/*
 * refund-quote: what unsubscribing instances would refund, and why
 * (SPEC 5).  Reads the whole ledger once, groups it by instance, and
 * quotes the instances asked for (all of them without IDs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/out.h"
#include "records/recmap.h"
#include "refund/policy.h"
#include "refund/quoteout.h"
#include "refund/refund.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/progress.h"
#include "values/ts.h"

#define PROG "refund-quote"

enum { OPT_POLICY = OPT_CMD, OPT_PRINT, OPT_EXPLAIN, OPT_PER_ORDER,
	OPT_INSTANCES };

static const struct option longopts[] = {
	COMMON_LONG,
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "print-policy", no_argument, NULL, OPT_PRINT },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "per-order", no_argument, NULL, OPT_PER_ORDER },
	{ "instances", required_argument, NULL, OPT_INSTANCES },
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
	struct grants	 grants;	/* no-reason refunds of the run */
	int		 counted;	/* grants counted in a first pass */
	int		 said_unchecked;
	struct diag	 d;
};

/* A record the quotes give, if -w keeps it. */
static int
emit(struct run *run)
{
	size_t i;

	for (i = 0; i < run->o.nconds; i++)
		if (!cond_match(&run->o.conds[i], &run->r))
			return 0;
	if (wr_rec(&run->w, &run->r) < 0) {
		diag_set(&run->d, NULL, 0, 0, "field \"%s\" is not valid UTF-8",
		    run->w.bad_field);
		return -1;
	}
	return 0;
}

static int
emit_quote(struct run *run, const struct quote *q)
{
	size_t i;

	if (!run->per_order) {
		quote_record(&run->r, q, &run->pol, run->o.now);
		return emit(run);
	}
	for (i = 0; i < q->n; i++) {
		quote_row_record(&run->r, q, i, &run->pol, run->o.now);
		if (emit(run) < 0)
			return -1;
	}
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

/* Quote the instance at place pos of the run; show it, or only count
 * the no-reason refund it would take. */
static int
quote(struct run *run, const struct inst *in, size_t pos, int show)
{
	const struct recmap *maps[2] = { &run->o.piped, run->have_inst ?
	    &run->inst : NULL };
	unsigned got = recmap_fields(maps, 2, in->id, refund_facts, 2,
	    &run->info);
	size_t i;

	quotes_clear(&run->qs);
	if (refund_quote(&run->pol, &run->os, in, &run->info, run->o.now,
	    &run->grants, pos, &run->qs, &run->d) < 0)
		return -1;
	if (!run->counted)
		grants_note(&run->grants, &run->qs, 0, pos);
	if (!show)
		return 0;
	note_unchecked(run, in, 3u & ~got);
	for (i = 0; i < run->qs.n; i++) {
		const struct quote *q = &run->qs.q[i];

		if (run->explain) {
			buf_reset(&run->b);
			refund_explain(&run->b, &run->pol, q, run->o.now);
			out_write(&run->out, run->b.p, run->b.len);
			out_putc(&run->out, '\n');
		} else if (emit_quote(run, q) < 0)
			return -1;
	}
	return 0;
}

static int
read_ledger(struct run *run)
{
	struct reader *rd;
	struct progress pg;
	struct rec *r;
	size_t recno = 0;
	int rc;

	if ((rd = rd_open(run->o.file, run->o.ifmt, run->o.delim,
	    &run->d)) == NULL)
		return -1;
	rd_expect(rd, keys, 1, NULL);
	snprintf(run->os.file, sizeof run->os.file, "%s", rd_name(rd));
	progress_start(&pg, PROG);
	while ((rc = rd_next(rd, &r, &run->d)) > 0) {
		progress_tick(&pg);
		if (orders_add(&run->os, r, recno++, &run->d) < 0) {
			rc = -1;
			break;
		}
	}
	progress_end(&pg);
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

	if (!run->o.have_ids) {
		for (i = 0; i < run->os.nin && rc == 0; i++)
			rc = quote(run, &run->os.in[i], i, 1);
		return rc;
	}
	rank = xcalloc(run->os.nin + 1, sizeof *rank);
	order = xcalloc(run->os.nin + 1, sizeof *order);
	n = orders_asked(&run->os, &run->o.ids, rank);
	for (i = 0; i < run->os.nin; i++)
		if (rank[i] != SIZE_MAX)
			order[rank[i]] = i;
	for (i = 0; i < n && rc == 0 && run->pol.no_reason; i++)
		rc = quote(run, &run->os.in[order[i]], i, 0);
	run->counted = run->pol.no_reason;
	for (i = 0; i < run->os.nin && rc == 0; i++)
		if (rank[i] != SIZE_MAX)
			rc = quote(run, &run->os.in[i], rank[i], 1);
	free(order);
	free(rank);
	return rc;
}

struct choices {
	struct run	*run;
	const char	*policy, *instances;
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
	default: return -2;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct run run;
	struct choices ch = { &run, NULL, NULL, 0 };
	const char *policy, *instances;
	int rc, print, status = EX_DONE;

	memset(&run, 0, sizeof run);
	opts_init(&run.o, PROG, keys, 2);
	if ((rc = opts_parse(&run.o, argc, argv, COMMON_SHORT, longopts, own,
	    &ch, usage)) >= 0) {
		opts_free(&run.o);
		return rc;
	}
	policy = ch.policy;
	instances = ch.instances;
	print = ch.print;
	if (policy_load(&run.pol, policy, &run.d) < 0)
		goto fail;
	out_init(&run.out, 1);
	if (print) {
		policy_write(&run.out, &run.pol);
		opts_free(&run.o);
		return cli_finish(&run.out, PROG);
	}
	run.o.kind = run.per_order ? RK_QUOTE_ROW : RK_QUOTE;
	if (opts_finish(&run.o, "ECS_ORDERS", argc - optind, argv + optind,
	    &run.d) < 0 || opts_check_names(&run.o, NAMES_COLS | NAMES_WHERE,
	    run.o.kind, NULL, 0, NULL, &run.d) < 0)
		goto fail;
	if ((run.have_inst = opts_instances(instances, &run.inst,
	    &run.d)) < 0)
		goto fail;
	if (read_ledger(&run) < 0)
		goto fail;
	wr_init(&run.w, run.o.ofmt, &run.out);
	run.w.bold = cli_bold(run.o.ofmt);
	if (!run.explain) {
		if (run.o.ncols)
			wr_columns(&run.w, run.o.cols, run.o.ncols, 0);
		else if (run.per_order)
			wr_columns(&run.w, quote_row_cols, QUOTE_ROW_COLS, 0);
		else
			wr_columns(&run.w, quote_cols, QUOTE_COLS, 0);
	}
	rec_init(&run.r);
	rec_init(&run.info);
	if (quote_selected(&run) < 0) {
		out_discard(&run.out);
		diag_print(&run.d, PROG);
		status = EX_FAIL;
	} else if (!run.explain)
		wr_end(&run.w);
	if (status == EX_DONE)
		status = opts_report_unseen(&run.o);
	if (cli_finish(&run.out, PROG) != 0)
		status = EX_FAIL;
	wr_free(&run.w);
	rec_free(&run.r);
	rec_free(&run.info);
	grants_free(&run.grants);
	buf_free(&run.b);
	quotes_free(&run.qs);
	orders_free(&run.os);
	recmap_free(&run.inst);
	opts_free(&run.o);
	return status;
fail:
	cli_report(&run.d, PROG);
	out_discard(&run.out);
	out_close(&run.out);
	recmap_free(&run.inst);
	orders_free(&run.os);
	opts_free(&run.o);
	return EX_FAIL;
}
