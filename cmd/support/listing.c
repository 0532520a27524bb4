#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "records/merge.h"
#include "records/out.h"
#include "records/reader.h"
#include "select/recsort.h"
#include "support/listing.h"
#include "support/spool.h"

/* Column names in order of first appearance. */
struct names {
	const char	**v;
	size_t		  n, cap;
};

static int
has_name(const struct names *ns, const char *name)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		if (ns->v[i] == name || strcmp(ns->v[i], name) == 0)
			return 1;
	return 0;
}

static void
add_name(struct names *ns, const char *name)
{
	if (has_name(ns, name))
		return;
	ns->v = xgrow(ns->v, &ns->cap, ns->n, sizeof *ns->v);
	ns->v[ns->n++] = name;
}

struct listing_state {
	struct listing	*L;
	struct opts	*o;
	struct reader	*rd;
	const char	*name;		/* what is read, for messages */
	struct diag	 d;
	struct writer	 w;
	struct out	 out;
	struct progress	 pg;
	struct names	 names;		/* union of fields, YAML/JSON input */
	int		 need_names;	/* the options name fields that only
					 * the input may have: */
	struct strtab	 seen;		/* the fields of every record */
	struct strtab	 own;		/* copies of names: a rewind frees the
					 * reader's */
	struct recs	 kept;		/* held back: --sort, or a pipe */
	struct spool	 sp;		/* csv and tsv rows, till the columns
					 * are known */
};

static int
selected(struct listing_state *run, struct rec *r)
{
	struct opts *o = run->o;
	size_t i;

	if (run->L->derive)
		run->L->derive(r);
	if (o->have_ids && !idset_match(&o->ids, r, o->keys, o->nkeys))
		return 0;
	for (i = 0; i < o->nconds; i++)
		if (!cond_match(&o->conds[i], r))
			return 0;
	return 1;
}

/* The fields the options name are the kind's, derived ones, or the
 * input's own (in: what the message calls those). */
static int
check_names(struct listing_state *run, const char *const *input, size_t n,
    const char *in)
{
	struct opts *o = run->o;
	struct names known = { NULL, 0, 0 };
	struct diag d;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		add_name(&known, input[i]);
	for (i = 0; i < run->L->nderived; i++)
		add_name(&known, run->L->derived[i]);
	rc = opts_check_names(o, NAMES_ALL, o->kind, known.v, known.n, in,
	    &d);
	free(known.v);
	if (rc < 0)
		diag_set(&run->d, run->name, 0, 0, "%s", d.msg);
	return rc;
}

/* Do the options name only fields that need not be looked for in the
 * input? */
static int
names_known(struct listing_state *run)
{
	struct diag ignored;

	return opts_check_names(run->o, NAMES_ALL, run->o->kind,
	    run->L->derived, run->L->nderived, NULL, &ignored) == 0;
}

static int
write_rec(struct listing_state *run, const struct rec *r)
{
	if (wr_rec(&run->w, r) == 0)
		return 0;
	diag_set(&run->d, run->name, run->w.bad_line, 0,
	    "field \"%s\" is not valid UTF-8 and cannot be written as %s",
	    run->w.bad_field, run->o->ofmt == OUT_YAML ? "YAML" : "JSON");
	return -1;
}

/* Read every selected record; each goes to keep() (which may be NULL). */
static int
each(struct listing_state *run,
    int (*keep)(struct listing_state *, struct rec *))
{
	struct rec *r;
	size_t i;
	int rc;

	while ((rc = rd_next(run->rd, &r, &run->d)) > 0) {
		progress_tick(&run->pg);
		for (i = 0; run->need_names && i < r->n; i++)
			strtab_intern(&run->seen, r->f[i].name,
			    strlen(r->f[i].name));
		if (selected(run, r) && keep && keep(run, r) < 0)
			return -1;
	}
	return rc;
}

/* r's field names, copied: a rewind frees the reader's. */
static int
collect_names(struct listing_state *run, struct rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!has_name(&run->names, r->f[i].name))
			add_name(&run->names, strtab_intern(&run->own,
			    r->f[i].name, strlen(r->f[i].name)));
	return 0;
}

/* After every record was read: the names the options gave are the
 * input's. */
static int
check_seen(struct listing_state *run)
{
	const char **v = strtab_all(&run->seen);
	int rc = check_names(run, v, run->seen.n, "a field of its records");

	free(v);
	return rc;
}

static int
hold(struct listing_state *run, struct rec *r)
{
	collect_names(run, r);
	rec_copy(recs_add(&run->kept), r);
	return 0;
}

static int
stream(struct listing_state *run, struct rec *r)
{
	return write_rec(run, r);
}

static int
spool(struct listing_state *run, struct rec *r)
{
	size_t n = run->names.n;

	collect_names(run, r);
	if (run->names.n != n)
		spool_columns(&run->sp, run->names.v, run->names.n);
	spool_rec(&run->sp, r);
	return 0;
}

/* Read once, the rows spooled, then the header and the rows completed. */
static int
spooled(struct listing_state *run)
{
	if (each(run, spool) < 0 || (run->need_names && check_seen(run) < 0))
		return -1;
	wr_columns(&run->w, run->names.v, run->names.n, 0);
	run->w.count = run->sp.w.count;
	return spool_copy(&run->sp, &run->out, run->names.n, &run->d);
}

static void
header_columns(struct listing_state *run, const char *const *hdr, size_t n)
{
	int raw_ok = 1;
	size_t i;

	for (i = 0; i < n; i++)
		add_name(&run->names, hdr[i]);
	for (i = 0; i < run->L->nderived; i++)
		if (!has_name(&run->names, run->L->derived[i])) {
			add_name(&run->names, run->L->derived[i]);
			raw_ok = 0;
		}
	wr_columns(&run->w, run->names.v, run->names.n, raw_ok);
}

/* A first pass over a YAML/JSON file, for the union of its fields (and
 * all the names of its records, when they are needed). */
static int
first_pass(struct listing_state *run)
{
	size_t i;

	if (each(run, collect_names) < 0 || rd_rewind(run->rd, &run->d) < 0)
		return -1;
	for (i = 0; i < run->o->ids.n; i++)
		run->o->ids.ids[i].seen = 0;
	if (run->need_names && check_seen(run) < 0)
		return -1;
	run->need_names = 0;
	return 0;
}

/* The records held back, sorted if asked, written. */
static int
write_kept(struct listing_state *run, int fixed)
{
	struct opts *o = run->o;
	size_t i;

	if (*o->sort)
		recs_sort(&run->kept, o->sort, o->sort_desc);
	if (fixed && run->w.cols == NULL)
		wr_columns(&run->w, run->names.v, run->names.n, 0);
	for (i = 0; i < run->kept.n; i++)
		if (write_rec(run, &run->kept.r[i]) < 0)
			return -1;
	return 0;
}

/*
 * csv, tsv and table output need their columns before the first record:
 * -c; else a CSV file's header and the derived fields; else, for YAML and
 * JSON, every field in order of first appearance: csv and tsv rows are
 * spooled as the fields come (spool.h), the input read once; a table, or
 * rows with no temporary file to go to, get them from a first pass over
 * a file or by holding the records read from a pipe.  A field that the
 * options name and that only the input may have is looked for before
 * anything is written, in the same way.
 */
static int
list(struct listing_state *run)
{
	struct opts *o = run->o;
	const char *const *hdr;
	size_t n = 0;
	int fixed = o->ofmt == OUT_CSV || o->ofmt == OUT_TSV ||
	    o->ofmt == OUT_TABLE;
	int hold_all = *o->sort != '\0', pass;

	hdr = rd_cols(run->rd, &n);
	if (hdr != NULL && check_names(run, hdr, n, "a column of this file") <
	    0)
		return -1;
	run->need_names = hdr == NULL && !names_known(run);
	if (!hold_all && hdr == NULL && o->ncols == 0 &&
	    (o->ofmt == OUT_CSV || o->ofmt == OUT_TSV) &&
	    spool_open(&run->sp, o->ofmt) == 0)
		return spooled(run);
	pass = !hold_all && rd_seekable(run->rd) && ((fixed && o->ncols == 0 &&
	    hdr == NULL) || run->need_names);
	if (pass && first_pass(run) < 0)
		return -1;
	if (o->ncols > 0)
		wr_columns(&run->w, o->cols, o->ncols, 0);
	else if (fixed && hdr != NULL)
		header_columns(run, hdr, n);
	else if (fixed && pass)
		wr_columns(&run->w, run->names.v, run->names.n, 0);
	else if (fixed)
		hold_all = 1;
	if (run->need_names)
		hold_all = 1;
	if (!hold_all)
		return each(run, stream);
	if (each(run, hold) < 0 || (run->need_names && check_seen(run) < 0))
		return -1;
	return write_kept(run, fixed);
}

/* File i of the -f options (o->file when none was given), to read. */
static struct reader *
open_file(struct listing_state *run, size_t i)
{
	struct opts *o = run->o;
	struct reader *rd;
	const char *path = o->nfiles ? o->files[i] : o->file;

	if ((rd = rd_open(path, o->ifmt, o->delim, &run->d)) == NULL)
		return NULL;
	rd_expect(rd, o->keys, 1, run->L->foreign);
	if (o->merge)
		rd_for(rd, o->nfiles ? o->fors[i] : NULL);
	return rd;
}

/*
 * ecs-list -f A -f B: the records of every file merged by key (merge.h),
 * then listed as records held back are: every name the options give is
 * looked for in them before anything is written.
 */
static int
list_merged(struct listing_state *run, struct merge *m)
{
	struct opts *o = run->o;
	struct reader *rd;
	struct rec *r;
	size_t i, j;
	int rc;

	for (i = 0; i < o->nfiles; i++) {
		if ((rd = open_file(run, i)) == NULL)
			return -1;
		rc = merge_file(m, rd, &run->d);
		rd_close(rd);
		if (rc < 0)
			return -1;
	}
	for (i = 0; i < m->rs.n; i++) {
		r = &m->rs.r[i];
		progress_tick(&run->pg);
		for (j = 0; j < r->n; j++)
			strtab_intern(&run->seen, r->f[j].name,
			    strlen(r->f[j].name));
		if (selected(run, r))
			hold(run, r);
	}
	if (check_seen(run) < 0)
		return -1;
	if (o->ncols > 0)
		wr_columns(&run->w, o->cols, o->ncols, 0);
	return write_kept(run, o->ofmt == OUT_CSV || o->ofmt == OUT_TSV ||
	    o->ofmt == OUT_TABLE);
}

/* The names the files merged are known by in messages. */
static const char *
merged_name(struct listing_state *run, struct buf *b)
{
	size_t i;

	for (i = 0; i < run->o->nfiles; i++) {
		buf_adds(b, i > 0 ? " + " : "");
		buf_adds(b, run->o->files[i]);
	}
	return buf_str(b);
}

int
listing_run(struct listing *L)
{
	struct listing_state run;
	struct opts *o = L->o;
	struct merge m;
	struct buf names = BUF_INIT;
	int rc, status = EX_DONE;

	memset(&run, 0, sizeof run);
	run.L = L;
	run.o = o;
	merge_init(&m, o->keys[0]);
	/* a record given its instance_id by --for is not what a CSV
	 * file's header says: read as merged files are */
	if (o->nfiles > 1 || (o->nfiles == 1 && o->merge && o->fors[0]))
		run.name = merged_name(&run, &names);
	else if ((run.rd = open_file(&run, 0)) == NULL) {
		diag_print(&run.d, o->prog);
		return EX_FAIL;
	} else
		run.name = rd_name(run.rd);
	out_init(&run.out, 1);
	wr_init(&run.w, o->ofmt, &run.out);
	opts_writer(o, &run.w);
	progress_start(&run.pg, o->prog);
	rc = run.rd ? list(&run) : list_merged(&run, &m);
	progress_end(&run.pg);
	if (rc < 0) {
		out_discard(&run.out);
		diag_print(&run.d, o->prog);
		status = EX_FAIL;
	} else {
		wr_end(&run.w);
		opts_table_note(o, &run.w);
		status = opts_report_unseen(o);
	}
	if (cli_finish(&run.out, o->prog) != 0)
		status = EX_FAIL;
	wr_free(&run.w);
	recs_free(&run.kept);
	spool_close(&run.sp);
	free(run.names.v);
	strtab_free(&run.seen);
	strtab_free(&run.own);
	rd_close(run.rd);
	merge_free(&m);
	buf_free(&names);
	return status;
}

int
listing_main(struct listing *L, const char *env, int argc, char **argv,
    int (*conds)(struct opts *, void *, struct diag *), void *arg)
{
	const char *const *brief;
	struct diag d;
	size_t n;
	int rc;

	if (opts_finish(L->o, env, argc, argv, &d) < 0 ||
	    conds(L->o, arg, &d) < 0) {
		cli_report(&d, L->o->prog);
		rc = EX_FAIL;
	} else {
		brief = field_brief(L->o->kind, &n);
		opts_table_columns(L->o, brief, n);
		rc = listing_run(L);
	}
	opts_free(L->o);
	return rc;
}
