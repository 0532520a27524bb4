/*
 * The ledger (ledger.h), its units tied together: the file held for
 * replacing (replace.c), read whole or in a stream (csvscan.c); its
 * records scanned and changed (scan.c); the new file written from the
 * old one by the CSV edit or the YAML splice (csvedit.c, yamledit.c),
 * read back (readback.c), digested (digest.c), and committed with the
 * journal around it (journal.c).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/journal_priv.h"
#include "ledger/ledger_priv.h"
#include "records/out.h"

/* ---- opening ---- */

/* The file held, mapped (read as a fallback), for a scan of a YAML file
 * or of every record. */
int
ledger_load(struct ledger *l, struct diag *d)
{
	const struct replace *r = &l->rp;
	size_t cap, n = 0;
	ssize_t k;
	int flags = MAP_PRIVATE;

	/* l->len stays as it is until the end: the threads of
	 * ledger_copy_ahead read it */
	if (l->data != NULL)
		return 0;

#ifdef MAP_POPULATE
	if (!yamledit_lazy(l))
		flags |= MAP_POPULATE;
#endif
	if (r->st.st_size > 0) {
		void *p = mmap(NULL, (size_t)r->st.st_size, PROT_READ, flags,
		    r->fd, 0);

		if (p != MAP_FAILED) {
			l->data = p;
			l->mapped = 1;
			return 0;
		}
	}
	cap = (size_t)r->st.st_size + 1;
	l->data = xmalloc(cap);
	for (;;) {
		if (n == cap)
			l->data = xrealloc(l->data, cap *= 2);
		if ((k = pread(r->fd, l->data + n, cap - n, (off_t)n)) == 0)
			break;
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			diag_set(d, r->path, 0, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		n += (size_t)k;
	}
	if (n != l->len) {	/* changed by a writer that took no lock */
		diag_set(d, r->path, 0, 0, "read error: %s", strerror(EIO));
		return -1;
	}
	return 0;
}

int
ledger_open(struct ledger **lp, const char *path, int mode, long wait,
    struct diag *d)
{
	return ledger_create(lp, path, mode, wait, NULL, 0, d);
}

int
ledger_create(struct ledger **lp, const char *path, int mode, long wait,
    const char *seed, size_t n, struct diag *d)
{
	struct ledger *l = *lp = xcalloc(1, sizeof *l);
	int rc;

	l->block_bytes = BLOCK_BYTES;
	l->ring_blocks = BLOOM_RING;
	l->thread_bytes = LEDGER_STEP;

	rc = replace_hold_seed(&l->rp, path, mode == LEDGER_WRITE, wait,
	    &l->notes, seed, n, d);
	if (rc == REPLACE_LOCKED)
		return LEDGER_LOCKED;
	if (rc < 0)
		return -1;
	l->len = (size_t)l->rp.st.st_size;
	l->lastc = -1;
	return 0;
}

void
ledger_close(struct ledger *l)
{
	size_t i, j;

	if (l == NULL)
		return;
	if (l->copying) {	/* no more of it is wanted */
		ledger_copy_until(l, 0);
		ledger_copy_pace(l, SIZE_MAX);
		pthread_join(l->copier, NULL);
	}
	if (l->digesting) {	/* a run that changes nothing */
		atomic_store(&l->stop_digest, 1);
		pthread_join(l->digester, NULL);
	}
	free(l->ckpt);
	for (i = 0; i < l->nkept; i++) {
		rec_free(&l->kept[i].r);
		for (j = 0; j < l->kept[i].nset; j++)
			free(l->kept[i].set[j].value);
		free(l->kept[i].set);
		free(l->kept[i].raw);
	}
	free(l->kept);
	free(l->spots);
	free(l->place);
	free(l->gone);
	free(l->spliced);
	free(l->chpos);
	recs_free(&l->added);
	free(l->cols);
	free(l->converted);
	free(l->blocks);
	free(l->blooms);
	free(l->iids);
	free(l->rows);
	buf_free(&l->hdr);
	scan_unhold(l);
	for (i = 0; l->ring != NULL && i < HOLD_RING; i++)
		rec_free(&l->ring[i].r);
	free(l->ring);
	free(l->held);
	if (l->mapped)
		munmap(l->data, l->len);
	else
		free(l->data);
	replace_release(&l->rp);
	strtab_free(&l->names);
	buf_free(&l->notes);
	free(l);
}

int
ledger_seeded(const struct ledger *l)
{
	return l->rp.seeded;
}

const char *
ledger_path(const struct ledger *l)
{
	return l->rp.path;
}

enum fmt
ledger_format(const struct ledger *l)
{
	return l->fmt;
}

const char *const *
ledger_columns(const struct ledger *l, size_t *n)
{
	*n = l->nfilecols;
	return l->cols;
}

void
ledger_expect_key(struct ledger *l, const char *key)
{
	l->key = key;
}

void
ledger_only(struct ledger *l, const char *const *names, size_t n)
{
	l->only = names;
	l->nonly = n;
}

void
ledger_want(struct ledger *l, struct idset *ids, const char *text)
{
	l->want = ids;
	l->want_text = text;
}

void
ledger_rescan_marked(struct ledger *l)
{
	l->marked_only = 1;
}

const char *
ledger_notes(struct ledger *l)
{
	return buf_str(&l->notes);
}

/* ---- for the units ---- */

/* The length of the byte order mark the file, as read whole, starts
 * with: 3 or 0. */
size_t
ledger_bom(const struct ledger *l)
{
	return l->len >= 3 && memcmp(l->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

const char *
ledger_intern(struct ledger *l, const char *name)
{
	return strtab_intern(&l->names, name, strlen(name));
}

int
ledger_changed(const struct ledger *l, struct diag *d)
{
	diag_set(d, l->rp.path, 0, 0, "changed by another program since this "
	    "run read it; nothing changed, try again");
	return -1;
}

/* Bytes the new file keeps from the old one. */
void
ledger_copy_span(struct ledger *l, struct out *o, size_t off, size_t n)
{
	out_copy(o, l->rp.fd, (off_t)off, l->data ? l->data + off : NULL, n);
}

/* ---- committing ---- */

#ifdef HAVE_COPY_FILE_RANGE
/* The copy goes at most PACE_LEAD ahead of the scan, which is slower:
 * what it copies past the first change is thrown away; and it waits
 * until it may copy PACE_BYTES at once.  Ahead by as much, it still ends
 * a little before the scan when the first change is near the end, and
 * the writeback of what it copied has begun by the file's fsync. */
#define PACE_LEAD	(32u << 20)
#define PACE_BYTES	(4u << 20)

static void *
copy_ahead(void *arg)
{
	struct ledger *l = arg;
	struct timespec nap = { 0, 1000000 };
	loff_t in = 0, out = 0;
	size_t limit, pace;
	ssize_t k;

	while ((size_t)in < (limit = atomic_load(&l->copy_limit))) {
		size_t n;

		pace = atomic_load(&l->copy_pace);
		pace = pace > SIZE_MAX - PACE_LEAD ? SIZE_MAX : pace + PACE_LEAD;
		if (pace < limit) {
			if (pace < (size_t)in + PACE_BYTES) {
				nanosleep(&nap, NULL);
				continue;
			}
			limit = pace;
		}
		n = limit - (size_t)in;

		k = copy_file_range(l->rp.fd, &in, l->rp.tmpfd, &out,
		    n > (8u << 20) ? 8u << 20 : n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			l->copy_err = k < 0 ? errno : EIO;
			return NULL;
		}
		if (out % (32 << 20) < k)
			out_writeback(l->rp.tmpfd);
	}
	l->copied = (size_t)in;
	return NULL;
}

/* The copy, in a thread, into the new file made now. */
static void
start_copy(struct ledger *l)
{
	struct diag ignored;	/* the commit makes it again, and says */

	if (l->copying || l->rp.tmpfd >= 0 || l->len < (1u << 20) ||
	    replace_temp(&l->rp, &ignored) < 0)
		return;
	atomic_store(&l->copy_limit, l->len);
	atomic_store(&l->copy_pace, 0);	/* until a scan says how far */
	if (pthread_create(&l->copier, NULL, copy_ahead, l) == 0)
		l->copying = 1;
	else
		l->copy_err = EAGAIN;
}
#endif

void
ledger_copy_ahead(struct ledger *l)
{
	if (l->len >= LEDGER_STEP)
		digest_ahead(l);
#ifdef HAVE_COPY_FILE_RANGE
	start_copy(l);
#endif
}

void
ledger_copy_pace(struct ledger *l, size_t off)
{
	atomic_store(&l->copy_pace, off);
}

void
ledger_copy_until(struct ledger *l, size_t off)
{
	size_t was = atomic_load(&l->copy_limit);

	while (off < was &&
	    !atomic_compare_exchange_weak(&l->copy_limit, &was, off))
		;
}

/* The file's bytes, read whole, let go: nothing needs them any more,
 * and the new file is about to be read back whole. */
static void
unload(struct ledger *l)
{
	if (l->mapped)
		munmap(l->data, l->len);
	else
		free(l->data);
	l->data = NULL;
	l->mapped = 0;
}

/* Keep what the copy ahead wrote before the first change, as far as it
 * went; if it failed, start the file afresh. */
static size_t
reuse_copy(struct ledger *l, size_t first)
{
	int done = 0;

	if (l->copying) {
		ledger_copy_pace(l, SIZE_MAX);
		pthread_join(l->copier, NULL);
		l->copying = 0;
		done = l->copy_err == 0;
	}
	if (!done)
		first = 0;
	else if (first > l->copied)
		first = l->copied;
	if (ftruncate(l->rp.tmpfd, (off_t)first) < 0 ||
	    lseek(l->rp.tmpfd, (off_t)first, SEEK_SET) < 0)
		return (size_t)-1;
	return first;
}

/* The changes of a commit, to journal. */
struct intents {
	struct journal		*j;
	const char		*policy;
	int64_t			 at;
	const struct change	*c;
	size_t			 n;
};

/*
 * The changed file, written in full beside the old one and synced, with
 * its digest in new_digest; the old one is not touched.  A YAML file,
 * changed by splicing text into it, is read back from the disk
 * (readback_check).  The intents are made while the new file's digest
 * is (journal_lines).  0, or -1 with nothing left behind.
 */
static int
ledger_write(struct ledger *l, const struct intents *in, struct diag *d)
{
	struct splices ss = { NULL, 0, 0 };
	struct out o;
	size_t first, same;
	int err, ahead;

	if (replace_check(&l->rp, d) < 0 || replace_temp(&l->rp, d) < 0)
		return -1;
	if (l->fmt == FMT_YAML) {
		if (yamledit_prepare(l, &ss, d) < 0) {
			yamledit_free(&ss);
			return -1;	/* ledger_close removes the new file */
		}
		first = ss.n > 0 ? ss.s[0].off : l->len;
	} else if (keep_load(l, d) < 0)
		return -1;	/* ledger_close removes the new file */
	else
		first = csvedit_prepare(l);
	same = first;		/* the new file's bytes before it: the old's */
	if ((first = reuse_copy(l, first)) == (size_t)-1) {
		err = errno;
		yamledit_free(&ss);
		return replace_fail(&l->rp, "writing", err, d);
	}
	digest_follow(l, same);
	out_init(&o, l->rp.tmpfd);
	o.skip = first;
	if (l->fmt == FMT_YAML)
		yamledit_write(l, &o, &ss);
	else
		csvedit_write(l, &o);
	err = out_close(&o);
	if (err == 0)
		journal_lines(in->j, in->policy, in->at, in->c, in->n);
	if ((ahead = l->following) && digest_written(l) < 0 && err == 0)
		return replace_fail(&l->rp, "reading back", errno, d);
	if (err != 0)
		return replace_fail(&l->rp, "writing", err, d);
	if (replace_sync(&l->rp, d) < 0)
		return -1;
	if (l->fmt == FMT_YAML && l->printed && !l->sparse)
		unload(l);	/* read back by the fingerprints alone */
	if (l->fmt == FMT_YAML && readback_written(l, d) < 0) {
		replace_rollback(&l->rp);
		return -1;
	}
	if (!ahead && digest_written(l) < 0)
		return replace_fail(&l->rp, "reading back", errno, d);
	return replace_close_temp(&l->rp, d);
}

/*
 * The notes of a commit, in the order they are told: what the journal
 * did about earlier runs, then a step that failed after the file changed
 * (failed, said as diag_print says it; or NULL), then the file's own.
 */
static void
order_notes(struct ledger *l, struct journal *j, const struct diag *failed)
{
	struct buf b = BUF_INIT;

	buf_add(&b, j->notes.p, j->notes.len);
	if (failed != NULL)
		buf_addf(&b, "%s: %s\n", failed->file, failed->msg);
	buf_add(&b, l->notes.p, l->notes.len);
	buf_free(&l->notes);
	l->notes = b;
}

int
ledger_commit(struct ledger *l, const struct change *c, size_t n,
    const char *policy, int64_t at, struct diag *d)
{
	struct journal j;
	struct intents in = { &j, policy, at, c, n };
	struct diag ignored;
	int rc = -1;

	if (journal_open(&j, l, d) == 0 && ledger_write(l, &in, d) == 0 &&
	    journal_intent(&j, l, policy, at, c, n, d) == 0) {
		switch (replace_commit(&l->rp, d)) {
		case 0:
			if (l->len >= LEDGER_STEP)	/* small: not worth it,
							 * and its calls stay
							 * in order */
				replace_let_go(&l->rp);
			rc = journal_mark(&j, "landed", d) < 0 ? 1 : 0;
			break;
		case REPLACE_UNSYNCED:
			/* left unmarked: a crash may still undo it, and
			 * the next run tells by the file's digest */
			rc = 1;
			break;
		default:
			(void)journal_mark(&j, "void", &ignored);
			break;
		}
	}
	order_notes(l, &j, rc > 0 ? d : NULL);
	journal_close(&j);
	return rc;
}
