/*
 * The digests the journal keeps (journal.h): the SHA-256 of the file as
 * read, made in a thread while the records are read, with the state of
 * the hash at every LEDGER_STEP bytes; and that of the new file, resumed
 * from the last of those states before its first change, so that only
 * the new file's own bytes are hashed, as read back from the disk.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/sha256.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"

/* n bytes of the file from off, read into chunk (never from l->data,
 * which a scan may map while the thread reads): chunk, or NULL on a read
 * error. */
static const char *
bytes_at(struct ledger *l, char *chunk, size_t off, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = pread(l->rp.fd, chunk + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return NULL;
		got += (size_t)k;
	}
	return chunk;
}

/* The digest of the file as read, and its state at every LEDGER_STEP
 * bytes (l->ckpt, made before); "" when it cannot be read. */
static void *
hash_read(void *arg)
{
	struct ledger *l = arg;
	size_t k, n = l->len / LEDGER_STEP, step;
	char *chunk = xmalloc(LEDGER_STEP);
	const char *p;
	struct sha256 s;

	sha256_init(&s);
	for (k = 0; k <= n; k++) {
		if (atomic_load(&l->stop_digest))
			break;
		memcpy(l->ckpt[k], s.h, sizeof s.h);
		atomic_store(&l->nckpt, k + 1);
		step = k < n ? LEDGER_STEP : l->len - n * LEDGER_STEP;
		if ((p = bytes_at(l, chunk, k * LEDGER_STEP, step)) == NULL)
			break;
		sha256_update(&s, p, step);
	}
	if (k > n)
		sha256_hex(&s, l->digest);
	else if (!atomic_load(&l->stop_digest))
		l->digest_err = errno ? errno : EIO;
	atomic_store(&l->hashed, 1);
	free(chunk);
	return NULL;
}

void
digest_ahead(struct ledger *l)
{
	if (l->ckpt != NULL)
		return;
	l->ckpt = xcalloc(l->len / LEDGER_STEP + 1, sizeof *l->ckpt);
	if (pthread_create(&l->digester, NULL, hash_read, l) == 0)
		l->digesting = 1;
	else
		hash_read(l);
}

const char *
digest_read(struct ledger *l)
{
	if (l->ckpt == NULL) {
		l->ckpt = xcalloc(l->len / LEDGER_STEP + 1, sizeof *l->ckpt);
		hash_read(l);
	}
	if (l->digesting)
		pthread_join(l->digester, NULL);
	l->digesting = 0;
	if (l->digest[0] == '\0') {
		errno = l->digest_err ? l->digest_err : EIO;
		return NULL;
	}
	return l->digest;
}

/* The state of the old file's digest at step k, made (in the thread of
 * digest_ahead, which need not have ended); 0 with errno when it cannot
 * be. */
static int
at_step(struct ledger *l, size_t k)
{
	struct timespec nap = { 0, 100000 };

	if (!l->digesting)
		return digest_read(l) != NULL;
	while (atomic_load(&l->nckpt) <= k) {
		if (atomic_load(&l->hashed) && atomic_load(&l->nckpt) <= k) {
			errno = l->digest_err ? l->digest_err : EIO;
			return 0;
		}
		nanosleep(&nap, NULL);
	}
	return 1;
}

/*
 * The digest of the new file, whose bytes before first are the old
 * file's: from the state the old file's digest had at a step at or
 * before first, then the new file's own bytes read back from the disk,
 * which a later run will find if the file is replaced.  They are read as
 * they are written, in a thread, until the writer says it is done
 * (digest_written) and no more are there.
 */
static void *
hash_new(void *arg)
{
	struct ledger *l = arg;
	char *chunk = xmalloc(1u << 20);
	const char *p;
	struct sha256 s;
	size_t first = l->follow_from, k;
	struct timespec nap = { 0, 100000 };
	off_t off = (off_t)first;
	ssize_t n;
	int done = 0;

	k = first / LEDGER_STEP;
	if (!at_step(l, k)) {
		l->follow_err = errno;
		goto out;
	}
	sha256_resume(&s, l->ckpt[k], (uint64_t)k * LEDGER_STEP);
	if ((p = bytes_at(l, chunk, k * LEDGER_STEP, first - k *
	    LEDGER_STEP)) == NULL) {
		l->follow_err = EIO;
		goto out;
	}
	sha256_update(&s, p, first - k * LEDGER_STEP);
	for (;;) {
		n = pread(l->rp.tmpfd, chunk, 1u << 20, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			l->follow_err = errno;
			goto out;
		}
		if (n > 0) {
			sha256_update(&s, chunk, (size_t)n);
			off += n;
		} else if (done)	/* read once more after it said so */
			break;
		else if (!(done = atomic_load(&l->written)))
			nanosleep(&nap, NULL);
	}
	sha256_hex(&s, l->new_digest);
out:
	free(chunk);
	return NULL;
}

/* In a thread only for a file of LEDGER_STEP bytes or more: in a
 * smaller one, the calls a run makes come in the same order every time,
 * which the fault trials (tests/faults) count on. */
void
digest_follow(struct ledger *l, size_t first)
{
	l->follow_from = first;
	l->follow_err = 0;
	atomic_store(&l->written, 0);
	l->following = l->len >= LEDGER_STEP &&
	    pthread_create(&l->follower, NULL, hash_new, l) == 0;
}

int
digest_written(struct ledger *l)
{
	atomic_store(&l->written, 1);
	if (l->following)
		pthread_join(l->follower, NULL);
	else
		hash_new(l);
	l->following = 0;
	if (l->follow_err != 0) {
		errno = l->follow_err;
		return -1;
	}
	return 0;
}
