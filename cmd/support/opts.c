/*
 * The command line the commands share (opts.h).  At some 570 lines it is
 * one unit: the common options, the operands and the checks of the
 * fields the options name all fill and read one struct opts.
 */
#include <sys/ioctl.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/fields.h"
#include "records/reader.h"
#include "support/cli.h"
#include "support/opts.h"
#include "values/ident.h"
#include "values/ts.h"

void
opts_init(struct opts *o, const char *prog, const char *const *keys,
    size_t nkeys)
{
	cli_std_fds();
	memset(o, 0, sizeof *o);
	o->prog = prog;
	o->keys = keys;
	o->nkeys = nkeys;
	o->sort = "";
	o->piped.key = "instance_id";
	/*
	 * Character classes for regular expressions and globs are UTF-8's
	 * whatever the environment says, so results do not depend on the
	 * locale (SPEC 8 reads no other variable); the environment's locale
	 * only where C.UTF-8 is missing.
	 */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
}

void
opts_free(struct opts *o)
{
	size_t i;

	for (i = 0; i < o->nconds; i++)
		cond_free(&o->conds[i]);
	free(o->conds);
	free(o->where);
	free(o->cols);
	free(o->colspec);
	free(o->sortbuf);
	free(o->files);
	free(o->fors);
	idset_free(&o->ids);
	recmap_free(&o->piped);
}

static int
delimiter(const char *arg, unsigned char *out, struct diag *d)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		arg = "\t";
	if (strlen(arg) != 1 || strchr("\"\r\n", arg[0]) != NULL) {
		diag_set(d, NULL, 0, 0,
		    "-d wants one character (or '\\t'), not \"%s\"", arg);
		return -1;
	}
	*out = (unsigned char)arg[0];
	return 0;
}

static int
columns(struct opts *o, const char *arg, struct diag *d)
{
	char *p, *tok, *save = NULL;
	size_t i;

	free(o->colspec);
	free(o->cols);
	o->colspec = xstrdup(arg);
	o->cols = xcalloc(strlen(arg) + 1, sizeof *o->cols);
	o->ncols = 0;
	for (p = o->colspec; (tok = strtok_r(p, ",", &save)) != NULL;
	    p = NULL) {
		const char *c = field_canonical(tok, strlen(tok));

		o->cols[o->ncols] = c ? c : tok;
		for (i = 0; i < o->ncols; i++)
			if (strcmp(o->cols[i], o->cols[o->ncols]) == 0) {
				diag_set(d, NULL, 0, 0,
				    "-c names \"%s\" twice", tok);
				return -1;
			}
		o->ncols++;
	}
	if (o->ncols == 0) {
		diag_set(d, NULL, 0, 0, "-c wants a comma-separated list of fields");
		return -1;
	}
	return 0;
}

/* --sort FIELD[:asc|:desc] */
static int
sort_spec(struct opts *o, const char *arg, struct diag *d)
{
	const char *colon = strrchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	const char *c;

	o->sort_desc = colon && strcmp(colon, ":desc") == 0;
	if (n == 0 || (colon && !o->sort_desc && strcmp(colon, ":asc") != 0)) {
		diag_set(d, NULL, 0, 0, "--sort wants FIELD, FIELD:asc or "
		    "FIELD:desc, not \"%s\"", arg);
		return -1;
	}
	free(o->sortbuf);
	o->sortbuf = xmemdup(arg, n);
	c = field_canonical(arg, n);
	o->sort = c ? c : o->sortbuf;
	return 0;
}

/* A file -f names is standard input. */
static int
reads_stdin(const struct opts *o)
{
	size_t i;

	for (i = 0; i < o->nfiles; i++)
		if (strcmp(o->files[i], "-") == 0)
			return 1;
	return o->file != NULL && strcmp(o->file, "-") == 0;
}

/* Room for one more -f, and for its --for. */
static void
grow_files(struct opts *o)
{
	size_t cap = o->capfiles;

	o->files = xgrow(o->files, &o->capfiles, o->nfiles, sizeof *o->files);
	if (o->capfiles != cap)
		o->fors = xreallocarray(o->fors, o->capfiles,
		    sizeof *o->fors);
}

int
opts_for(struct opts *o, const char *id, struct diag *d)
{
	const char *file = o->nfiles ? o->files[o->nfiles - 1] : NULL;
	char q[QUOTE_MAX];

	if (file == NULL) {
		diag_set(d, NULL, 0, 0, "--for %s names the instance of the "
		    "file of the -f before it, and no -f comes before it",
		    diag_quote(q, id, strlen(id)));
		return -1;
	}
	if (!ident_ok(id, strlen(id))) {
		diag_set(d, NULL, 0, 0, "--for %s is not an instance id ("
		    IDENT_RULE ")", diag_quote(q, id, strlen(id)));
		return -1;
	}
	if (o->fors[o->nfiles - 1] != NULL) {
		diag_set(d, NULL, 0, 0, "--for is given twice for %s (%s and "
		    "%s): a file names one instance", file,
		    o->fors[o->nfiles - 1], id);
		return -1;
	}
	o->fors[o->nfiles - 1] = id;
	return 0;
}

int
opts_common(struct opts *o, int ch, const char *arg, struct diag *d)
{
	switch (ch) {
	case 'f':
		if (o->file != NULL && !o->merge) {
			diag_set(d, NULL, 0, 0, "-f is given once: %s reads one "
			    "file, not %s and %s", o->prog, o->file, arg);
			return -1;
		}
		if (strcmp(arg, "-") == 0 && reads_stdin(o)) {
			diag_set(d, NULL, 0, 0, "-f - is given once: standard "
			    "input can be read only once");
			return -1;
		}
		if (o->file == NULL)
			o->file = arg;
		grow_files(o);
		o->fors[o->nfiles] = NULL;
		o->files[o->nfiles++] = arg;
		return 1;
	case 'o':
		if (wr_ofmt_parse(arg, &o->ofmt) < 0) {
			diag_set(d, NULL, 0, 0, "unknown output format \"%s\" "
			    "(csv, tsv, table, yaml, json, jsonl)", arg);
			return -1;
		}
		o->ofmt_set = 1;
		return 1;
	case 'c':
		return columns(o, arg, d) < 0 ? -1 : 1;
	case 'i':
		if ((o->ifmt = rd_fmt_parse(arg)) == FMT_AUTO) {
			diag_set(d, NULL, 0, 0, "unknown input format \"%s\" "
			    "(csv, tsv, yaml, json)", arg);
			return -1;
		}
		return 1;
	case 'd':
		return delimiter(arg, &o->delim, d) < 0 ? -1 : 1;
	case 'w':
		o->where = xreallocarray(o->where, o->nwhere + 1,
		    sizeof *o->where);
		o->where[o->nwhere++] = arg;
		return 1;
	case OPT_AT:
		o->at = arg;
		return 1;
	case OPT_SORT:
		return sort_spec(o, arg, d) < 0 ? -1 : 1;
	case 'H':
		o->no_header = 1;
		return 1;
	case OPT_WIDE:
		o->wide = 1;
		return 1;
	case OPT_COLOR:
		if (arg == NULL || strcmp(arg, "auto") == 0)
			o->color = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->color = COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->color = COLOR_NEVER;
		else {
			diag_set(d, NULL, 0, 0, "--color \"%s\" is not auto, "
			    "always or never", arg);
			return -1;
		}
		return 1;
	case 'h':
		o->help = 1;
		return 1;
	case 'V':
		o->version = 1;
		return 1;
	default:
		return 0;
	}
}

/* An option getopt did not accept, in its words. */
static void
bad_option(const char *prog, int ch, const char *arg)
{
	if (strncmp(arg, "--", 2) == 0 && ch == '?')
		cli_usage_error(prog, "unrecognized option '%s'", arg);
	else if (strncmp(arg, "--", 2) == 0)
		cli_usage_error(prog, "option '%s' requires an argument", arg);
	else if (ch == '?')
		cli_usage_error(prog, "invalid option -- '%c'", optopt);
	else
		cli_usage_error(prog, "option requires an argument -- '%c'", optopt);
}

int
opts_parse(struct opts *o, int argc, char **argv, const char *shortopts,
    const struct option *longopts, int (*own)(void *, int, const char *,
    struct diag *), void *arg, void (*usage)(void))
{
	struct diag d;
	char opts[64];
	int ch, rc;

	/* getopt's own messages would name argv[0]: say them ourselves */
	opterr = 0;
	snprintf(opts, sizeof opts, ":%s", shortopts);
	while ((ch = getopt_long(argc, argv, opts, longopts, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			bad_option(o->prog, ch, argv[optind - 1]);
			return EX_FAIL;
		}
		if ((rc = opts_common(o, ch, optarg, &d)) == 0)
			rc = own ? own(arg, ch, optarg, &d) : -2;
		if (rc == -1) {
			cli_usage_error(o->prog, "%s", d.msg);
			return EX_FAIL;
		}
		if (rc == -2) {
			cli_usage_hint(o->prog);
			return EX_FAIL;
		}
	}
	if (!o->help && !o->version)
		return -1;
	if (o->help)
		usage();
	else
		cli_version(o->prog);
	return fflush(stdout) == 0 && !ferror(stdout) ? EX_DONE : EX_FAIL;
}

static struct cond *
new_cond(struct opts *o)
{
	o->conds = xreallocarray(o->conds, o->nconds + 1, sizeof *o->conds);
	return &o->conds[o->nconds];
}

int
opts_cond(struct opts *o, const char *opt, const char *field, enum op op,
    const char *value, struct diag *d)
{
	if (cond_make(new_cond(o), field, op, value, o->now, o->kind, opt,
	    d) < 0)
		return -1;
	o->nconds++;
	return 0;
}

int
opts_shortcuts(struct opts *o, const struct shortcut *s, size_t n,
    const char *const *v, struct diag *d)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] && opts_cond(o, s[i].opt, s[i].field, s[i].op, v[i],
		    d) < 0)
			return -1;
	return 0;
}

struct fieldset {
	enum rkind		 kind;
	const char *const	*known;
	size_t			 nknown;
};

/* Candidate i for the nearest name: the kind's fields, then known[]. */
static const char *
candidate(const void *arg, size_t i)
{
	const struct fieldset *ns = arg;
	const char *f = ns->kind != RK_ANY ? field_nth(ns->kind, i) : NULL;
	size_t nkind = 0;

	if (f != NULL)
		return f;
	while (ns->kind != RK_ANY && field_nth(ns->kind, nkind) != NULL)
		nkind++;
	return i - nkind < ns->nknown ? ns->known[i - nkind] : NULL;
}

static int
is_known(const struct fieldset *ns, const char *name)
{
	size_t i;

	if (ns->kind != RK_ANY && field_spec(ns->kind, name) != NULL)
		return 1;
	for (i = 0; i < ns->nknown; i++)
		if (strcmp(ns->known[i], name) == 0)
			return 1;
	return 0;
}

static int
unknown_name(const struct fieldset *ns, const char *opt, const char *name,
    const char *in, struct diag *d)
{
	const char *near = field_nearest(name, candidate, ns);
	char what[256];

	if (ns->kind != RK_ANY && in != NULL)
		snprintf(what, sizeof what, "neither %s nor %s",
		    field_kind_name(ns->kind), in);
	else
		snprintf(what, sizeof what, "not %s", in ? in :
		    field_kind_name(ns->kind));
	diag_set(d, NULL, 0, 0, "%s names \"%s\", which is %s%s%s%s", opt, name,
	    what, near ? "; did you mean " : "", near ? near : "",
	    near ? "?" : "");
	return -1;
}

int
opts_check_names(const struct opts *o, unsigned which, enum rkind k,
    const char *const *known, size_t nknown, const char *in, struct diag *d)
{
	struct fieldset ns = { k, known, nknown };
	size_t i;

	for (i = 0; (which & NAMES_COLS) && i < o->ncols; i++)
		if (!is_known(&ns, o->cols[i]))
			return unknown_name(&ns, "-c", o->cols[i], in, d);
	for (i = 0; (which & NAMES_WHERE) && i < o->nconds; i++)
		if (!is_known(&ns, o->conds[i].field))
			return unknown_name(&ns, "--where", o->conds[i].field,
			    in, d);
	if ((which & NAMES_SORT) && *o->sort && !is_known(&ns, o->sort))
		return unknown_name(&ns, "--sort", o->sort, in, d);
	return 0;
}

static int
positional(struct opts *o, int argc, char **argv, struct diag *d)
{
	int i;

	for (i = 0; i < argc; i++) {
		o->have_ids = 1;
		if (strcmp(argv[i], "-") != 0) {
			idset_add(&o->ids, argv[i], strlen(argv[i]));
			continue;
		}
		if (reads_stdin(o)) {
			diag_set(d, NULL, 0, 0, "standard input cannot be both "
			    "the file (-f -) and the list of IDs (-)");
			return -1;
		}
		if (idset_read(&o->ids, "-", o->keys, o->nkeys, &o->piped,
		    d) < 0)
			return -1;
	}
	return 0;
}

int
opts_finish(struct opts *o, const char *env, int argc, char **argv,
    struct diag *d)
{
	size_t i;
	int rc;

	o->now = (int64_t)time(NULL);
	if (o->at && (rc = ts_parse_rel(o->at, strlen(o->at), o->now,
	    &o->now)) < 0) {
		diag_set(d, NULL, 0, 0, "--at \"%s\" %s", o->at, ts_error(rc));
		return -1;
	}
	for (i = 0; i < o->nwhere; i++) {
		if (cond_parse(new_cond(o), o->where[i], o->now, o->kind,
		    d) < 0)
			return -1;
		o->nconds++;
	}
	if (!o->ofmt_set)
		o->ofmt = isatty(1) ? OUT_TABLE : OUT_CSV;
	if (o->file == NULL && env != NULL)
		o->file = getenv(env);
	if (o->file == NULL || *o->file == '\0') {
		diag_set(d, NULL, 0, 0, "no file to read: give -f FILE "
		    "(- for standard input) or set %s", env);
		return -1;
	}
	return positional(o, argc, argv, d);
}

int
opts_instances(const char *path, struct recmap *m, struct diag *d)
{
	if (path == NULL)
		path = getenv("ECS_INSTANCES");
	if (path == NULL || *path == '\0')
		return 0;
	return recmap_load(m, path, "instance_id", "order_id", d) < 0 ? -1 :
	    1;
}

int
opts_report_unseen(const struct opts *o)
{
	size_t i;
	int status = EX_DONE;

	for (i = 0; i < o->ids.n; i++)
		if (!o->ids.ids[i].seen) {
			fprintf(stderr, "%s: %s: not found\n", o->prog,
			    o->ids.ids[i].s);
			status = EX_PARTIAL;
		}
	return status;
}


void
opts_table_columns(struct opts *o, const char *const *brief, size_t n)
{
	if (o->ofmt != OUT_TABLE || o->ncols > 0 || o->wide)
		return;
	o->cols = xcalloc(n, sizeof *o->cols);
	memcpy(o->cols, brief, n * sizeof *o->cols);
	o->ncols = n;
}

/* The width a table must fit: COLUMNS, else the terminal's; 0 when
 * neither is known. */
static size_t
table_width(const char *prog)
{
	const char *s = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (s != NULL && *s != '\0') {
		n = strtol(s, &end, 10);
		if (*end == '\0' && n > 0 && n <= 100000 && *s != '-' &&
		    *s != '+' && *s != ' ')
			return (size_t)n;
		fprintf(stderr, "%s: COLUMNS \"%s\" is not a width; it is "
		    "ignored\n", prog, s);
	}
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* Bold on a terminal that shows it: not with NO_COLOR, nor TERM dumb or
 * unset. */
static int
bold(const struct opts *o)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return isatty(1) && (no == NULL || *no == '\0') && term != NULL &&
	    *term != '\0' && strcmp(term, "dumb") != 0;
}

void
opts_writer(const struct opts *o, struct writer *w)
{
	w->header = !o->no_header;
	if (w->fmt != OUT_TABLE)
		return;
	w->bold = bold(o);
	if (o->wide)
		w->cellmax = 0;
	else
		w->width = table_width(o->prog);
}

void
opts_columns(const struct opts *o, struct writer *w, const char *const *dflt,
    size_t n)
{
	if (o->ncols)
		wr_columns(w, o->cols, o->ncols, 0);
	else
		wr_columns(w, dflt, n, 0);
}

void
opts_table_note(const struct opts *o, const struct writer *w)
{
	if (w->dropped > 0)
		fprintf(stderr, "%s: %zu column%s left out to fit %zu columns; "
		    "--wide or -c shows %s\n", o->prog, w->dropped,
		    w->dropped == 1 ? "" : "s", w->width, w->dropped == 1 ?
		    "it" : "them");
}
