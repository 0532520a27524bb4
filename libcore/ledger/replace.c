/*
 * The replace protocol (replace.h), top to bottom: holding the file (its
 * lock, the files killed runs left, the file opened as it is, or a seed
 * for one not there yet), then its new file (made, synced, given the
 * file's mode and owner, renamed over it if it is still the file read,
 * or into place if none was made meanwhile, the directory synced), and
 * letting go.  Some 550 lines in one unit: every step works on the one
 * struct replace, and each step's check is the next step's premise.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ledger/replace.h"

/* ---- holding the file ---- */

static int64_t
ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return ((int64_t)now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* What a file that is not a regular one is, for a message. */
static const char *
kind(mode_t m)
{
	return S_ISLNK(m) ? "a symbolic link" : S_ISDIR(m) ? "a directory" :
	    S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
	    S_ISCHR(m) || S_ISBLK(m) ? "a device" : "not a regular file";
}

/* A file made beside the one held shows no more than that one does: its
 * mode bits, whatever the umask, and as root its owner and group. */
static void
like_file(struct replace *r, int fd, const char *path)
{
	uid_t uid = geteuid() == 0 ? r->st.st_uid : (uid_t)-1;

	(void)fchmod(fd, r->st.st_mode & 0666);
	if ((uid != (uid_t)-1 || r->st.st_gid != getegid()) &&
	    fchown(fd, uid, r->st.st_gid) < 0)
		buf_addf(r->notes, "%s: could not give %s its owner and group "
		    "(%s)\n", r->path, path, strerror(errno));
}

int
replace_beside(struct replace *r, const char *suffix, int flags, int *made,
    struct diag *d)
{
	char p[PATH_MAX + 16];
	struct stat st;
	int fd = -1, err, creat = flags & O_CREAT, tries;

	snprintf(p, sizeof p, "%s%s", r->real, suffix);
	*made = 0;
	flags = (flags & ~O_CREAT) | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
	/* made here (and then like the file), or opened as it is; one
	 * removed between the two is made again */
	for (tries = 0; fd < 0 && tries < 3; tries++) {
		if (creat && (fd = open(p, flags | O_CREAT | O_EXCL,
		    r->st.st_mode & 0666)) >= 0) {
			*made = 1;
			like_file(r, fd, p);
		} else if (!creat || errno == EEXIST)
			fd = open(p, flags);
		if (fd >= 0 || !creat || errno != ENOENT)
			break;
	}
	err = errno;
	if (fd < 0 && lstat(p, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_set(d, r->path, 0, 0, "%s is %s, not a regular file; "
		    "nothing changed", p, kind(st.st_mode));
		return -1;
	}
	if (fd < 0) {
		diag_set(d, r->path, 0, 0, "cannot open %s: %s; nothing "
		    "changed", p, strerror(err));
		errno = err;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		diag_set(d, r->path, 0, 0, "%s is %s, not a regular file; "
		    "nothing changed", p, kind(st.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (st.st_nlink > 1) {	/* another name, maybe another's file */
		diag_set(d, r->path, 0, 0, "%s has %ju hard links: it is not "
		    "written through one of them; nothing changed", p,
		    (uintmax_t)st.st_nlink);
		close(fd);
		errno = EMLINK;
		return -1;
	}
	return fd;
}

/*
 * The lock: to change the file, an exclusive flock on FILE.lock, made if
 * need be; to look at it, a shared one if FILE.lock is there to be read,
 * else none, since the file is only ever replaced whole.  A lock file
 * removed or replaced while we waited for it locks nothing: once locked,
 * it must still be the file the path names, or we start again.
 */
static int
lock(struct replace *r, int to_change, long wait, struct diag *d)
{
	const int64_t max_ms = wait < 0 ? 0 : wait > INT64_MAX / 1000 ?
	    INT64_MAX : (int64_t)wait * 1000;
	char lp[PATH_MAX + 8];
	struct timespec t0, nap = { 0, 50 * 1000000L };
	struct stat held, named;
	struct diag ignored;
	int made, how = to_change ? LOCK_EX : LOCK_SH;

	snprintf(lp, sizeof lp, "%s.lock", r->real);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (to_change)
			r->lockfd = replace_beside(r, ".lock", O_RDWR | O_CREAT,
			    &made, d);
		else if ((r->lockfd = replace_beside(r, ".lock", O_RDONLY,
		    &made, &ignored)) < 0)
			return 0;	/* none to take: read without */
		if (r->lockfd < 0)
			return -1;
		while (flock(r->lockfd, how | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				diag_set(d, r->path, 0, 0, "cannot lock %s: %s",
				    lp, strerror(errno));
				return -1;
			}
			if (ms_since(&t0) >= max_ms) {
				diag_set(d, r->path, 0, 0, "locked by another "
				    "process (%s); nothing changed, try again "
				    "later", lp);
				return REPLACE_LOCKED;
			}
			nanosleep(&nap, NULL);
		}
		if (fstat(r->lockfd, &held) == 0 && lstat(lp, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino)
			return 0;
		close(r->lockfd);	/* removed under us: not a lock */
		r->lockfd = -1;
	}
}

static void
dir_and_base(const char *path, char *dir, size_t n, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	if (slash == NULL)
		snprintf(dir, n, ".");
	else if (slash == path)
		snprintf(dir, n, "/");
	else
		snprintf(dir, n, "%.*s", (int)(slash - path), path);
}

/* This host's name, for the names of temporary files. */
static void
host_name(char *h, size_t n)
{
	char *p;

	if (gethostname(h, n) < 0)
		snprintf(h, n, "localhost");
	h[n - 1] = '\0';
	for (p = h; *p; p++)
		if (*p == '/')
			*p = '_';
}

/*
 * A temporary file a killed run left: ".FILE.tmp-HOST-PID-XXXXXX" of a
 * process of this host that is gone.  A run whose lock file was taken
 * from under it may still be writing its own, and a run on another host
 * (a shared directory) cannot be asked, so those stay.
 */
static int
left_behind(const char *name, size_t prefix, const char *host)
{
	const char *end = strrchr(name, '-'), *dash;
	char *stop;
	long pid;

	if (end == NULL || end - name < (ptrdiff_t)prefix)
		return 0;
	for (dash = end - 1; dash > name + prefix && dash[0] != '-'; dash--)
		;
	if (dash <= name + prefix || (size_t)(dash - name - prefix) !=
	    strlen(host) || strncmp(name + prefix, host, strlen(host)) != 0)
		return 0;
	pid = strtol(dash + 1, &stop, 10);
	if (stop != end || pid <= 0 || pid > INT32_MAX || pid == getpid())
		return 0;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Temporary files of runs killed while they wrote, which we may remove
 * as we hold the lock. */
static void
clean_temps(struct replace *r)
{
	char dir[PATH_MAX], prefix[PATH_MAX], host[256];
	const char *base;
	struct dirent *e;
	DIR *dp;

	dir_and_base(r->real, dir, sizeof dir, &base);
	snprintf(prefix, sizeof prefix, ".%s.tmp-", base);
	host_name(host, sizeof host);
	if ((dp = opendir(dir)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
		    left_behind(e->d_name, strlen(prefix), host))
			unlinkat(dirfd(dp), e->d_name, 0);
	closedir(dp);
}

/* Whether the file can be replaced: a regular file (no lock is made
 * beside anything else), with one name, since a new file renamed over
 * one of several hard links would leave the others with the old. */
static int
replaceable(struct replace *r, struct diag *d)
{
	if (!S_ISREG(r->st.st_mode)) {
		diag_set(d, r->path, 0, 0, "not a regular file");
		return -1;
	}
	if (r->st.st_nlink > 1) {
		diag_set(d, r->path, 0, 0, "the file has %ju hard links, which "
		    "replacing it would split (the other names would keep the "
		    "old orders): give it one name; nothing changed",
		    (uintmax_t)r->st.st_nlink);
		return -1;
	}
	return 0;
}

/* The file, opened to be read and copied from, and what it is now. */
static int
open_file(struct replace *r, struct diag *d)
{
	r->fd = open(r->real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (r->fd < 0 || fstat(r->fd, &r->st) < 0) {
		diag_set(d, r->path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(r->st.st_mode)) {
		diag_set(d, r->path, 0, 0, "not a regular file");
		return -1;
	}
	return 0;
}

/* The real path of a file that is not there: its directory's, and its
 * name; the file is made as the umask lets, by us. */
static int
real_missing(struct replace *r, const char *path)
{
	char dir[PATH_MAX], rdir[PATH_MAX];
	const char *base;
	size_t dl;
	mode_t um = umask(0);

	umask(um);
	dir_and_base(path, dir, sizeof dir, &base);
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0 || realpath(dir, rdir) == NULL)
		return -1;
	dl = strcmp(rdir, "/") == 0 ? 0 : strlen(rdir);
	if (dl + 1 + strlen(base) >= sizeof r->real) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(r->real, rdir, dl);
	r->real[dl] = '/';
	strcpy(r->real + dl + 1, base);
	r->st.st_mode = S_IFREG | (0666 & ~um);
	r->st.st_nlink = 1;
	r->st.st_uid = geteuid();
	r->st.st_gid = getegid();
	return 0;
}

/* The seed, held as the file: written to a new file in the directory,
 * which loses its name at once, so that killed runs leave nothing a
 * later one does not remove (clean_temps). */
static int
hold_seed(struct replace *r, const char *seed, size_t n, struct diag *d)
{
	mode_t mode = r->st.st_mode;
	size_t done = 0;
	ssize_t k;

	if (replace_temp(r, d) < 0)
		return -1;
	while (done < n) {
		if ((k = write(r->tmpfd, seed + done, n - done)) < 0 &&
		    errno == EINTR)
			continue;
		if (k < 0)
			return replace_fail(r, "writing", errno, d);
		done += (size_t)k;
	}
	(void)fchmod(r->tmpfd, mode & 0666);
	unlink(r->tmp);
	r->have_tmp = 0;
	r->fd = r->tmpfd;
	r->tmpfd = -1;
	if (fstat(r->fd, &r->st) < 0) {
		diag_set(d, r->path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	r->st.st_nlink = 1;
	r->seeded = 1;
	return 0;
}

int
replace_hold(struct replace *r, const char *path, int to_change, long wait,
    struct buf *notes, struct diag *d)
{
	return replace_hold_seed(r, path, to_change, wait, notes, NULL, 0, d);
}

int
replace_hold_seed(struct replace *r, const char *path, int to_change,
    long wait, struct buf *notes, const char *seed, size_t n, struct diag *d)
{
	struct stat st;
	int rc, missing = 0;

	memset(r, 0, sizeof *r);
	r->lockfd = r->fd = r->tmpfd = -1;
	r->notes = notes;
	snprintf(r->path, sizeof r->path, "%s", path);
	if (realpath(path, r->real) == NULL || stat(r->real, &r->st) < 0) {
		if (seed == NULL || errno != ENOENT ||
		    real_missing(r, path) < 0) {
			diag_set(d, path, 0, 0, "%s", strerror(errno));
			return -1;
		}
		missing = 1;
	}
	if (to_change && replaceable(r, d) < 0)
		return -1;
	if ((rc = lock(r, to_change, wait, d)) != 0)
		return rc;
	if (to_change)
		clean_temps(r);
	if (missing && lstat(r->real, &st) < 0 && errno == ENOENT)
		return hold_seed(r, seed, n, d);
	if (open_file(r, d) < 0 || (to_change && replaceable(r, d) < 0))
		return -1;
	return 0;
}

/* ---- the new file ---- */

/* In the file's directory, named for this host and process, so that a
 * later run can tell whether it was left behind (clean_temps). */
int
replace_temp(struct replace *r, struct diag *d)
{
	char dir[PATH_MAX], host[256];
	const char *base;

	if (r->tmpfd >= 0)
		return 0;
	dir_and_base(r->real, dir, sizeof dir, &base);
	host_name(host, sizeof host);
	snprintf(r->tmp, sizeof r->tmp, "%s/.%s.tmp-%s-%ld-XXXXXX", dir, base,
	    host, (long)getpid());
	if ((r->tmpfd = mkstemp(r->tmp)) < 0) {
		diag_set(d, r->path, 0, 0, "cannot create a file in %s: %s; "
		    "nothing changed", dir, strerror(errno));
		return -1;
	}
	r->have_tmp = 1;
	return 0;
}

/* The new file, if there is one: closed and removed. */
void
replace_rollback(struct replace *r)
{
	if (r->tmpfd >= 0)
		close(r->tmpfd);
	r->tmpfd = -1;
	if (r->have_tmp)
		unlink(r->tmp);
	r->have_tmp = 0;
}

int
replace_fail(struct replace *r, const char *step, int err, struct diag *d)
{
	diag_set(d, r->path, 0, 0, "%s %s: %s; nothing changed", step, r->tmp,
	    strerror(err));
	replace_rollback(r);
	return -1;
}

int
replace_sync(struct replace *r, struct diag *d)
{
	return fsync(r->tmpfd) < 0 ? replace_fail(r, "syncing", errno, d) : 0;
}

/* The file's mode, and its owner if we may give it (else a note). */
int
replace_close_temp(struct replace *r, struct diag *d)
{
	int err;

	if (fchmod(r->tmpfd, r->st.st_mode & 07777) < 0)
		return replace_fail(r, "keeping the mode of", errno, d);
	if (fchown(r->tmpfd, r->st.st_uid, r->st.st_gid) < 0)
		buf_addf(r->notes, "%s: could not keep its owner and group "
		    "(%s)\n", r->path, strerror(errno));
	err = close(r->tmpfd) < 0 ? errno : 0;
	r->tmpfd = -1;
	return err != 0 ? replace_fail(r, "closing", err, d) : 0;
}

/*
 * Whether the file is still the one read: not replaced, written or
 * removed by a program that took no lock, or by a run that took one
 * after ours was removed.  Its device, inode, size and modification
 * time to the nanosecond say so.
 */
int
replace_check(struct replace *r, struct diag *d)
{
	struct stat st;

	if (r->seeded) {
		if (lstat(r->real, &st) < 0 && errno == ENOENT)
			return 0;
		diag_set(d, r->path, 0, 0, "made by another program since "
		    "this run looked; nothing changed, try again");
		return -1;
	}
	if (lstat(r->real, &st) == 0 && st.st_dev == r->st.st_dev &&
	    st.st_ino == r->st.st_ino && st.st_size == r->st.st_size &&
	    st.st_mtim.tv_sec == r->st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == r->st.st_mtim.tv_nsec)
		return 0;
	diag_set(d, r->path, 0, 0, "changed by another program since this "
	    "run read it; nothing changed, try again");
	return -1;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The new file given the name of a file that was not there, never over
 * one made meanwhile: renamed so where the system can, else linked and
 * its own name removed.  0, or the errno. */
static int
make_new(struct replace *r)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, r->tmp, AT_FDCWD, r->real,
	    RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return errno;
#endif
	if (link(r->tmp, r->real) < 0)
		return errno;
	unlink(r->tmp);
	return 0;
}

int
replace_commit(struct replace *r, struct diag *d)
{
	char dir[PATH_MAX];
	const char *base;

	if (replace_check(r, d) < 0) {
		replace_rollback(r);
		return -1;
	}
	if (r->seeded) {	/* made, never put over one made meanwhile */
		int err = make_new(r);

		if (err == EEXIST) {
			replace_rollback(r);
			diag_set(d, r->path, 0, 0, "made by another program "
			    "since this run looked; nothing changed, try "
			    "again");
			return -1;
		}
		if (err != 0)
			return replace_fail(r, "making the file from", err, d);
	} else if (rename(r->tmp, r->real) < 0)
		return replace_fail(r, "replacing", errno, d);
	r->have_tmp = 0;
	dir_and_base(r->real, dir, sizeof dir, &base);
	if (sync_dir(dir) < 0) {
		diag_set(d, r->path, 0, 0, "changed, but syncing %s failed: "
		    "%s; a crash could still undo the change", dir,
		    strerror(errno));
		return REPLACE_UNSYNCED;
	}
	return 0;
}

static void *
close_old(void *fd)
{
	close((int)(intptr_t)fd);
	return NULL;
}

void
replace_let_go(struct replace *r)
{
	if (r->fd < 0 || r->closing)
		return;
	if (pthread_create(&r->closer, NULL, close_old,
	    (void *)(intptr_t)r->fd) != 0)
		return;		/* closed by replace_release, as ever */
	r->closing = 1;
	r->fd = -1;
}

void
replace_release(struct replace *r)
{
	if (r->closing)
		pthread_join(r->closer, NULL);
	r->closing = 0;
	replace_rollback(r);		/* made, never committed */
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	if (r->lockfd >= 0)
		close(r->lockfd);	/* and with it the lock */
	r->lockfd = -1;
}
