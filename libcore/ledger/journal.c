/*
 * Writing the journal (journal.h), for the ledger's commit: opening it
 * (a last line cut short removed, a run left unmarked marked), then a
 * run's intents and its marks, each line one write(2), each batch
 * synced, and removed again when it cannot all be written.
 */
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
#include "ledger/journal_priv.h"
#include "ledger/ledger_priv.h"
#include "records/out.h"
#include "records/rec.h"
#include "records/writer.h"
#include "values/ts.h"

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

/* Lines of the journal made in a buffer, by one writer. */
struct lines {
	struct out	 o;
	struct writer	 w;
};

static void
lines_init(struct lines *ls, struct buf *b)
{
	out_init_buf(&ls->o, b);
	wr_init(&ls->w, OUT_JSONL, &ls->o);
}

/* Record r as a line: 0, or -1 when a value is not UTF-8 (*bad names
 * it, and nothing is written). */
static int
line_of(struct lines *ls, const struct rec *r, const char **bad)
{
	int rc;

	if ((rc = wr_rec(&ls->w, r)) < 0 && bad != NULL)
		*bad = ls->w.bad_field;	/* a name of ours: static */
	return rc;
}

/* The lines, all in the buffer. */
static void
lines_end(struct lines *ls)
{
	wr_free(&ls->w);
	out_close(&ls->o);
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
	struct lines ls;
	struct rec r;
	size_t i;
	off_t was;
	int rc;

	ts_format((int64_t)time(NULL), now);
	rec_init(&r);
	lines_init(&ls, &b);
	for (i = from; i < in->n; i++) {
		rec_copy(&r, &in->r[i]);
		rec_set(&r, "time", now, strlen(now));
		rec_set(&r, "user", j->user, strlen(j->user));
		rec_set(&r, "host", j->host, strlen(j->host));
		rec_set(&r, "state", state, strlen(state));
		rec_set(&r, "marked_by", j->run, strlen(j->run));
		(void)line_of(&ls, &r, NULL);	/* UTF-8: intents were */
	}
	lines_end(&ls);
	rec_free(&r);
	rc = append_lines(j, &b, &was);
	buf_free(&b);
	return rc;
}

/* How a line of intent_of ends, as the writer writes its last fields:
 * the digests of the file as read and of the new one, between these. */
static const char before_key[] = "\"sha256_before\":\"";
static const char after_key[] = "\",\"sha256_after\":\"";

/* Those two fields as a line has them, in t: its length. */
static size_t
digests_text(char *t, size_t size, const char *before, const char *after)
{
	return (size_t)snprintf(t, size, "%s%s%s%s\"", before_key, before,
	    after_key, after);
}

/*
 * The marks of this run's intents made from their lines as written, the
 * bytes write_marks makes from the records: the time now, the state, and
 * marked_by after the last field (the user and host are this run's
 * already), the rest of each line as it is.  0, or -1 when a line is not
 * of the shape intent_of gives it, for write_marks to do.
 */
static int
marks_of_text(const struct journal *j, const char *state, struct buf *b)
{
	static const char head[] = "{\"time\":\"";
	char now[TS_BUFSZ], digests[256], tail[300];
	const char *p = j->text.p, *end = p + j->text.len, *nl, *q;
	size_t hn = sizeof head - 1, tn, k = 0;

	ts_format((int64_t)time(NULL), now);
	digests_text(digests, sizeof digests, j->before, j->after);
	tn = (size_t)snprintf(tail, sizeof tail, "\"state\":\"intent\",%s}",
	    digests);
	for (; p < end; p = nl + 1, k++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    (size_t)(nl - p) < hn + tn || memcmp(p, head, hn) != 0 ||
		    memcmp(nl - tn, tail, tn) != 0 ||
		    (q = memchr(p + hn, '"', (size_t)(nl - tn - p - hn))) == NULL)
			return -1;
		buf_add(b, head, hn);
		buf_adds(b, now);
		buf_add(b, q, (size_t)(nl - tn - q));
		buf_addf(b, "\"state\":\"%s\",%s,\"marked_by\":\"%s\"}\n",
		    state, digests, j->run);
	}
	return k == j->lines.n ? 0 : -1;
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

	if (journal_last_run(j, size, &in, &marked, state, sizeof state) < 0) {
		diag_set(d, j->name, 0, 0, "cannot read %s: %s; nothing "
		    "changed", j->path, strerror(errno));
		recs_free(&in);
		return -1;
	}
	if (in.n == 0 || marked >= in.n) {
		recs_free(&in);
		return 0;
	}
	run = journal_field(&in.r[0], "run");
	before = journal_field(&in.r[0], "sha256_before");
	after = journal_field(&in.r[0], "sha256_after");
	if ((now = digest_read(l)) == NULL) {
		diag_set(d, l->rp.path, 0, 0, "read error: %s",
		    strerror(errno));
		recs_free(&in);
		return -1;
	}
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
	    journal_last_line(j->fd, st.st_size, &last, &start, &torn) < 0) {
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

	rec_adds(r, "time", ts_format((int64_t)time(NULL), now));
	rec_adds(r, "user", j->user);
	rec_adds(r, "host", j->host);
	rec_adds(r, "order_id", c->order_id);
	rec_adds(r, "instance_id", c->instance_id);
	rec_adds(r, "before", c->before);
	rec_adds(r, "after", c->after);
	rec_adds(r, "refund_amount", c->refund_amount);
	rec_adds(r, "currency", c->currency);
	rec_adds(r, "refund_rule", c->refund_rule);
	rec_adds(r, "policy", policy);
	rec_adds(r, "at", at);
	rec_adds(r, "api_call", c->api_call);
	rec_adds(r, "run", j->run);
	rec_adds(r, "state", "intent");
	rec_adds(r, "sha256_before", j->before);
	rec_adds(r, "sha256_after", j->after);
}

/* The intents of changes c, n, as records (j->lines) and their lines
 * (j->text), with the digests j has: 0, or -1 with nothing made when a
 * value is not UTF-8 (d, when not NULL, says which). */
static int
make_intents(struct journal *j, const char *policy, int64_t at,
    const struct change *c, size_t n, struct diag *d)
{
	char when[TS_BUFSZ], q[QUOTE_MAX];
	struct buf b = BUF_INIT;
	struct lines ls;
	const char *bad = "";
	size_t i;
	int rc = 0;

	recs_free(&j->lines);
	buf_free(&j->text);
	ts_format(at, when);
	lines_init(&ls, &b);
	for (i = 0; i < n && rc == 0; i++) {
		struct rec *r = recs_add(&j->lines);

		intent_of(j, &c[i], policy, when, r);
		if ((rc = line_of(&ls, r, &bad)) < 0 && d != NULL)
			diag_set(d, j->name, 0, 0, "the change of order %s "
			    "cannot be journaled: its %s is not valid UTF-8; "
			    "nothing changed", diag_quote(q, c[i].order_id,
			    strlen(c[i].order_id)), bad);
	}
	lines_end(&ls);
	if (rc == 0)
		j->text = b;
	else {
		buf_free(&b);
		recs_free(&j->lines);
	}
	return rc;
}

/* Where a digest goes, in intents made ahead: zeros, as many. */
static void
digest_place(char d[SHA256_HEX])
{
	memset(d, '0', SHA256_HEX - 1);
	d[SHA256_HEX - 1] = '\0';
}

void
journal_lines(struct journal *j, const char *policy, int64_t at,
    const struct change *c, size_t n)
{
	digest_place(j->before);
	digest_place(j->after);
	j->ahead = make_intents(j, policy, at, c, n, NULL) == 0;
}

/* The digests j has now put in the places of the zeros in the intents
 * made ahead: 0, or -1 when a line does not end as journal_lines made
 * it, or a digest is not of its length (the intents are then made
 * again). */
static int
fill_digests(struct journal *j)
{
	const size_t h = sizeof j->before - 1, bk = sizeof before_key - 1,
	    ak = sizeof after_key - 1;
	char zeros[SHA256_HEX], tail[256], *p = j->text.p;
	char *end = p + j->text.len, *nl, *t;
	size_t tn, k = 0;

	if (strlen(j->before) != h || strlen(j->after) != h)
		return -1;
	digest_place(zeros);
	tn = digests_text(tail, sizeof tail - 2, zeros, zeros);
	tail[tn++] = '}';	/* the line's end */
	tail[tn++] = '\n';
	for (; p < end; p = nl + 1, k++)
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    (size_t)(nl + 1 - p) < tn ||
		    memcmp(nl + 1 - tn, tail, tn) != 0)
			return -1;
	if (k != j->lines.n)
		return -1;
	for (p = j->text.p; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		t = nl + 1 - tn;
		memcpy(t + bk, j->before, h);
		memcpy(t + bk + h + ak, j->after, h);
	}
	for (k = 0; k < j->lines.n; k++) {
		rec_set(&j->lines.r[k], "sha256_before", j->before, h);
		rec_set(&j->lines.r[k], "sha256_after", j->after, h);
	}
	return 0;
}

int
journal_intent(struct journal *j, struct ledger *l, const char *policy,
    int64_t at, const struct change *c, size_t n, struct diag *d)
{
	const char *p;
	off_t was;
	int rc = 0;

	if ((p = digest_read(l)) == NULL) {
		diag_set(d, l->rp.path, 0, 0, "read error: %s",
		    strerror(errno));
		return -1;
	}
	snprintf(j->before, sizeof j->before, "%s", p);
	snprintf(j->after, sizeof j->after, "%s", l->new_digest);
	if (!j->ahead || fill_digests(j) < 0)
		rc = make_intents(j, policy, at, c, n, d);
	j->ahead = 0;
	if (rc == 0 && (rc = append_lines(j, &j->text, &was)) < 0)
		diag_set(d, j->name, 0, 0, "cannot write to %s: %s; nothing "
		    "changed", j->path, strerror(errno));
	if (rc < 0)	/* the marks are made from the lines written */
		buf_free(&j->text);
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
	struct buf b = BUF_INIT;
	off_t was;
	int rc;

	if (marks_of_text(j, state, &b) == 0)
		rc = append_lines(j, &b, &was);
	else
		rc = write_marks(j, &j->lines, 0, state);
	buf_free(&b);
	if (rc < 0)
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
	buf_free(&j->text);
	buf_free(&j->notes);
	strtab_free(&j->names);
}
