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
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/journal_priv.h"
#include "ledger/ledger_priv.h"
#include "records/out.h"

#define LEDGER_UNSYNCED	2	/* ledger_replace: replaced, but the
				 * directory could not be synced */

/* ---- opening ---- */

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

/* A file made beside the ledger shows no more than the ledger does: its
 * mode bits, whatever the umask, and as root its owner and group. */
static void
like_ledger(struct ledger *l, int fd, const char *path)
{
	uid_t uid = geteuid() == 0 ? l->st.st_uid : (uid_t)-1;

	(void)fchmod(fd, l->st.st_mode & 0666);
	if ((uid != (uid_t)-1 || l->st.st_gid != getegid()) &&
	    fchown(fd, uid, l->st.st_gid) < 0)
		buf_addf(&l->notes, "%s: could not give %s its owner and group "
		    "(%s)\n", l->path, path, strerror(errno));
}

int
ledger_beside(struct ledger *l, const char *suffix, int flags, int *made,
    struct diag *d)
{
	char p[PATH_MAX + 16];
	struct stat st;
	int fd = -1, err, creat = flags & O_CREAT, tries;

	snprintf(p, sizeof p, "%s%s", l->real, suffix);
	*made = 0;
	flags = (flags & ~O_CREAT) | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
	/* made here (and then like the ledger), or opened as it is; one
	 * removed between the two is made again */
	for (tries = 0; fd < 0 && tries < 3; tries++) {
		if (creat && (fd = open(p, flags | O_CREAT | O_EXCL,
		    l->st.st_mode & 0666)) >= 0) {
			*made = 1;
			like_ledger(l, fd, p);
		} else if (!creat || errno == EEXIST)
			fd = open(p, flags);
		if (fd >= 0 || !creat || errno != ENOENT)
			break;
	}
	err = errno;
	if (fd < 0 && lstat(p, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_set(d, l->path, 0, 0, "%s is %s, not a regular file; "
		    "nothing changed", p, kind(st.st_mode));
		return -1;
	}
	if (fd < 0) {
		diag_set(d, l->path, 0, 0, "cannot open %s: %s; nothing "
		    "changed", p, strerror(err));
		errno = err;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		diag_set(d, l->path, 0, 0, "%s is %s, not a regular file; "
		    "nothing changed", p, kind(st.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (st.st_nlink > 1) {	/* another name, maybe another's file */
		diag_set(d, l->path, 0, 0, "%s has %ju hard links: it is not "
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
lock(struct ledger *l, int mode, long wait, struct diag *d)
{
	const int64_t max_ms = wait < 0 ? 0 : wait > INT64_MAX / 1000 ?
	    INT64_MAX : (int64_t)wait * 1000;
	char lp[PATH_MAX + 8];
	struct timespec t0, nap = { 0, 50 * 1000000L };
	struct stat held, named;
	struct diag ignored;
	int made, how = mode == LEDGER_WRITE ? LOCK_EX : LOCK_SH;

	snprintf(lp, sizeof lp, "%s.lock", l->real);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (mode == LEDGER_WRITE)
			l->lockfd = ledger_beside(l, ".lock", O_RDWR | O_CREAT,
			    &made, d);
		else if ((l->lockfd = ledger_beside(l, ".lock", O_RDONLY,
		    &made, &ignored)) < 0)
			return 0;	/* none to take: read without */
		if (l->lockfd < 0)
			return -1;
		while (flock(l->lockfd, how | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				diag_set(d, l->path, 0, 0, "cannot lock %s: %s",
				    lp, strerror(errno));
				return -1;
			}
			if (ms_since(&t0) >= max_ms) {
				diag_set(d, l->path, 0, 0, "locked by another "
				    "process (%s); nothing changed, try again "
				    "later", lp);
				return LEDGER_LOCKED;
			}
			nanosleep(&nap, NULL);
		}
		if (fstat(l->lockfd, &held) == 0 && lstat(lp, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino)
			return 0;
		close(l->lockfd);	/* removed under us: not a lock */
		l->lockfd = -1;
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
clean_temps(struct ledger *l)
{
	char dir[PATH_MAX], prefix[PATH_MAX], host[256];
	const char *base;
	struct dirent *e;
	DIR *dp;

	dir_and_base(l->real, dir, sizeof dir, &base);
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

/* The file, mapped (read as a fallback); kept open to copy from. */
static int
read_file(struct ledger *l, struct diag *d)
{
	size_t cap;
	ssize_t r;
	int flags = MAP_PRIVATE;

	l->fd = open(l->real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (l->fd < 0 || fstat(l->fd, &l->st) < 0) {
		diag_set(d, l->path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(l->st.st_mode)) {
		diag_set(d, l->path, 0, 0, "not a regular file");
		return -1;
	}
#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;
#endif
	if (l->st.st_size > 0) {
		void *p = mmap(NULL, (size_t)l->st.st_size, PROT_READ, flags,
		    l->fd, 0);

		if (p != MAP_FAILED) {
			l->data = p;
			l->len = (size_t)l->st.st_size;
			l->mapped = 1;
			return 0;
		}
	}
	cap = (size_t)l->st.st_size + 1;
	l->data = xmalloc(cap);
	for (;;) {
		if (l->len == cap)
			l->data = xrealloc(l->data, cap *= 2);
		if ((r = read(l->fd, l->data + l->len, cap - l->len)) == 0)
			break;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_set(d, l->path, 0, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		l->len += (size_t)r;
	}
	return 0;
}

/* Whether the file can be replaced: a regular file (no lock is made
 * beside anything else), with one name, since a new file renamed over
 * one of several hard links would leave the others with the old. */
static int
replaceable(struct ledger *l, struct diag *d)
{
	if (!S_ISREG(l->st.st_mode)) {
		diag_set(d, l->path, 0, 0, "not a regular file");
		return -1;
	}
	if (l->st.st_nlink > 1) {
		diag_set(d, l->path, 0, 0, "the file has %ju hard links, which "
		    "replacing it would split (the other names would keep the "
		    "old orders): give it one name; nothing changed",
		    (uintmax_t)l->st.st_nlink);
		return -1;
	}
	return 0;
}

int
ledger_open(struct ledger **lp, const char *path, int mode, long wait,
    struct diag *d)
{
	struct ledger *l = *lp = xcalloc(1, sizeof *l);
	int rc;

	l->lockfd = l->fd = l->tmpfd = -1;
	snprintf(l->path, sizeof l->path, "%s", path);
	if (realpath(path, l->real) == NULL || stat(l->real, &l->st) < 0) {
		diag_set(d, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	if (mode == LEDGER_WRITE && replaceable(l, d) < 0)
		return -1;
	if ((rc = lock(l, mode, wait, d)) != 0)
		return rc;
	if (mode == LEDGER_WRITE)
		clean_temps(l);
	if (read_file(l, d) < 0 || (mode == LEDGER_WRITE &&
	    replaceable(l, d) < 0))
		return -1;
	return 0;
}

/* The new file, if there is one: closed and removed. */
static void
drop_temp(struct ledger *l)
{
	if (l->tmpfd >= 0)
		close(l->tmpfd);
	l->tmpfd = -1;
	if (l->have_tmp)
		unlink(l->tmp);
	l->have_tmp = 0;
}

void
ledger_close(struct ledger *l)
{
	size_t i, j;

	if (l == NULL)
		return;
	if (l->copying)
		pthread_join(l->copier, NULL);
	if (l->digesting) {	/* a run that changes nothing */
		atomic_store(&l->stop_digest, 1);
		pthread_join(l->digester, NULL);
	}
	free(l->ckpt);
	drop_temp(l);		/* made, never committed */
	for (i = 0; i < l->nkept; i++) {
		rec_free(&l->kept[i].r);
		for (j = 0; j < l->kept[i].nset; j++)
			free(l->kept[i].set[j].value);
		free(l->kept[i].set);
	}
	free(l->kept);
	free(l->place);
	recs_free(&l->added);
	free(l->cols);
	free(l->converted);
	if (l->mapped)
		munmap(l->data, l->len);
	else
		free(l->data);
	if (l->fd >= 0)
		close(l->fd);
	strtab_free(&l->names);
	buf_free(&l->notes);
	if (l->lockfd >= 0)
		close(l->lockfd);	/* and with it the lock */
	free(l);
}

const char *
ledger_path(const struct ledger *l)
{
	return l->path;
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

const char *
ledger_notes(struct ledger *l)
{
	return buf_str(&l->notes);
}

/* ---- for the units ---- */

/* The length of the byte order mark the file starts with: 3 or 0. */
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

/* Bytes the new file keeps from the old one. */
void
ledger_copy_span(struct ledger *l, struct out *o, size_t off, size_t n)
{
	out_copy(o, l->fd, (off_t)off, l->data + off, n);
}

/* ---- committing ---- */

/* The new file, in the file's directory, named for this host and
 * process, so that a later run can tell whether it was left behind
 * (clean_temps). */
static int
make_temp(struct ledger *l)
{
	char dir[PATH_MAX], host[256];
	const char *base;

	dir_and_base(l->real, dir, sizeof dir, &base);
	host_name(host, sizeof host);
	snprintf(l->tmp, sizeof l->tmp, "%s/.%s.tmp-%s-%ld-XXXXXX", dir, base,
	    host, (long)getpid());
	if ((l->tmpfd = mkstemp(l->tmp)) < 0)
		return -1;
	l->have_tmp = 1;
	return 0;
}

#ifdef HAVE_COPY_FILE_RANGE
static void *
copy_ahead(void *arg)
{
	struct ledger *l = arg;
	loff_t in = 0, out = 0;
	ssize_t k;

	while ((size_t)in < l->len) {
		size_t n = l->len - (size_t)in;

		k = copy_file_range(l->fd, &in, l->tmpfd, &out,
		    n > (32u << 20) ? 32u << 20 : n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			l->copy_err = k < 0 ? errno : EIO;
			return NULL;
		}
		out_writeback(l->tmpfd);
	}
	return NULL;
}

#endif

void
ledger_copy_ahead(struct ledger *l)
{
	if (l->len >= LEDGER_STEP)
		digest_ahead(l);
#ifdef HAVE_COPY_FILE_RANGE
	if (l->copying || l->tmpfd >= 0 || l->len < (1u << 20) ||
	    make_temp(l) < 0)
		return;
	if (pthread_create(&l->copier, NULL, copy_ahead, l) == 0)
		l->copying = 1;
	else
		l->copy_err = EAGAIN;
#else
	(void)l;
#endif
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

/* Keep what the copy ahead wrote before the first change, if it wrote
 * it all; else start the file afresh. */
static size_t
reuse_copy(struct ledger *l, size_t first)
{
	int whole = 0;

	if (l->copying) {
		pthread_join(l->copier, NULL);
		l->copying = 0;
		whole = l->copy_err == 0;
	}
	if (!whole)
		first = 0;
	if (ftruncate(l->tmpfd, (off_t)first) < 0 ||
	    lseek(l->tmpfd, (off_t)first, SEEK_SET) < 0)
		return (size_t)-1;
	return first;
}

static int
fail_commit(struct ledger *l, const char *step, int err, struct diag *d)
{
	diag_set(d, l->path, 0, 0, "%s %s: %s; nothing changed", step, l->tmp,
	    strerror(err));
	drop_temp(l);
	return -1;
}

/*
 * Whether the file is still the one read: not replaced, written or
 * removed by a program that took no lock, or by a run that took one
 * after ours was removed.  Its device, inode, size and modification
 * time to the nanosecond say so.
 */
static int
unchanged(struct ledger *l, struct diag *d)
{
	struct stat st;

	if (lstat(l->real, &st) == 0 && st.st_dev == l->st.st_dev &&
	    st.st_ino == l->st.st_ino && st.st_size == l->st.st_size &&
	    st.st_mtim.tv_sec == l->st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == l->st.st_mtim.tv_nsec)
		return 0;
	diag_set(d, l->path, 0, 0, "changed by another program since this "
	    "run read it; nothing changed, try again");
	return -1;
}

/*
 * The changed file, written in full beside the old one and synced, with
 * its digest in new_digest; the old one is not touched.  A YAML file,
 * changed by splicing text into it, is read back from the disk
 * (ledger_read_back).  0, or -1 with nothing left behind.
 */
static int
ledger_write(struct ledger *l, struct diag *d)
{
	char dir[PATH_MAX];
	const char *base, *step;
	struct splices ss = { NULL, 0, 0 };
	struct out o;
	size_t first, same;
	int err = 0;

	if (unchanged(l, d) < 0)
		return -1;
	dir_and_base(l->real, dir, sizeof dir, &base);
	if (l->tmpfd < 0 && make_temp(l) < 0) {
		diag_set(d, l->path, 0, 0, "cannot create a file in %s: %s; "
		    "nothing changed", dir, strerror(errno));
		return -1;
	}
	if (l->fmt == FMT_YAML) {
		if (yamledit_prepare(l, &ss, d) < 0) {
			yamledit_free(&ss);
			return -1;	/* ledger_close removes the new file */
		}
		first = ss.n > 0 ? ss.s[0].off : l->len;
	} else
		first = csvedit_prepare(l);
	same = first;		/* the new file's bytes before it: the old's */
	if ((first = reuse_copy(l, first)) == (size_t)-1) {
		err = errno;
		yamledit_free(&ss);
		return fail_commit(l, "writing", err, d);
	}
	out_init(&o, l->tmpfd);
	o.skip = first;
	if (l->fmt == FMT_YAML)
		yamledit_write(l, &o, &ss);
	else
		csvedit_write(l, &o);
	step = "writing";
	if ((err = out_close(&o)) == 0) {
		step = "syncing";
		if (fsync(l->tmpfd) < 0)
			err = errno;
	}
	if (err == 0 && l->fmt == FMT_YAML && readback_written(l, d) < 0) {
		drop_temp(l);
		return -1;
	}
	if (err == 0) {
		step = "reading back";
		if (digest_written(l, same) < 0)
			err = errno;
	}
	if (err == 0) {
		step = "keeping the mode of";
		if (fchmod(l->tmpfd, l->st.st_mode & 07777) < 0)
			err = errno;
	}
	if (err == 0 && fchown(l->tmpfd, l->st.st_uid, l->st.st_gid) < 0)
		buf_addf(&l->notes, "%s: could not keep its owner and group "
		    "(%s)\n", l->path, strerror(errno));
	if (err != 0)
		return fail_commit(l, step, err, d);
	step = "closing";
	err = close(l->tmpfd) < 0 ? errno : 0;
	l->tmpfd = -1;
	return err != 0 ? fail_commit(l, step, err, d) : 0;
}

/*
 * That file renamed over the old one, if the old one is still the file
 * read (else -1, nothing changed), and the directory synced: 0, -1 with
 * nothing changed, or LEDGER_UNSYNCED: replaced, but the directory
 * could not be synced, which d says.
 */
static int
ledger_replace(struct ledger *l, struct diag *d)
{
	char dir[PATH_MAX];
	const char *base;

	if (unchanged(l, d) < 0) {
		drop_temp(l);
		return -1;
	}
	if (rename(l->tmp, l->real) < 0)
		return fail_commit(l, "replacing", errno, d);
	l->have_tmp = 0;
	dir_and_base(l->real, dir, sizeof dir, &base);
	if (sync_dir(dir) < 0) {
		diag_set(d, l->path, 0, 0, "changed, but syncing %s failed: "
		    "%s; a crash could still undo the change", dir,
		    strerror(errno));
		return LEDGER_UNSYNCED;
	}
	return 0;
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
	struct diag ignored;
	int rc = -1;

	if (journal_open(&j, l, d) == 0 && ledger_write(l, d) == 0 &&
	    journal_intent(&j, l, policy, at, c, n, d) == 0) {
		switch (ledger_replace(l, d)) {
		case 0:
			rc = journal_mark(&j, "landed", d) < 0 ? 1 : 0;
			break;
		case LEDGER_UNSYNCED:
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
