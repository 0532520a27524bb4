#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/strtab.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "ledger/journal_priv.h"
#include "ledger/ledger_priv.h"
#include "records/out.h"
#include "records/reader.h"
#include "records/rec.h"
#include "records/writer.h"
#include "select/recsort.h"
#include "values/ts.h"

static void
put(struct rec *r, const char *name, const char *v)
{
	rec_add(r, name, v, v ? strlen(v) : 0);
}

/* Who and where, for every line, and an id for this run: the time to
 * the nanosecond and the process.  A name that is not UTF-8, which JSON
 * cannot hold, gives way to the user's number or "unknown". */
static void
identify(struct journal *j)
{
	struct passwd *pw = getpwuid(geteuid());
	struct timespec t;

	if (pw != NULL)
		snprintf(j->user, sizeof j->user, "%s", pw->pw_name);
	if (pw == NULL || utf8_invalid(j->user, strlen(j->user)) <
	    strlen(j->user))
		snprintf(j->user, sizeof j->user, "%lu",
		    (unsigned long)geteuid());
	if (gethostname(j->host, sizeof j->host) < 0)
		j->host[0] = '\0';
	j->host[sizeof j->host - 1] = '\0';
	if (j->host[0] == '\0' || utf8_invalid(j->host, strlen(j->host)) <
	    strlen(j->host))
		snprintf(j->host, sizeof j->host, "unknown");
	clock_gettime(CLOCK_REALTIME, &t);
	snprintf(j->run, sizeof j->run, "%lld.%09ld-%ld", (long long)t.tv_sec,
	    t.tv_nsec, (long)getpid());
}

static int
pread_all(int fd, char *p, size_t n, off_t off)
{
	ssize_t k;

	while (n > 0) {
		if ((k = pread(fd, p, n, off)) < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;	/* shorter than fstat said */
			return -1;
		}
		p += k;
		n -= (size_t)k;
		off += k;
	}
	return 0;
}

/*
 * The last line of the size bytes of fd, without its line end, into b;
 * *start where it starts, *torn when the file does not end in a line
 * end.  Read from the end, a block and then twice as much at a time.
 */
static int
last_line(int fd, off_t size, struct buf *b, off_t *start, int *torn)
{
	size_t k = 4096, n, i;
	off_t from;

	*torn = 0;
	for (;;) {
		from = size > (off_t)k ? size - (off_t)k : 0;
		n = (size_t)(size - from);
		buf_reset(b);
		buf_grow(b, n + 1);
		if (pread_all(fd, b->p, n, from) < 0)
			return -1;
		*torn = n > 0 && b->p[n - 1] != '\n';
		i = n > 0 && !*torn ? n - 1 : n;
		while (i > 0 && b->p[i - 1] != '\n')
			i--;
		if (i > 0 || from == 0) {
			*start = from + (off_t)i;
			b->len = (*torn ? n : n > 0 ? n - 1 : 0) - i;
			memmove(b->p, b->p + i, b->len);
			b->p[b->len] = '\0';
			return 0;
		}
		k *= 2;
	}
}

/* A line of the journal as a record, its names the journal's: 0, or -1
 * when it is not one. */
static int
parse(struct journal *j, const char *p, size_t n, struct rec *r)
{
	struct reader *rd;
	struct diag ignored;
	struct rec *got;
	size_t i;
	int rc;

	rec_clear(r);
	if (n == 0 || p[0] != '{' || (rd = rd_open_mem(j->path, p, n, FMT_JSON,
	    0, &ignored)) == NULL)
		return -1;
	if ((rc = rd_next(rd, &got, &ignored)) > 0) {
		rec_copy(r, got);
		for (i = 0; i < r->n; i++)
			r->f[i].name = strtab_intern(&j->names, r->f[i].name,
			    strlen(r->f[i].name));
	}
	rd_close(rd);
	return rc > 0 ? 0 : -1;
}

/* A field of a journal line as a string ("" when it has none). */
static const char *
field(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name, NULL);

	return v ? v : "";
}

/* One line, in one write: a short write is a failure (the disk is
 * full), never finished by a second write that another could precede. */
static int
append(struct journal *j, const char *p, size_t n)
{
	ssize_t w;

	do
		w = write(j->fd, p, n);
	while (w < 0 && errno == EINTR);
	if (w == (ssize_t)n)
		return 0;
	if (w >= 0)
		errno = ENOSPC;
	return -1;
}

/* Lines b, each written whole, then synced; on failure (errno says
 * why) none of them stays.  *was: the journal's size before. */
static int
append_lines(struct journal *j, const struct buf *b, off_t *was)
{
	struct stat st;
	const char *p = b->p, *end = b->p + b->len, *nl;
	int err = 0;

	if (fstat(j->fd, &st) < 0)
		return -1;
	*was = st.st_size;
	for (; err == 0 && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (append(j, p, (size_t)(nl - p) + 1) < 0)
			err = errno;
	}
	if (err == 0 && fsync(j->fd) < 0)
		err = errno;
	if (err == 0)
		return 0;
	if (ftruncate(j->fd, st.st_size) == 0)
		(void)fsync(j->fd);
	errno = err;
	return -1;
}

/* Record r as a line of the journal, appended to b: 0, or -1 when a
 * value is not UTF-8 (*bad names it). */
static int
line_of(const struct rec *r, struct buf *b, const char **bad)
{
	struct writer w;
	struct out o;
	int rc;

	out_init_buf(&o, b);
	wr_init(&w, OUT_JSONL, &o);
	if ((rc = wr_rec(&w, r)) < 0 && bad != NULL)
		*bad = w.bad_field;	/* a name of ours: static */
	wr_free(&w);
	out_close(&o);
	return rc;
}

/*
 * The lines that say what became of intents [from, n) of a run: each
 * intent again, with state, written now, by this run (marked_by).  A
 * mark per change, so that every line is an order's, and the changes
 * that happened are the lines marked landed.
 */
static int
write_marks(struct journal *j, const struct recs *in, size_t from,
    const char *state)
{
	char now[TS_BUFSZ];
	struct buf b = BUF_INIT;
	struct rec r;
	size_t i;
	off_t was;
	int rc;

	ts_format((int64_t)time(NULL), now);
	rec_init(&r);
	for (i = from; i < in->n; i++) {
		rec_copy(&r, &in->r[i]);
		rec_set(&r, "time", now, strlen(now));
		rec_set(&r, "user", j->user, strlen(j->user));
		rec_set(&r, "host", j->host, strlen(j->host));
		rec_set(&r, "state", state, strlen(state));
		rec_set(&r, "marked_by", j->run, strlen(j->run));
		(void)line_of(&r, &b, NULL);	/* UTF-8: intents were */
	}
	rec_free(&r);
	rc = append_lines(j, &b, &was);
	buf_free(&b);
	return rc;
}

/* The last line cut short: removed, for good, before anything follows. */
static int
cut_torn(struct journal *j, off_t start, const struct buf *torn,
    struct diag *d)
{
	char q[QUOTE_MAX];

	if (ftruncate(j->fd, start) < 0 || fsync(j->fd) < 0) {
		diag_set(d, j->name, 0, 0, "cannot remove the last line of %s, "
		    "cut short: %s; nothing changed", j->path, strerror(errno));
		return -1;
	}
	buf_addf(&j->notes, "%s: removed the last line of %s, cut short by a "
	    "crash or a full disk: %s\n", j->name, j->path,
	    diag_quote(q, torn->p, torn->len));
	return 0;
}

/*
 * The lines of the run the journal ends with, if it did not mark all its
 * changes: its intents into in, and in *marked how many of them have a
 * mark, whose state is *state ("" if none has).  Read from the end, a
 * block and then twice as much at a time, as far as that run goes.
 */
static int
last_run(struct journal *j, off_t size, struct recs *in, size_t *marked,
    char *state, size_t statesz)
{
	size_t k = 1u << 16, n = 0, s, e = 0, nin = 0, nout = 0;
	struct buf b = BUF_INIT;
	struct rec r;
	char run[64];
	off_t from;
	int rc = 0, more;

	rec_init(&r);
	*marked = 0;
	state[0] = '\0';
	for (;;) {
		from = size > (off_t)k ? size - (off_t)k : 0;
		n = (size_t)(size - from);
		buf_reset(&b);
		buf_grow(&b, n + 1);
		if ((rc = pread_all(j->fd, b.p, n, from)) < 0)
			break;
		/* lines [s, e) back from the end while they are the run's */
		run[0] = '\0';
		nin = nout = 0;
		more = 0;
		for (e = n; e > 0; e = s) {
			for (s = e - 1; s > 0 && b.p[s - 1] != '\n'; s--)
				;
			if (s == 0 && from > 0) {
				more = 1;	/* may start before the block */
				break;
			}
			if (parse(j, b.p + s, e - 1 - s, &r) < 0 ||
			    *field(&r, "state") == '\0' ||
			    (run[0] != '\0' && strcmp(run, field(&r, "run"))))
				break;
			if (run[0] == '\0')
				snprintf(run, sizeof run, "%s",
				    field(&r, "run"));
			if (strcmp(field(&r, "state"), "intent") == 0)
				nin++;
			else if (nin == 0) {
				nout++;
				snprintf(state, statesz, "%s",
				    field(&r, "state"));
			} else
				break;	/* a mark before intents: not ours */
		}
		if (!more)
			break;
		k *= 2;
	}
	/* the run's intents, in order: lines from e on, before its marks */
	for (s = e; rc == 0 && nin > 0 && s < n; s = e + 1) {
		e = (size_t)((char *)memchr(b.p + s, '\n', n - s) - b.p);
		if (parse(j, b.p + s, e - s, &r) == 0 &&
		    strcmp(field(&r, "state"), "intent") == 0)
			rec_copy(recs_add(in), &r);
	}
	*marked = nout;
	rec_free(&r);
	buf_free(&b);
	return rc;
}

/* A run the journal ends with whose changes are not all marked (it
 * ended before it could mark them): marked now, as its marks so far
 * say, or else by what the file is. */
static int
mark_last_run(struct journal *j, struct ledger *l, off_t size,
    struct diag *d)
{
	struct recs in = { NULL, 0, 0 };
	const char *run, *before, *after, *now, *how;
	char state[16];
	size_t marked;
	int rc = 0;

	if (last_run(j, size, &in, &marked, state, sizeof state) < 0) {
		diag_set(d, j->name, 0, 0, "cannot read %s: %s; nothing "
		    "changed", j->path, strerror(errno));
		recs_free(&in);
		return -1;
	}
	if (in.n == 0 || marked >= in.n) {
		recs_free(&in);
		return 0;
	}
	run = field(&in.r[0], "run");
	before = field(&in.r[0], "sha256_before");
	after = field(&in.r[0], "sha256_after");
	now = ledger_digest(l);
	how = state;
	if (marked == 0)
		how = strcmp(now, after) == 0 ? "landed" :
		    strcmp(now, before) == 0 ? "void" : "unknown";
	if ((rc = write_marks(j, &in, marked, how)) < 0)
		diag_set(d, j->name, 0, 0, "cannot write to %s: %s; nothing "
		    "changed", j->path, strerror(errno));
	else if (marked > 0)
		buf_addf(&j->notes, "%s: run %s had marked %zu of its %zu "
		    "changes %s in %s: marked the rest so\n", j->name, run,
		    marked, in.n, how, j->path);
	else if (strcmp(how, "landed") == 0)
		buf_addf(&j->notes, "%s: run %s had not marked its changes in "
		    "%s; the file is the one it wrote: marked them landed\n",
		    j->name, run, j->path);
	else if (strcmp(how, "void") == 0)
		buf_addf(&j->notes, "%s: run %s ended before it changed the "
		    "file: marked its changes void in %s\n", j->name, run,
		    j->path);
	else
		buf_addf(&j->notes, "%s: run %s ended without marking its "
		    "changes, and the file has since been changed by another "
		    "program: whether they landed is not known; marked them "
		    "unknown in %s: check those orders\n", j->name, run,
		    j->path);
	recs_free(&in);
	return rc;
}

int
journal_open(struct journal *j, struct ledger *l, struct diag *d)
{
	struct buf last = BUF_INIT;
	struct stat st;
	off_t start;
	int torn, rc = -1;

	memset(j, 0, sizeof *j);
	j->name = l->rp.path;
	snprintf(j->path, sizeof j->path, "%s.journal", l->rp.real);
	identify(j);
	if ((j->fd = replace_beside(&l->rp, ".journal", O_RDWR | O_APPEND |
	    O_CREAT, &j->made, d)) < 0)
		return -1;
	if (fstat(j->fd, &st) < 0 ||
	    last_line(j->fd, st.st_size, &last, &start, &torn) < 0) {
		diag_set(d, j->name, 0, 0, "cannot read %s: %s; nothing "
		    "changed", j->path, strerror(errno));
		goto out;
	}
	if (torn && cut_torn(j, start, &last, d) < 0)
		goto out;
	rc = mark_last_run(j, l, torn ? start : st.st_size, d);
out:
	buf_free(&last);
	return rc;
}

/* The directory of a file made now: synced, so that the file is found
 * after a crash that keeps what comes after it. */
static int
sync_parent(const char *path)
{
	char dir[PATH_MAX + 16], *slash;
	int fd, rc;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		slash[slash == dir] = '\0';	/* "/" stays */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The record of change c, as an intent of this run. */
static void
intent_of(struct journal *j, const struct change *c, const char *policy,
    const char *at, struct rec *r)
{
	char now[TS_BUFSZ];

	put(r, "time", ts_format((int64_t)time(NULL), now));
	put(r, "user", j->user);
	put(r, "host", j->host);
	put(r, "order_id", c->order_id);
	put(r, "instance_id", c->instance_id);
	put(r, "before", c->before);
	put(r, "after", c->after);
	put(r, "refund_amount", c->refund_amount);
	put(r, "currency", c->currency);
	put(r, "refund_rule", c->refund_rule);
	put(r, "policy", policy);
	put(r, "at", at);
	put(r, "api_call", c->api_call);
	put(r, "run", j->run);
	put(r, "state", "intent");
	put(r, "sha256_before", j->before);
	put(r, "sha256_after", j->after);
}

int
journal_intent(struct journal *j, struct ledger *l, const char *policy,
    int64_t at, const struct change *c, size_t n, struct diag *d)
{
	char when[TS_BUFSZ], q[QUOTE_MAX];
	struct buf b = BUF_INIT;
	const char *bad = "";
	off_t was;
	size_t i;
	int rc = 0;

	snprintf(j->before, sizeof j->before, "%s", ledger_digest(l));
	snprintf(j->after, sizeof j->after, "%s", l->new_digest);
	ts_format(at, when);
	for (i = 0; i < n && rc == 0; i++) {
		struct rec *r = recs_add(&j->lines);

		intent_of(j, &c[i], policy, when, r);
		if ((rc = line_of(r, &b, &bad)) < 0)
			diag_set(d, j->name, 0, 0, "the change of order %s "
			    "cannot be journaled: its %s is not valid UTF-8; "
			    "nothing changed", diag_quote(q, c[i].order_id,
			    strlen(c[i].order_id)), bad);
	}
	if (rc == 0 && (rc = append_lines(j, &b, &was)) < 0)
		diag_set(d, j->name, 0, 0, "cannot write to %s: %s; nothing "
		    "changed", j->path, strerror(errno));
	buf_free(&b);
	if (rc == 0 && j->made && sync_parent(j->path) < 0) {
		diag_set(d, j->name, 0, 0, "cannot sync the directory of %s, "
		    "made now: %s; nothing changed", j->path, strerror(errno));
		if (ftruncate(j->fd, was) == 0)	/* the run ends here */
			(void)fsync(j->fd);
		rc = -1;
	}
	return rc;
}

int
journal_mark(struct journal *j, const char *state, struct diag *d)
{
	int rc;

	if ((rc = write_marks(j, &j->lines, 0, state)) < 0)
		diag_set(d, j->name, 0, 0, "changed, but %s could not say so: "
		    "%s; the next run that changes the file marks it",
		    j->path, strerror(errno));
	return rc;
}

void
journal_close(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	recs_free(&j->lines);
	buf_free(&j->notes);
	strtab_free(&j->names);
}

/* ---- verifying ---- */

/* A run of the journal, as read: its first intent, and its marks. */
struct vrun {
	struct rec	 r;
	size_t		 changes, marks;
	char		*mark;		/* the state its marks give */
	long		 line;
	int		 old_after;	/* lines of an older version follow,
					 * which keep no digests */
};

struct vruns {
	struct vrun	*v;
	size_t		 n, cap;
};

/* The journal read into b; 0 with b empty when there is none. */
static int
slurp(struct journal *j, struct ledger *l, struct buf *b, struct diag *d)
{
	struct stat st;
	int made;

	if ((j->fd = replace_beside(&l->rp, ".journal", O_RDONLY, &made,
	    d)) < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(j->fd, &st) < 0) {
		diag_set(d, j->name, 0, 0, "cannot read %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	buf_grow(b, (size_t)st.st_size + 1);
	if (pread_all(j->fd, b->p, (size_t)st.st_size, 0) < 0) {
		diag_set(d, j->name, 0, 0, "cannot read %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	b->len = (size_t)st.st_size;
	return 0;
}

/* Line lineno, r, into the runs. */
static void
take(struct journal *j, struct vruns *vs, const struct rec *r, long lineno,
    struct buf *problems)
{
	const char *state = field(r, "state"), *run = field(r, "run");
	struct vrun *v;
	size_t i;

	if (strcmp(state, "intent") == 0) {
		if (vs->n > 0 && strcmp(field(&vs->v[vs->n - 1].r, "run"),
		    run) == 0) {
			vs->v[vs->n - 1].changes++;
			return;
		}
		vs->v = xgrow(vs->v, &vs->cap, vs->n, sizeof *vs->v);
		v = &vs->v[vs->n++];
		memset(v, 0, sizeof *v);
		rec_init(&v->r);
		rec_copy(&v->r, r);
		v->changes = 1;
		v->line = lineno;
		return;
	}
	for (i = vs->n; i > 0; i--)
		if (strcmp(field(&vs->v[i - 1].r, "run"), run) == 0)
			break;
	if (i == 0) {
		buf_addf(problems, "%s:%ld: marks run %s, of which the journal "
		    "has no changes before\n", j->path, lineno, run);
		return;
	}
	v = &vs->v[i - 1];
	if (++v->marks > v->changes)
		buf_addf(problems, "%s:%ld: marks run %s more often than it "
		    "has changes\n", j->path, lineno, run);
	else if (v->mark != NULL && strcmp(v->mark, state) != 0)
		buf_addf(problems, "%s:%ld: marks run %s %s, which it marked "
		    "%s before\n", j->path, lineno, run, state, v->mark);
	else if (v->mark == NULL)
		v->mark = xstrdup(state);
}

/* What became of run i: its mark, else what the file says (the next
 * run's start, or the file now). */
static const char *
outcome(const struct vruns *vs, size_t i, const char *now, int *marked)
{
	const struct vrun *v = &vs->v[i];
	const char *then = i + 1 < vs->n ?
	    field(&vs->v[i + 1].r, "sha256_before") : now;

	*marked = v->mark != NULL;
	if (v->mark != NULL)
		return v->mark;
	return strcmp(then, field(&v->r, "sha256_after")) == 0 ? "landed" :
	    strcmp(then, field(&v->r, "sha256_before")) == 0 ? "void" :
	    "unknown";
}

static void
walk(struct journal *j, const struct vruns *vs, const char *now,
    void (*fn)(void *, const struct journal_run *), void *arg,
    struct buf *problems, struct buf *notes)
{
	struct journal_run jr;
	const char *file = NULL;	/* what the runs so far left */
	size_t i;

	for (i = 0; i < vs->n; i++) {
		const struct vrun *v = &vs->v[i];
		const char *before = field(&v->r, "sha256_before");

		if (file != NULL && strcmp(file, before) != 0)
			buf_addf(problems, "%s:%ld: run %s did not start from "
			    "the file the runs before it left: another "
			    "program changed it in between\n", j->path,
			    v->line, field(&v->r, "run"));
		jr.run = field(&v->r, "run");
		jr.time = field(&v->r, "time");
		jr.user = field(&v->r, "user");
		jr.host = field(&v->r, "host");
		jr.changes = v->changes;
		jr.outcome = outcome(vs, i, now, &jr.marked);
		if (strcmp(jr.outcome, "landed") == 0)
			file = field(&v->r, "sha256_after");
		else if (strcmp(jr.outcome, "void") == 0)
			file = before;
		else {
			buf_addf(problems, "%s:%ld: whether the changes of run "
			    "%s landed is not known: check those orders\n",
			    j->path, v->line, jr.run);
			file = NULL;
		}
		if (v->mark != NULL && v->marks < v->changes)
			buf_addf(notes, "%s:%ld: run %s marks %zu of its %zu "
			    "changes: the next run that changes the file marks "
			    "the rest\n", j->path, v->line, jr.run, v->marks,
			    v->changes);
		if (v->old_after)
			file = NULL;
		fn(arg, &jr);
	}
	if (file != NULL && strcmp(file, now) != 0)
		buf_addf(problems, "%s: the file is not the one the journal's "
		    "last run left: another program changed it since\n",
		    j->path);
}

int
journal_verify(struct ledger *l, void (*fn)(void *,
    const struct journal_run *), void *arg, struct buf *problems,
    struct buf *notes, struct diag *d)
{
	struct journal j;
	struct buf b = BUF_INIT;
	struct vruns vs = { NULL, 0, 0 };
	struct rec r;
	const char *p, *end, *nl;
	long lineno = 0;
	int rc;
	size_t i;

	memset(&j, 0, sizeof j);
	j.fd = -1;
	j.name = l->rp.path;
	snprintf(j.path, sizeof j.path, "%s.journal", l->rp.real);
	if ((rc = slurp(&j, l, &b, d)) < 0) {
		journal_close(&j);
		buf_free(&b);
		return -1;
	}
	rec_init(&r);
	for (p = b.p, end = b.p + b.len; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			buf_addf(notes, "%s:%ld: cut short by a crash or a "
			    "full disk: the next run that changes the file "
			    "removes it\n", j.path, lineno);
			break;
		}
		if (parse(&j, p, (size_t)(nl - p), &r) < 0)
			buf_addf(problems, "%s:%ld: not a line of the "
			    "journal\n", j.path, lineno);
		else if (*field(&r, "state") == '\0') {
			/* of a version that kept no digests */
			if (vs.n > 0)
				vs.v[vs.n - 1].old_after = 1;
		} else
			take(&j, &vs, &r, lineno, problems);
	}
	walk(&j, &vs, ledger_digest(l), fn, arg, problems, notes);
	for (i = 0; i < vs.n; i++) {
		rec_free(&vs.v[i].r);
		free(vs.v[i].mark);
	}
	free(vs.v);
	rec_free(&r);
	buf_free(&b);
	journal_close(&j);
	return problems->len > 0;
}
