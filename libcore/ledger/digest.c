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

/* The digest of the file as read, and its state at every LEDGER_STEP
 * bytes (l->ckpt, made before). */
static void *
hash_read(void *arg)
{
	struct ledger *l = arg;
	size_t k, n = l->len / LEDGER_STEP;
	struct sha256 s;

	sha256_init(&s);
	for (k = 0; k <= n; k++) {
		if (atomic_load(&l->stop_digest))
			return NULL;
		memcpy(l->ckpt[k], s.h, sizeof s.h);
		if (k < n)
			sha256_update(&s, l->data + k * LEDGER_STEP,
			    LEDGER_STEP);
	}
	sha256_update(&s, l->data + n * LEDGER_STEP, l->len - n * LEDGER_STEP);
	sha256_hex(&s, l->digest);
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
	struct sha256 s;
	size_t k;
	off_t off = (off_t)first;
	ssize_t n;

	(void)digest_read(l);
	k = first / LEDGER_STEP;
	sha256_resume(&s, l->ckpt[k], (uint64_t)k * LEDGER_STEP);
	sha256_update(&s, l->data + k * LEDGER_STEP, first - k * LEDGER_STEP);
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
