/*
 * Reading the journal (journal.h): a line as a record; the last line, and
 * the last run, read from the end, for a run about to write (journal.c);
 * and the whole of it, run by run, for journal_verify, which tells
 * whether it accounts for the file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "ledger/journal_priv.h"
#include "ledger/ledger_priv.h"
#include "records/reader.h"
#include "records/rec.h"

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
int
journal_last_line(int fd, off_t size, struct buf *b, off_t *start, int *torn)
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
const char *
journal_field(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name, NULL);

	return v ? v : "";
}

/*
 * The lines of the run the journal ends with, if it did not mark all its
 * changes: its intents into in, and in *marked how many of them have a
 * mark, whose state is *state ("" if none has).  Read from the end, a
 * block and then twice as much at a time, as far as that run goes.
 */
int
journal_last_run(struct journal *j, off_t size, struct recs *in, size_t *marked,
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
			    *journal_field(&r, "state") == '\0' ||
			    (run[0] != '\0' && strcmp(run,
			    journal_field(&r, "run"))))
				break;
			if (run[0] == '\0')
				snprintf(run, sizeof run, "%s",
				    journal_field(&r, "run"));
			if (strcmp(journal_field(&r, "state"), "intent") == 0)
				nin++;
			else if (nin == 0) {
				nout++;
				snprintf(state, statesz, "%s",
				    journal_field(&r, "state"));
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
		    strcmp(journal_field(&r, "state"), "intent") == 0)
			rec_copy(recs_add(in), &r);
	}
	*marked = nout;
	rec_free(&r);
	buf_free(&b);
	return rc;
}

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
	const char *state = journal_field(r, "state");
	const char *run = journal_field(r, "run");
	struct vrun *v;
	size_t i;

	if (strcmp(state, "intent") == 0) {
		if (vs->n > 0 && strcmp(journal_field(&vs->v[vs->n - 1].r,
		    "run"), run) == 0) {
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
		if (strcmp(journal_field(&vs->v[i - 1].r, "run"), run) == 0)
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
	    journal_field(&vs->v[i + 1].r, "sha256_before") : now;

	*marked = v->mark != NULL;
	if (v->mark != NULL)
		return v->mark;
	return strcmp(then, journal_field(&v->r, "sha256_after")) == 0 ?
	    "landed" : strcmp(then, journal_field(&v->r, "sha256_before")) ==
	    0 ? "void" : "unknown";
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
		const char *before = journal_field(&v->r, "sha256_before");

		if (file != NULL && strcmp(file, before) != 0)
			buf_addf(problems, "%s:%ld: run %s did not start from "
			    "the file the runs before it left: another "
			    "program changed it in between\n", j->path,
			    v->line, journal_field(&v->r, "run"));
		jr.run = journal_field(&v->r, "run");
		jr.time = journal_field(&v->r, "time");
		jr.user = journal_field(&v->r, "user");
		jr.host = journal_field(&v->r, "host");
		jr.changes = v->changes;
		jr.outcome = outcome(vs, i, now, &jr.marked);
		if (strcmp(jr.outcome, "landed") == 0)
			file = journal_field(&v->r, "sha256_after");
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

const char *const journal_run_cols[JOURNAL_RUN_COLS] = { "run", "time",
	"user", "host", "changes", "outcome", "marked" };

void
journal_run_record(const struct journal_run *jr, struct rec *r)
{
	char n[32];

	snprintf(n, sizeof n, "%zu", jr->changes);
	rec_clear(r);
	rec_adds(r, "run", jr->run);
	rec_adds(r, "time", jr->time);
	rec_adds(r, "user", jr->user);
	rec_adds(r, "host", jr->host);
	rec_adds(r, "changes", n);
	rec_adds(r, "outcome", jr->outcome);
	rec_adds(r, "marked", jr->marked ? "yes" : "no");
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
	const char *p, *end, *nl, *now;
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
		else if (*journal_field(&r, "state") == '\0') {
			/* of a version that kept no digests */
			if (vs.n > 0)
				vs.v[vs.n - 1].old_after = 1;
		} else
			take(&j, &vs, &r, lineno, problems);
	}
	if ((now = digest_read(l)) != NULL)
		walk(&j, &vs, now, fn, arg, problems, notes);
	else
		diag_set(d, l->rp.path, 0, 0, "read error: %s",
		    strerror(errno));
	for (i = 0; i < vs.n; i++) {
		rec_free(&vs.v[i].r);
		free(vs.v[i].mark);
	}
	free(vs.v);
	rec_free(&r);
	buf_free(&b);
	journal_close(&j);
	return now == NULL ? -1 : problems->len > 0;
}
