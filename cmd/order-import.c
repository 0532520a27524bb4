/*
 * order-import: bring the orders of exports into the ledger (issue 15):
 * new rows appended in the ledger's own style, rows whose status the
 * cloud moved on updated, cloud Refund orders linked to the local refunds
 * they pay, conflicts named and left alone.  What is decided is in
 * libcore/refund/import.c; the ledger changes through libcore/ledger/,
 * under its lock, atomically, journaled, as order-cancel's does, and
 * --create makes a new one the same way.  Some 530 lines in one unit:
 * the steps of one run (the options, a new file's seed, the reading,
 * the receipts, the change) share its struct run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/journal.h"
#include "ledger/ledger.h"
#include "records/out.h"
#include "refund/import.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/receipts.h"

#define PROG "order-import"
#define MAX_WAIT 86400	/* --wait: a day, as order-cancel's */

enum { OPT_WAIT = OPT_CMD, OPT_CREATE };

static const struct option longopts[] = {
	COMMON_LONG,
	{ "dry-run", no_argument, NULL, 'n' },
	{ "yes", no_argument, NULL, 'y' },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "create", no_argument, NULL, OPT_CREATE },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("Usage: %s [-f FILE] [OPTION]... EXPORT... | -\n"
"Bring the orders of exports (GetOrderDetail responses) or record files\n"
"into the orders file, under a lock, atomically, with a journal: new rows\n"
"added, an Unpaid order the cloud paid or cancelled updated, a cloud Refund\n"
"order linked to the local refund it pays, with the difference.\n"
"\n"
"  -f, --file FILE          orders file to change (default: $ECS_ORDERS)\n"
"      --create             make FILE if it is not there, as -i says or\n"
"                           its name does (.csv, .tsv, .yaml, .yml)\n"
"  -i, --input-format FMT   csv, tsv or yaml: the orders file's format\n"
"                           (default: from content; exports: always)\n"
"  -d, --delimiter C        field separator of a CSV orders file\n"
"  -n, --dry-run            print what would be done, change nothing\n"
"  -y, --yes                do not ask (needed without a terminal)\n"
"      --wait SECONDS       wait this long for the file's lock, at most\n"
"                           86400 (default 10)\n"
"      --at TIME            the time the journal gives the import\n"
"                           (default: now)\n"
"  -w, --where 'F OP V'     import only the exported orders where field F\n"
"                           compares to V\n"
"  -o, --output FMT         receipts as csv, tsv, table, yaml, json, jsonl\n"
"  -c, --columns A,B,...    these receipt fields, in this order\n"
"  -H, --no-header          no header line in csv, tsv and table output\n"
"      --wide               table: every column, no cell cut\n"
"      --color[=WHEN]       bold table header: auto, always or never\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"- reads an export from standard input.  Exit status: 0 done (also when\n"
"nothing was new), 1 some orders in conflict (each named), or changed but\n"
"a step after the change failed, 2 bad usage or input or nothing changed\n"
"for want of --yes, 3 the file is locked.\n"
"See order-import(1).\n", PROG);
}

static const char *const keys[] = { "order_id", "instance_id" };

/* What the first pass over the ledger looks at. */
static const char *const scanned[] = { "order_id", "instance_id",
	"order_type", "refund_rule" };

struct run {
	struct opts	 o;
	int		 dry, yes, create;
	enum fmt	 cfmt;		/* --create: the format of a new file */
	long		 wait;
	int		 nfiles;
	char		**files;
	struct import	 im;
	struct ledger	*l;
	struct idset	 ids;		/* of the rows the ledger is read for */
	char		**first;	/* a YAML ledger's first record's fields */
	size_t		 nfirst;
	int		 shown;
	struct diag	 d;
};

/* ---- a new file (--create) ---- */

/* The format of a file made by --create: -i's, else its name's. */
static int
create_format(struct run *run)
{
	static const struct { const char *ext; enum fmt f; } exts[] = {
		{ ".csv", FMT_CSV }, { ".tsv", FMT_TSV }, { ".yaml", FMT_YAML },
		{ ".yml", FMT_YAML } };
	const char *f = run->o.file;
	size_t i, n = strlen(f), k;

	run->cfmt = run->o.ifmt;
	for (i = 0; run->cfmt == FMT_AUTO && i < sizeof exts / sizeof exts[0];
	    i++)
		if (n > (k = strlen(exts[i].ext)) &&
		    strcmp(f + n - k, exts[i].ext) == 0)
			run->cfmt = exts[i].f;
	if (run->cfmt == FMT_JSON) {
		diag_set(&run->d, NULL, 0, 0, "--create makes a CSV, TSV or "
		    "YAML ledger, not JSON: give -i csv, tsv or yaml");
		return -1;
	}
	if (run->cfmt == FMT_AUTO) {
		diag_set(&run->d, NULL, 0, 0, "--create: the format of %s is "
		    "not told by its name (.csv, .tsv, .yaml, .yml): give -i "
		    "csv, tsv or yaml", f);
		return -1;
	}
	return 0;
}

/* An empty ledger of that format: every order column of SPEC 2.3 and
 * those the toolkit writes, in their order; or a YAML empty list. */
static void
create_seed(struct run *run, struct buf *b)
{
	static const char *const own_cols[] = { "refund_rule",
		"refund_amount", "refunded_at", "cloud_order_id",
		"refund_diff" };
	const char *const *cols;
	unsigned char delim = run->cfmt == FMT_TSV ? '\t' : run->o.delim ?
	    run->o.delim : ',';
	size_t i, n;

	if (run->cfmt == FMT_YAML) {
		buf_adds(b, "[]\n");
		return;
	}
	cols = import_order_cols(&n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, (char)delim);
		buf_adds(b, cols[i]);
	}
	for (i = 0; i < sizeof own_cols / sizeof own_cols[0]; i++) {
		buf_addc(b, (char)delim);
		buf_adds(b, own_cols[i]);
	}
	buf_addc(b, '\n');
}

/* The ledger held: made from a seed if --create and it is not there. */
static int
open_ledger(struct run *run)
{
	struct buf seed = BUF_INIT;
	struct diag ignored;
	int mode = run->dry ? LEDGER_READ : LEDGER_WRITE, rc;

	if (!run->create) {
		if (access(run->o.file, F_OK) < 0 && errno == ENOENT) {
			diag_set(&run->d, run->o.file, 0, 0, "no such file: "
			    "give --create to make a new orders file");
			(void)ledger_open(&run->l, run->o.file, mode,
			    run->wait, &ignored);	/* a handle */
			return -1;
		}
		return ledger_open(&run->l, run->o.file, mode, run->wait,
		    &run->d);
	}
	create_seed(run, &seed);
	rc = ledger_create(&run->l, run->o.file, mode, run->wait,
	    buf_str(&seed), seed.len, &run->d);
	buf_free(&seed);
	return rc;
}

/* ---- reading ---- */

/* Each export, whole, before the ledger is opened: bad input changes
 * nothing and holds no lock.  A -w naming no field of an order or of the
 * exports, as a misspelt one, would import nothing, silently: an error. */
static int
read_exports(struct run *run)
{
	struct diag d;
	const char **names;
	int i, rc;

	for (i = 0; i < run->nfiles; i++)
		if (import_read(&run->im, run->files[i], run->o.conds,
		    run->o.nconds, &run->d) < 0)
			return -1;
	names = strtab_all(&run->im.names);
	rc = opts_check_names(&run->o, NAMES_WHERE, RK_ORDER, names,
	    run->im.names.n, "a field of the exports", &d);
	free(names);
	if (rc < 0)
		diag_set(&run->d, NULL, 0, 0, "%s", d.msg);
	return rc;
}

static int
want(void *arg, size_t recno, struct rec *r)
{
	struct run *run = arg;
	size_t i;

	if (recno == 0 && ledger_format(run->l) == FMT_YAML) {
		run->first = xcalloc(r->n + 1, sizeof *run->first);
		for (i = 0; i < r->n; i++)
			run->first[i] = xstrdup(r->f[i].name);
		run->nfirst = r->n;
	}
	return import_wants(&run->im, r);
}

static int
gather(void *arg, size_t recno, struct rec *r)
{
	struct run *run = arg;
	int rc = import_match(&run->im, recno, r, ledger_path(run->l),
	    &run->d);

	return rc > 0 ? ledger_keep(run->l, recno, r, &run->d) : rc;
}

/* The ledger's fields in its order: a CSV file's header, a YAML file's
 * first record, or SPEC 2.3's when it has none. */
static const char *const *
ledger_fields(struct run *run, size_t *n)
{
	const char *const *cols;

	if (ledger_format(run->l) == FMT_YAML) {
		*n = run->nfirst;
		cols = (const char *const *)run->first;
	} else
		cols = ledger_columns(run->l, n);
	if (*n == 0)
		cols = import_order_cols(n);
	return cols;
}

/* The export's fields the ledger has no place for, said once (as what
 * would be, on a dry run). */
static void
left_out(struct run *run)
{
	size_t i;

	if (run->im.left.n == 0)
		return;
	fprintf(stderr, "%s: %s out of the rows %s to %s, which has no "
	    "%s for them:", PROG, run->dry ? "would be left" : "left",
	    run->dry ? "to be added" : "added", ledger_path(run->l),
	    ledger_format(run->l) == FMT_YAML ? "field" : "column");
	for (i = 0; i < run->im.left.n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", run->im.left.ids[i].s);
	fputc('\n', stderr);
}

/* ---- receipts and the summary ---- */

/* Receipt i of the import. */
static void
receipt(const void *im, size_t i, struct rec *r)
{
	import_receipt(im, i, r);
}

/* The import's receipts, to print or show. */
static struct receipts
import_receipts(const struct run *run)
{
	struct receipts rs = { import_receipt_cols, IMPORT_RECEIPT_COLS,
	    run->im.rows.n, receipt, &run->im };

	return rs;
}

static int
receipts(struct run *run)
{
	struct receipts rs = import_receipts(run);

	return receipts_print(&run->o, &rs);
}

static void
counts(const struct run *run, int done, struct buf *b)
{
	const struct import *im = &run->im;
	size_t c = import_count(im, IMP_CONFLICT);

	buf_addf(b, "%zu order row%s: %zu %sadded, %zu %supdated, %zu "
	    "already the same, %zu in conflict%s", im->rows.n,
	    im->rows.n == 1 ? "" : "s", import_count(im, IMP_ADDED),
	    done ? "" : "to be ", import_count(im, IMP_UPDATED),
	    done ? "" : "to be ", import_count(im, IMP_SAME), c,
	    c ? " (left as they are)" : "");
}

static void
summary(const struct run *run, const char *what, int done, const char *end)
{
	struct buf b = BUF_INIT;

	counts(run, done, &b);
	fprintf(stderr, "%s: %s%s%s\n", PROG, what, buf_str(&b), end);
	buf_free(&b);
}

/* A person at a terminal says yes, having seen what would be done;
 * nobody else is asked. */
static int
confirmed(struct run *run)
{
	struct receipts rs = import_receipts(run);
	struct buf b = BUF_INIT;
	int rc;

	if (run->yes)
		return 1;
	counts(run, 0, &b);
	rc = receipts_confirm(&run->o, &rs, buf_str(&b),
	    ledger_path(run->l), "what would be done", &run->shown);
	buf_free(&b);
	return rc;
}

/* ---- applying ---- */

static int
apply(struct run *run)
{
	const struct import *im = &run->im;
	struct change *c = xcalloc(im->rows.n + 1, sizeof *c);
	struct buf notes = BUF_INIT;
	size_t i, j;
	int rc;

	for (i = 0; i < im->rows.n; i++) {
		const struct import_act *a = &im->act[i];

		if (a->action == IMP_ADDED)
			ledger_append(run->l, &a->set);
		else if (a->action == IMP_UPDATED)
			for (j = 0; j < a->set.n; j++)
				ledger_set(run->l, a->recno, a->set.f[j].name,
				    rec_val(&a->set, j));
	}
	rc = ledger_commit(run->l, c, import_journal(im, c), "", run->o.now,
	    &run->d);
	buf_adds(&notes, ledger_notes(run->l));
	cli_notes(PROG, &notes);
	buf_free(&notes);
	free(c);
	return rc;
}

static int
run_it(struct run *run)
{
	struct idset none;
	size_t n, ncols;
	const char *const *cols;
	int status = EX_DONE, rc, changed = 0;

	memset(&none, 0, sizeof none);	/* the rows marked are the rows */
	if (read_exports(run) < 0) {
		diag_print(&run->d, PROG);
		return EX_FAIL;
	}
	rc = open_ledger(run);
	if (rc == LEDGER_LOCKED) {
		diag_print(&run->d, PROG);
		return EX_LOCKED;
	}
	if (rc == 0 && !run->dry)
		ledger_copy_ahead(run->l);
	ledger_expect_key(run->l, "order_id");
	ledger_only(run->l, scanned, sizeof scanned / sizeof scanned[0]);
	import_ledger_ids(&run->im, &run->ids);
	ledger_want(run->l, &run->ids, NULL);
	ledger_rescan_marked(run->l);	/* the rescan wants its marks */
	if (rc < 0 || ledger_scan(run->l, ledger_seeded(run->l) ? run->cfmt :
	    run->o.ifmt, run->o.delim, want,
	    run, &run->d) < 0 || ledger_rescan(run->l, &none,
	    gather, run, &run->d) < 0) {
		diag_print(&run->d, PROG);
		return EX_FAIL;
	}
	cols = ledger_fields(run, &ncols);
	import_finish(&run->im, cols, ncols);
	left_out(run);
	if (import_count(&run->im, IMP_CONFLICT) > 0)
		status = EX_PARTIAL;
	n = import_count(&run->im, IMP_ADDED) + import_count(&run->im,
	    IMP_UPDATED);
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
		summary(run, "", 1, "; nothing to change");
	return status;
}

/* ---- main ---- */

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct run *run = arg;
	char *end;

	switch (ch) {
	case 'n': run->dry = 1; break;
	case 'y': run->yes = 1; break;
	case OPT_CREATE: run->create = 1; break;
	case OPT_WAIT:
		errno = 0;
		run->wait = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || run->wait < 0 ||
		    run->wait > MAX_WAIT || errno == ERANGE) {
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
prepare(struct run *run, int argc, char **argv)
{
	int i, stdin_too = 0;

	if (opts_finish(&run->o, "ECS_ORDERS", 0, NULL, &run->d) < 0 ||
	    opts_check_names(&run->o, NAMES_COLS, RK_ANY, import_receipt_cols,
	    IMPORT_RECEIPT_COLS, "a field of the receipts", &run->d) < 0)
		return -1;
	if (strcmp(run->o.file, "-") == 0) {
		diag_set(&run->d, NULL, 0, 0, "the orders file is changed in "
		    "place: give its path, not -");
		return -1;
	}
	if (run->create && create_format(run) < 0)
		return -1;
	if (argc == 0) {
		diag_set(&run->d, NULL, 0, 0, "nothing to import: give export "
		    "files, or - to read one from standard input");
		return -1;
	}
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && stdin_too++) {
			diag_set(&run->d, NULL, 0, 0, "- is standard input: "
			    "give it once");
			return -1;
		}
	run->nfiles = argc;
	run->files = argv;
	return 0;
}

static void
cleanup(struct run *run)
{
	size_t i;

	for (i = 0; i < run->nfirst; i++)
		free(run->first[i]);
	free(run->first);
	import_free(&run->im);
	ledger_close(run->l);
	idset_free(&run->ids);
	opts_free(&run->o);
}

int
main(int argc, char **argv)
{
	struct run run;
	int status;

	memset(&run, 0, sizeof run);
	run.wait = 10;
	opts_init(&run.o, PROG, keys, 2);
	run.o.kind = RK_ORDER;
	import_init(&run.im);
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
	status = run_it(&run);
	cleanup(&run);
	return status;
}
