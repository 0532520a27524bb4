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
		step = k < n ? LEDGER_STEP : l->len - n * LEDGER_STEP;
		if ((p = bytes_at(l, chunk, k * LEDGER_STEP, step)) == NULL)
			break;
		sha256_update(&s, p, step);
	}
	if (k > n)
		sha256_hex(&s, l->digest);
	else if (!atomic_load(&l->stop_digest))
		l->digest_err = errno ? errno : EIO;
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

/*
 * The digest of the new file, whose bytes before first are the old
 * file's: from the state the old file's digest had at a step at or
 * before first, then the new file's own bytes read back from the disk,
 * which a later run will find if the file is replaced.
 */
int
digest_written(struct ledger *l, size_t first)
{
	char *chunk = xmalloc(1u << 20);
	const char *p;
	struct sha256 s;
	size_t k;
	off_t off = (off_t)first;
	ssize_t n;

	if (digest_read(l) == NULL) {
		free(chunk);
		return -1;
	}
	k = first / LEDGER_STEP;
	sha256_resume(&s, l->ckpt[k], (uint64_t)k * LEDGER_STEP);
	if ((p = bytes_at(l, chunk, k * LEDGER_STEP, first - k *
	    LEDGER_STEP)) == NULL) {
		free(chunk);
		errno = EIO;
		return -1;
	}
	sha256_update(&s, p, first - k * LEDGER_STEP);
	while ((n = pread(l->rp.tmpfd, chunk, 1u << 20, off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(chunk);
			return -1;
		}
		sha256_update(&s, chunk, (size_t)n);
		off += n;
	}
	sha256_hex(&s, l->new_digest);
	free(chunk);
	return 0;
}
