/*
 * order-cancel: cancel unpaid orders, or unsubscribe paid subscriptions
 * and record their refunds (SPEC 4).  One plan is made under the file's
 * lock from the orders it reads (libcore/refund/book.c, plan.c); a dry
 * run prints it, a real run asks (on a terminal), applies exactly it
 * through the ledger, which journals it, and prints it.  What is here is
 * the options, the prompt, the printing and the order of the steps:
 * some 600 lines, a tenth of them the usage text, since the command has
 * four ways to run (a run, --plan, --apply, --verify) whose options are
 * checked together.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "ledger/journal.h"
#include "ledger/ledger.h"
#include "records/out.h"
#include "records/recmap.h"
#include "refund/book.h"
#include "refund/plan.h"
#include "refund/planfile.h"
#include "refund/policy.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/receipts.h"

#define PROG "order-cancel"
#define MAX_WAIT 86400	/* --wait: a day; a cron job runs again by then */

enum {
	OPT_DRY = OPT_CMD, OPT_MAX, OPT_INSTANCES, OPT_FORCE, OPT_WAIT,
	OPT_POLICY, OPT_VERIFY, OPT_PLAN, OPT_APPLY, OPT_SCRIPT
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
	{ "plan", required_argument, NULL, OPT_PLAN },
	{ "apply", required_argument, NULL, OPT_APPLY },
	{ "script", required_argument, NULL, OPT_SCRIPT },
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
"      --plan FILE          a dry run that also writes the plan to FILE,\n"
"                           to review, then carry out with --apply\n"
"      --apply FILE         carry out exactly the plan in FILE, if the\n"
"                           ledger, policy and figures are still its own\n"
"                           (IDs, -w, --policy, --instances, --force and\n"
"                           --max are the plan's)\n"
"      --script FILE        write the cloud calls of the changes made as\n"
"                           a sh script, each action once\n"
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
"  -H, --no-header          no header line in csv, tsv and table output\n"
"      --wide               table: every column, no cell cut\n"
"      --color[=WHEN]       bold table header: auto, always or never\n"
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

struct run {
	struct opts	 o;
	struct policy	 pol;
	struct recmap	 inst;
	int		 have_inst, force, dry, yes, verify, max_set;
	long		 max, wait;
	const char	*policy, *instances;	/* as named */
	const char	*plan_path, *apply_path, *script_path;
	struct ledger	*l;
	struct book	 b;		/* the orders the plan reads */
	struct plan	 p;
	struct plan_file was;		/* --apply's plan */
	struct plan_file now;		/* the plan made, as a plan file */
	int		 shown;		/* the receipts were shown at the
					 * prompt, on the terminal that is
					 * standard output too */
	struct diag	 d;
};

/* ---- reading and planning ---- */

/* A field -w names that is not an order field is one of the file's. */
static int
where_names(void *o, const char *const *known, size_t n, const char *in,
    struct diag *d)
{
	return opts_check_names(o, NAMES_WHERE, RK_ORDER, known, n, in, d);
}

/* The orders the plan reads, then the plan. */
static int
plan(struct run *run)
{
	struct diag nd;		/* whether -w names a file's field */
	int names = opts_check_names(&run->o, NAMES_WHERE, RK_ORDER, NULL, 0,
	    NULL, &nd) < 0, rc;
	struct plan_input in = { &run->pol, &run->b.os, NULL, run->o.now,
	    &run->o.piped, run->have_inst ? &run->inst : NULL, run->force };

	/* the records' digest is a plan file's, to write or compare */
	run->b.no_digest = run->plan_path == NULL && run->apply_path == NULL;
	if (book_read(&run->b, run->l, run->o.ifmt, run->o.delim, &run->o.ids,
	    run->o.conds, run->o.nconds, names ? where_names : NULL, &run->o,
	    &run->d) < 0)
		return -1;
	in.selected = run->b.selected;
	rc = plan_make(&run->p, &in, &run->o.ids, &run->b.wanted, &run->d);
	cli_notes(PROG, &run->p.notes);
	return rc;
}

/* The plan made now, as a plan file: what --plan writes and what
 * --apply compares with its plan. */
static int
plan_now(struct run *run)
{
	struct plan_basis b = { ledger_path(run->l), &run->b.digest,
	    &run->pol, run->policy, run->instances, &run->o.ids, run->o.where,
	    run->o.nwhere, run->max };

	return plan_file_make(&run->now, &run->p, &b, &run->d);
}

/* ---- printing and the prompt ---- */

/* Receipt i of the plan. */
static void
receipt(const void *p, size_t i, struct rec *r)
{
	plan_receipt(p, i, r);
}

/* The plan's receipts, to print or show. */
static struct receipts
plan_receipts(const struct run *run)
{
	struct receipts rs = { plan_receipt_cols, PLAN_RECEIPT_COLS,
	    run->p.n, receipt, &run->p };

	return rs;
}

static int
receipts(struct run *run)
{
	struct receipts rs = plan_receipts(run);

	return receipts_print(&run->o, &rs);
}

/* The summary line on standard error, after "order-cancel: what: ". */
static void
summary(const struct run *run, const char *what, int done, const char *end)
{
	struct buf b = BUF_INIT;

	plan_summary(&run->p, done, &b);
	fprintf(stderr, "%s: %s%s%s\n", PROG, what, buf_str(&b), end);
	buf_free(&b);
}

/* A person at a terminal says yes, having seen the plan and its summary;
 * nobody else is asked. */
static int
confirmed(struct run *run)
{
	struct receipts rs = plan_receipts(run);
	struct buf b = BUF_INIT;
	int rc;

	if (run->yes)
		return 1;
	plan_summary(&run->p, 0, &b);
	rc = receipts_confirm(&run->o, &rs, buf_str(&b),
	    ledger_path(run->l), "the plan", &run->shown);
	buf_free(&b);
	return rc;
}

/* --apply: 0 when the plan made now is the plan applied, or when it was
 * carried out already (said: the run goes on, changing nothing, as a
 * run naming orders already done does); else each difference said, and
 * -1. */
static int
still_holds(struct run *run)
{
	struct buf b = BUF_INIT;
	size_t n;

	if (plan_file_done(&run->was, &run->now)) {
		fprintf(stderr, "%s: the plan in %s is carried out already: "
		    "each order it changes is as it would leave it\n", PROG,
		    run->apply_path);
		return 0;
	}
	n = plan_file_diff(&run->was, &run->now, &b);
	if (n > 0) {
		cli_notes(PROG, &b);
		fprintf(stderr, "%s: the plan in %s no longer holds (%zu "
		    "difference%s): make a new plan with --plan; nothing "
		    "changed\n", PROG, run->apply_path, n, n == 1 ? "" : "s");
	}
	buf_free(&b);
	return n > 0 ? -1 : 0;
}

static void
put_plan(struct out *o, const void *pf)
{
	plan_file_write(o, pf);
}

static void
put_script(struct out *o, const void *p)
{
	plan_script(o, p);
}

/* ---- the options ---- */

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct run *run = arg;

	switch (ch) {
	case 'n': run->dry = 1; break;
	case 'y': run->yes = 1; break;
	case OPT_FORCE: run->force = 1; break;
	case OPT_VERIFY: run->verify = 1; break;
	case OPT_POLICY: run->policy = v; break;
	case OPT_INSTANCES: run->instances = v; break;
	case OPT_PLAN: run->plan_path = v; run->dry = 1; break;
	case OPT_APPLY: run->apply_path = v; break;
	case OPT_SCRIPT: run->script_path = v; break;
	case OPT_MAX:
		run->max_set = 1;
		if (cli_number(v, &run->max) < 0) {
			diag_set(d, NULL, 0, 0, "--max wants a whole number, "
			    "not \"%s\"", v);
			return -1;
		}
		break;
	case OPT_WAIT:
		if (cli_number(v, &run->wait) < 0 || run->wait > MAX_WAIT) {
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

/* --apply: the plan's ledger, IDs, conditions, policy, instances and
 * limits are the run's, and what it knew from records piped to it. */
static int
take_plan(struct run *run, int argc)
{
	size_t i;

	if (argc > 0 || run->o.nwhere || run->policy || run->instances ||
	    run->force || run->max_set || run->plan_path || run->verify) {
		diag_set(&run->d, NULL, 0, 0, "--apply carries out the plan's "
		    "own IDs, -w, --policy, --instances, --force and --max: "
		    "give them when making the plan (--plan)");
		return -1;
	}
	if (plan_file_read(&run->was, run->apply_path, &run->d) < 0 ||
	    plan_file_ledger(&run->was, run->apply_path, run->o.file,
	    &run->o.file, &run->d) < 0)
		return -1;
	for (i = 0; i < run->was.nwhere; i++)
		if (opts_common(&run->o, 'w', run->was.where[i], &run->d) < 0)
			return -1;
	run->policy = run->was.policy;
	run->instances = run->was.instances;
	run->force = run->was.force;
	run->max = run->was.max;
	run->yes = 1;	/* the plan is what was said yes to */
	plan_file_piped(&run->was, &run->o.piped);
	return 0;
}

/* Would writing path (opt's) overwrite the orders file, its journal or
 * lock, or the plan being applied?  Said when it would. */
static int
overwrites(struct run *run, const char *opt, const char *path)
{
	const char *ends[] = { "", ".journal", ".lock" };
	struct stat p, f;
	char other[PATH_MAX];
	size_t i;

	if (path == NULL || stat(path, &p) < 0)
		return 0;
	for (i = 0; i < 4; i++) {
		if (i < 3)
			snprintf(other, sizeof other, "%s%s", run->o.file,
			    ends[i]);
		else if (run->apply_path == NULL)
			break;
		if (stat(i < 3 ? other : run->apply_path, &f) == 0 &&
		    f.st_dev == p.st_dev && f.st_ino == p.st_ino) {
			diag_set(&run->d, NULL, 0, 0, "%s %s would overwrite "
			    "%s: nothing written", opt, path, i < 3 ? other :
			    "the plan it applies");
			return -1;
		}
	}
	return 0;
}

static int
prepare(struct run *run, int argc, char **argv)
{
	if (run->apply_path && take_plan(run, argc) < 0)
		return -1;
	if (opts_finish(&run->o, "ECS_ORDERS", run->apply_path ?
	    (int)run->was.nids : argc, run->apply_path ? run->was.ids : argv,
	    &run->d) < 0 ||
	    opts_check_names(&run->o, NAMES_COLS, RK_ANY, run->verify ?
	    journal_run_cols : plan_receipt_cols, run->verify ?
	    JOURNAL_RUN_COLS : PLAN_RECEIPT_COLS,
	    run->verify ? "a field of --verify's records" :
	    "a field of the receipts", &run->d) < 0)
		return -1;
	if (strcmp(run->o.file, "-") == 0) {
		diag_set(&run->d, NULL, 0, 0, "the orders file is changed in "
		    "place: give its path, not -");
		return -1;
	}
	if (run->verify && (run->o.have_ids || run->plan_path ||
	    run->script_path)) {
		diag_set(&run->d, NULL, 0, 0, "--verify takes no IDs, --plan "
		    "or --script: it reads the whole journal");
		return -1;
	}
	if (run->verify)
		return 0;
	if (run->script_path && run->dry) {
		diag_set(&run->d, NULL, 0, 0, "--script writes the cloud calls "
		    "of changes made: not with --dry-run or --plan (make the "
		    "plan, then --apply it with --script)");
		return -1;
	}
	if (overwrites(run, "--plan", run->plan_path) ||
	    overwrites(run, "--script", run->script_path))
		return -1;
	if (run->o.ids.n == 0 && !run->o.have_ids) {
		diag_set(&run->d, NULL, 0, 0, "nothing to cancel: give order "
		    "or instance IDs, or - to read them");
		return -1;
	}
	if (policy_load(&run->pol, run->policy, &run->d) < 0)
		return -1;
	if (run->instances == NULL && !run->apply_path)
		run->instances = getenv("ECS_INSTANCES");
	if (run->instances && *run->instances == '\0')
		run->instances = NULL;
	run->have_inst = run->instances == NULL ? 0 :
	    opts_instances(run->instances, &run->inst, &run->d);
	return run->have_inst < 0 ? -1 : 0;
}

static void
cleanup(struct run *run)
{
	plan_free(&run->p);
	book_free(&run->b);
	recmap_free(&run->inst);
	ledger_close(run->l);
	opts_free(&run->o);
	plan_file_free(&run->was);
	plan_file_free(&run->now);
}

/* ---- --verify ---- */

static void
verified(void *arg, const struct journal_run *jr)
{
	struct writer *w = arg;
	struct rec r;

	rec_init(&r);
	journal_run_record(jr, &r);
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
	opts_writer(&run->o, &w);
	opts_columns(&run->o, &w, journal_run_cols, JOURNAL_RUN_COLS);
	rc = journal_verify(run->l, verified, &w, &problems, &notes,
	    &run->d);
	wr_end(&w);
	wr_free(&w);
	if (rc < 0)
		out_discard(&out);
	status = cli_finish(&out, PROG) != 0 ? EX_FAIL : EX_DONE;
	cli_notes(PROG, &notes);
	cli_notes(PROG, &problems);
	if (rc < 0) {
		diag_print(&run->d, PROG);
		status = EX_FAIL;
	} else if (rc > 0 && status == EX_DONE)
		status = EX_PARTIAL;
	buf_free(&problems);
	buf_free(&notes);
	return status;
}

/* The plan carried out (book_apply), with what the ledger tells. */
static int
apply(struct run *run)
{
	struct buf notes = BUF_INIT;
	int rc;

	rc = book_apply(&run->b, &run->p, run->pol.name, run->o.now, &run->d);
	buf_adds(&notes, ledger_notes(run->l));
	cli_notes(PROG, &notes);
	buf_free(&notes);
	return rc;
}

static int
run_it(struct run *run)
{
	size_t n;
	int status = EX_DONE, rc, changed = 0;

	rc = ledger_open(&run->l, run->o.file, run->dry ? LEDGER_READ :
	    LEDGER_WRITE, run->wait, &run->d);
	if (rc == LEDGER_LOCKED) {
		diag_print(&run->d, PROG);
		return EX_LOCKED;
	}
	if (rc == 0 && !run->dry)
		ledger_copy_ahead(run->l);
	if (rc < 0 || plan(run) < 0 ||
	    ((run->plan_path || run->apply_path) && plan_now(run) < 0)) {
		diag_print(&run->d, PROG);
		return EX_FAIL;
	}
	if (run->apply_path && still_holds(run) < 0)
		return EX_FAIL;
	status = opts_report_unseen(&run->o);
	if (plan_refused(&run->p))
		status = EX_PARTIAL;
	n = plan_changes(&run->p);
	if (run->p.unchecked)
		fprintf(stderr, "%s: no instances file (--instances or "
		    "ECS_INSTANCES) and no instance records on standard input: "
		    "deletion protection, the Running status and the image and "
		    "spot rules were not checked\n", PROG);
	if ((long)n > run->max) {
		/* a dry run still shows what would go */
		if (run->dry)
			(void)receipts(run);
		summary(run, "", 0, "");
		fprintf(stderr, "%s: %zu orders would change, more than --max "
		    "%ld; nothing changed%s\n", PROG, n, run->max,
		    run->plan_path ? ", no plan written" : "");
		return EX_FAIL;
	}
	if (!run->dry && n > 0) {
		if ((rc = confirmed(run)) < 0)
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
	if (!run->shown && receipts(run) < 0)
		status = changed ? EX_PARTIAL : EX_FAIL;
	if (run->dry)
		summary(run, "dry run: ", 0, "; nothing changed");
	else if (changed)
		summary(run, "done: ", 1, "");
	else
		summary(run, "", 0, "");
	if (run->plan_path && cli_write_file(PROG, run->plan_path, "the plan",
	    0666, put_plan, &run->now) < 0)
		status = EX_FAIL;
	if (run->script_path && cli_write_file(PROG, run->script_path,
	    "the script", 0777, put_script, &run->p) < 0)
		status = changed ? EX_PARTIAL : EX_FAIL;
	return status;
}

int
main(int argc, char **argv)
{
	struct run run;
	int status;

	memset(&run, 0, sizeof run);
	run.max = 50;
	run.wait = 10;
	opts_init(&run.o, PROG, keys, 2);
	run.o.kind = RK_ORDER;
	if ((status = opts_parse(&run.o, argc, argv, COMMON_SHORT "ny",
	    longopts, own, &run, usage)) >= 0) {
		opts_free(&run.o);
		return status;
	}
	if (prepare(&run, argc - optind, argv + optind) < 0) {
		cli_report(&run.d, PROG);
		cleanup(&run);
		return EX_FAIL;
	}
	status = run.verify ? verify(&run) : run_it(&run);
	cleanup(&run);
	return status;
}
