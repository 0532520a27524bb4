/*
 * The replace protocol: how a file is changed so that a reader sees the
 * old one or the new one, never half of one, and a crash at any instant
 * leaves one of the two.  No record knowledge: the ledger (ledger.h)
 * writes the bytes.  In the order of a change:
 *
 *   replace_hold	lock FILE.lock (flock, waiting up to a limit, and
 *			only once it is still the file its path names);
 *			remove the temporary files of killed runs; open
 *			the file, a regular file of one name, noting what
 *			it is (device, inode, size, modification time)
 *   replace_temp	the new file beside it, .FILE.tmp-HOST-PID-XXXXXX
 *   (the caller writes it, through tmpfd)
 *   replace_sync	fsync'd
 *   replace_close_temp	given the file's mode and owner, and closed
 *   replace_commit	renamed over the file if that is still the one
 *			read; the directory fsync'd
 *   replace_let_go	(if need be) the old file closed, in a thread
 *   replace_release	the new file removed if not renamed, the lock let
 *			go
 *
 * A step that fails removes the new file (replace_fail, replace_rollback)
 * and leaves the old one as it was.  replace_check, the check of
 * replace_commit, may be made earlier too, before the new file is
 * written.  Files kept beside the file (its lock, its journal) are
 * opened by replace_beside.
 */
#ifndef REPLACE_H
#define REPLACE_H

#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>

struct buf;
struct diag;

#define REPLACE_LOCKED		1	/* replace_hold: another process
					 * holds the lock */
#define REPLACE_UNSYNCED	2	/* replace_commit: replaced, but the
					 * directory could not be synced */

/* A file held for replacing.  The ledger's units read path, real, fd,
 * st, tmp and tmpfd; only replace.c changes them. */
struct replace {
	char		 path[PATH_MAX];	/* as given, for messages */
	char		 real[PATH_MAX];	/* the file replaced */
	int		 lockfd;
	int		 fd;		/* the file as read: to read and copy */
	struct stat	 st;		/* what it is */
	char		 tmp[PATH_MAX + 320];	/* the new file */
	int		 tmpfd;
	int		 have_tmp;	/* tmp is there, not renamed */
	int		 seeded;	/* the file is not there: fd is a
					 * seed, and the commit makes it */
	struct buf	*notes;		/* for standard error: what is not an
					 * error (an owner that could not be
					 * given) */
	pthread_t	 closer;	/* closing fd, replaced */
	int		 closing;
};

/* Hold path: to change it (exclusive lock, FILE.lock made if need be,
 * temporary files of killed runs removed; one name only) or only to look
 * (a shared lock when FILE.lock is there to be read, else none).  0,
 * REPLACE_LOCKED when still locked after wait seconds, or -1.  r is
 * ready for replace_release whatever the outcome. */
int	replace_hold(struct replace *r, const char *path, int to_change,
	    long wait, struct buf *notes, struct diag *);
/* As replace_hold; but a file that is not there, once locked, is held
 * as if it held the n bytes of seed (in a file of no name), and
 * replace_commit then makes it, never replacing one made meanwhile. */
int	replace_hold_seed(struct replace *r, const char *path, int to_change,
	    long wait, struct buf *notes, const char *seed, size_t n,
	    struct diag *);
/* FILE followed by suffix, opened with flags (O_CREAT: made if need be,
 * with the file's mode bits and, as root, owner): never through a
 * symbolic link, never waiting (a FIFO), and only if it is a regular
 * file of one name.  *made says whether it was made now.  The
 * descriptor, or -1. */
int	replace_beside(struct replace *, const char *suffix, int flags,
	    int *made, struct diag *);
/* The new file, made empty unless it is made already: 0 or -1. */
int	replace_temp(struct replace *, struct diag *);
/* 0 if the file is still the one read (or, seeded, still not there),
 * else -1 and d says so. */
int	replace_check(struct replace *, struct diag *);
int	replace_sync(struct replace *, struct diag *);
int	replace_close_temp(struct replace *, struct diag *);
/* 0; -1 with nothing changed; or REPLACE_UNSYNCED, which d says. */
int	replace_commit(struct replace *, struct diag *);
/* The file replaced, closed in a thread (joined by replace_release):
 * the last close of a big file lets go of its pages and its blocks,
 * which takes a while (40 ms for 200 MB), and the run need not wait
 * for it to mark the journal and print its receipts.  fd is -1 then. */
void	replace_let_go(struct replace *);
/* Step (a verb, "writing") of the new file failed with err: said in d,
 * the new file removed; -1. */
int	replace_fail(struct replace *, const char *step, int err,
	    struct diag *);
void	replace_rollback(struct replace *);
void	replace_release(struct replace *);

#endif
