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
#include "base/hash.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "ledger/ledger.h"
#include "records/csvio.h"
#include "records/out.h"
#include "records/writer.h"
#include "select/idset.h"

struct set {
	const char	*name;
	char		*value;
};

/* Where a record is, and what a rescan needs to know of it. */
struct place {
	size_t		 off;
	uint32_t	 len;
	uint32_t	 marked;
	long		 line;
	uint64_t	 key;		/* hash of its instance_id */
};

/* A record that may change: as scanned, and the changes asked for. */
struct kept {
	size_t		 recno;
	struct rec	 r;
	size_t		 off, len;	/* CSV: the row's bytes */
	struct set	*set;
	size_t		 nset;
};

/* An insertion or replacement in the bytes of a YAML file. */
struct splice {
	size_t		 off, del;
	size_t		 seq;		/* order of making: ties keep it */
	char		*text;
};

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
ledger_open(struct ledger *l, const char *path, int mode, long wait,
    struct diag *d)
{
	int rc;

	memset(l, 0, sizeof *l);
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

	if (l->copying)
		pthread_join(l->copier, NULL);
	l->copying = 0;
	if (l->digesting) {	/* a run that changes nothing */
		atomic_store(&l->stop_digest, 1);
		pthread_join(l->digester, NULL);
	}
	l->digesting = 0;
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
	l->fd = -1;
	strtab_free(&l->names);
	buf_free(&l->notes);
	if (l->lockfd >= 0)
		close(l->lockfd);	/* and with it the lock */
	l->lockfd = -1;
}

/* ---- reading ---- */

/* The length of the byte order mark the file starts with: 3 or 0. */
static size_t
bom(const struct ledger *l)
{
	return l->len >= 3 && memcmp(l->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The byte offset of libyaml's character index ch (a BOM not counted). */
static size_t
byte_at(struct ledger *l, size_t ch)
{
	const unsigned char *p = (const unsigned char *)l->data;

	if (ch < l->cur_ch || (l->cur_ch == 0 && l->cur_byte == 0)) {
		l->cur_ch = 0;
		l->cur_byte = bom(l);
	}
	while (l->cur_ch < ch && l->cur_byte < l->len) {
		l->cur_byte++;
		while (l->cur_byte < l->len && (p[l->cur_byte] & 0xC0) == 0x80)
			l->cur_byte++;
		l->cur_ch++;
	}
	return l->cur_byte;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A blank or a line end. */
static int
white(char c)
{
	return blank(c) || c == '\r' || c == '\n';
}

/* Where the line holding byte off starts (after the file's BOM). */
static size_t
line_start(const struct ledger *l, size_t off)
{
	size_t b = bom(l);

	while (off > b && l->data[off - 1] != '\n')
		off--;
	return off;
}

/* The column of byte off as libyaml counts it: in characters (a BOM
 * within the file is one), from the start of its line. */
static size_t
column(const struct ledger *l, size_t off)
{
	size_t bol = line_start(l, off);

	return utf8_chars(l->data + bol, off - bol);
}

/* Just past the line holding byte off (which may be past its "\n"), or
 * where that line starts if only blanks come before off on it: an empty
 * value with no ":" ("? key") has the next token's mark, which may start
 * the next record. */
static size_t
after_line(const struct ledger *l, size_t off)
{
	size_t bol = line_start(l, off), i;
	const char *nl;

	for (i = bol; i < off && blank(l->data[i]); i++)
		;
	if (i == off)
		return bol;
	nl = memchr(l->data + off, '\n', l->len - off);
	return nl ? (size_t)(nl + 1 - l->data) : l->len;
}

/* Where new YAML records go: after the last one, indented like it. */
static void
note_last(struct ledger *l, const struct rec *r)
{
	size_t start = byte_at(l, r->mark_start), bol = line_start(l, start);
	size_t i, end;

	l->have_last = 0;
	l->open_end = r->last_block && l->data[l->len - 1] != '\n' &&
	    byte_at(l, r->mark_last) == l->len;
	for (i = start; i > bol && l->data[i - 1] != '-'; i--)
		;
	/* not an item of a block list: no "-", or one of "--- " */
	if (i == bol || (i - 1 > bol && l->data[i - 2] == '-'))
		return;
	l->have_last = 1;
	l->dash_col = column(l, i - 1);
	l->key_col = r->flow ? l->dash_col + 2 : column(l, start);
	/* the end of a flow record is its "}", if it has one, which may
	 * start its line; mark_last is just past the last value, which may
	 * be past its line end */
	end = byte_at(l, r->flow ? r->mark_end : r->mark_last);
	if (r->flow && end < l->len && l->data[end] == '}')
		end++;
	l->append_at = after_line(l, end);
}

static const char *
intern(struct ledger *l, const char *name)
{
	return strtab_intern(&l->names, name, strlen(name));
}

/* Just past the CSV header line, which the reader has accepted: its
 * line end is LF, CR LF, or a lone CR ending the file. */
static size_t
header_end(const struct ledger *l)
{
	size_t e = l->hdr_start + csv_row_end(l->data + l->hdr_start,
	    l->len - l->hdr_start);

	if (e < l->len && l->data[e] == '\r')
		e++;
	if (e < l->len && l->data[e] == '\n')
		e++;
	return e;
}

static void
csv_header(struct ledger *l, const struct reader *rd)
{
	const char *const *cols;
	size_t n, i;

	cols = rd_cols(rd, &n);
	l->cols = xcalloc(n + 8, sizeof *l->cols);
	for (i = 0; i < n; i++) {
		l->cols[i] = intern(l, cols[i]);
		if (rd_converted(rd, i)) {
			if (l->converted == NULL)
				l->converted = xcalloc(n, 1);
			l->converted[i] = 1;
		}
	}
	l->ncols = l->nfilecols = n;
	l->hdr_start = bom(l);
	while (l->hdr_start < l->len && (l->data[l->hdr_start] == '\r' ||
	    l->data[l->hdr_start] == '\n'))
		l->hdr_start++;	/* blank lines before it, as the reader */
	l->hdr_end = header_end(l);
	l->eol = l->hdr_end >= 2 && l->data[l->hdr_end - 2] == '\r' ?
	    "\r\n" : "\n";
}

static void
note_place(struct ledger *l, const struct rec *r, int marked)
{
	struct place *p;
	const char *id;
	size_t n = 0;

	l->place = xgrow(l->place, &l->capplace, l->nplace, sizeof *l->place);
	p = &l->place[l->nplace++];
	id = rec_get_at(r, "instance_id", &l->id_hint, &n);
	p->off = (size_t)r->off;
	p->len = (uint32_t)r->rawlen;
	p->marked = marked > 0;
	p->line = r->line;
	p->key = hash_bytes(id ? id : "", n);
}

static struct reader *
open_reader(struct ledger *l, const char *p, size_t n, struct diag *d)
{
	struct reader *rd = rd_open_mem(l->path, p, n, l->fmt, l->delim, d);

	if (rd != NULL)
		rd_spans(rd);
	return rd;
}

int
ledger_scan(struct ledger *l, enum fmt fmt, unsigned char delim,
    int (*fn)(void *, size_t, struct rec *), void *arg, struct diag *d)
{
	struct reader *rd;
	struct rec *r;
	size_t recno = 0;
	int rc, k = 0;

	l->fmt = fmt;
	l->delim = delim;
	if ((rd = open_reader(l, l->data, l->len, d)) == NULL)
		return -1;
	l->fmt = rd_format(rd);
	l->delim = rd_delim(rd);
	rd_expect(rd, &l->key, l->key != NULL, NULL);
	if (l->fmt == FMT_JSON) {
		diag_set(d, l->path, 0, 0, "a JSON file is not changed in "
		    "place: keep the ledger as CSV or YAML (order-show -o csv)");
		rd_close(rd);
		return -1;
	}
	if (l->fmt != FMT_YAML && l->cols == NULL)
		csv_header(l, rd);
	if (l->nonly > 0)
		rd_project(rd, l->only, l->nonly);
	l->nplace = 0;
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if (l->fmt == FMT_YAML)
			note_last(l, r);
		if (fn != NULL && (k = fn(arg, recno, r)) < 0) {
			rc = -1;
			break;
		}
		note_place(l, r, k);
		recno++;
	}
	l->flow_list = rd_flow_list(rd);
	rd_close(rd);
	return rc;
}

static int
by_key(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

static int
wanted(const struct place *p, const uint64_t *keys, size_t n)
{
	return p->marked || (n > 0 && bsearch(&p->key, keys, n, sizeof *keys,
	    by_key) != NULL);
}

/* A CSV record read alone: its header and its own bytes. */
static int
reread(struct ledger *l, const struct place *p, size_t recno,
    int (*fn)(void *, size_t, struct rec *), void *arg, struct diag *d)
{
	struct buf b = BUF_INIT;
	struct reader *rd;
	struct rec *r;
	int rc;

	buf_add(&b, l->data + l->hdr_start, l->hdr_end - l->hdr_start);
	buf_add(&b, l->data + p->off, p->len);
	if ((rd = open_reader(l, b.p, b.len, d)) == NULL) {
		buf_free(&b);
		return -1;
	}
	while ((rc = rd_next(rd, &r, d)) > 0) {
		r->off = (off_t)p->off;
		r->line = p->line;
		if (fn(arg, recno, r) < 0) {
			rc = -1;
			break;
		}
	}
	rd_close(rd);
	buf_free(&b);
	return rc;
}

int
ledger_rescan(struct ledger *l, const struct idset *ids,
    int (*fn)(void *, size_t, struct rec *), void *arg, struct diag *d)
{
	uint64_t *keys = xcalloc(ids->n + 1, sizeof *keys);
	struct reader *rd;
	struct rec *r;
	size_t i, recno = 0;
	int rc = 0;

	for (i = 0; i < ids->n; i++)
		keys[i] = hash_bytes(ids->ids[i].s, ids->ids[i].len);
	qsort(keys, ids->n, sizeof *keys, by_key);
	if (l->fmt != FMT_YAML) {
		for (i = 0; i < l->nplace && rc == 0; i++)
			if (wanted(&l->place[i], keys, ids->n))
				rc = reread(l, &l->place[i], i, fn, arg, d);
		free(keys);
		return rc;
	}
	/* YAML files are small: read it all again, pass on the wanted */
	if ((rd = open_reader(l, l->data, l->len, d)) == NULL) {
		free(keys);
		return -1;
	}
	while ((rc = rd_next(rd, &r, d)) > 0) {
		if (recno < l->nplace && wanted(&l->place[recno], keys, ids->n)
		    && fn(arg, recno, r) < 0) {
			rc = -1;
			break;
		}
		recno++;
	}
	rd_close(rd);
	free(keys);
	return rc;
}

/* ---- changing ---- */

int
ledger_keep(struct ledger *l, size_t recno, const struct rec *r,
    struct diag *d)
{
	struct kept *k;
	size_t i;

	/* Records come in file order: a record kept already is the last
	 * one kept, unless a caller goes back. */
	if (l->nkept > 0 && l->kept[l->nkept - 1].recno >= recno)
		for (i = l->nkept; i-- > 0;)
			if (l->kept[i].recno == recno)
				return 0;
	if (r->shared) {
		diag_set(d, l->path, r->line, 0, "this record lists several "
		    "instances: make it one row per instance first (order-show "
		    "-o csv writes them so)");
		return -1;
	}
	l->kept = xgrow(l->kept, &l->capkept, l->nkept, sizeof *l->kept);
	k = &l->kept[l->nkept++];
	memset(k, 0, sizeof *k);
	k->recno = recno;
	rec_init(&k->r);
	rec_copy(&k->r, r);
	for (i = 0; i < k->r.n; i++)
		k->r.f[i].name = intern(l, k->r.f[i].name);
	k->off = (size_t)r->off;
	k->len = r->rawlen;
	return 0;
}

void
ledger_set(struct ledger *l, size_t recno, const char *field,
    const char *value)
{
	struct kept *k = NULL;
	size_t i;

	for (i = 0; i < l->nkept && k == NULL; i++)
		if (l->kept[i].recno == recno)
			k = &l->kept[i];
	if (k == NULL)
		abort();	/* a record must be kept before it is set */
	field = intern(l, field);
	for (i = 0; i < k->nset; i++)
		if (k->set[i].name == field) {
			free(k->set[i].value);
			k->set[i].value = xstrdup(value);
			return;
		}
	k->set = xreallocarray(k->set, k->nset + 1, sizeof *k->set);
	k->set[k->nset].name = field;
	k->set[k->nset].value = xstrdup(value);
	k->nset++;
}

void
ledger_append(struct ledger *l, const struct rec *r)
{
	struct rec *a = recs_add(&l->added);
	size_t i;

	rec_copy(a, r);
	for (i = 0; i < a->n; i++)
		a->f[i].name = intern(l, a->f[i].name);
}

/* ---- writing ---- */

/* Bytes the new file keeps from the old one. */
static void
copy_span(struct ledger *l, struct out *o, size_t off, size_t n)
{
	out_copy(o, l->fd, (off_t)off, l->data + off, n);
}

/* ---- writing CSV ---- */

static const char *
new_value(const struct kept *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->nset; i++)
		if (strcmp(k->set[i].name, name) == 0)
			return k->set[i].value;
	return NULL;
}

static void
add_column(struct ledger *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i], name) == 0)
			return;
	l->cols = xreallocarray(l->cols, l->ncols + 1, sizeof *l->cols);
	l->cols[l->ncols++] = intern(l, name);
	buf_addf(&l->notes, "%s: added the column %s to its header\n",
	    l->path, name);
}

/*
 * A row: a kept one's new values, else its own, and those of a column read
 * under an API name whose values are converted (Memory in MiB) as they
 * are written in the file, since they are read again the same way.
 */
static void
csv_row(struct ledger *l, struct out *o, const struct kept *k,
    const struct rec *r, const char *eol)
{
	struct rec raw;
	size_t i, n = 0;

	rec_init(&raw);
	if (k != NULL && l->converted != NULL)
		(void)csv_fields(l->data + k->off, k->len, l->delim, &raw);
	for (i = 0; i < l->ncols; i++) {
		const char *v = k ? new_value(k, l->cols[i]) : NULL;

		if (v == NULL && i < raw.n && i < l->nfilecols &&
		    l->converted[i])
			v = rec_val(&raw, i);
		if (v == NULL)
			v = rec_get(r, l->cols[i], NULL);
		if (v == NULL)
			v = "";
		if (i > 0)
			out_putc(o, (char)l->delim);
		csv_put(o, v, strlen(v), (char)l->delim);
		n += strlen(v);
	}
	if (l->ncols == 1 && n == 0)
		out_puts(o, "\"\"");
	out_puts(o, eol);
	rec_free(&raw);
}

static int
by_offset(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

/* The columns the changes need, and the first byte they change. */
static size_t
prepare_csv(struct ledger *l)
{
	size_t i, j, first = l->len;

	for (i = 0; i < l->nkept; i++)
		for (j = 0; j < l->kept[i].nset; j++)
			add_column(l, l->kept[i].set[j].name);
	for (i = 0; i < l->added.n; i++)
		for (j = 0; j < l->added.r[i].n; j++)
			add_column(l, l->added.r[i].f[j].name);
	if (l->ncols > l->nfilecols)
		return l->hdr_start;
	for (i = 0; i < l->nkept; i++)
		if (l->kept[i].nset > 0 && l->kept[i].off < first)
			first = l->kept[i].off;
	return first;
}

static void
write_csv(struct ledger *l, struct out *o)
{
	size_t i, pos;
	const char *eol;

	out_write(o, l->data, l->hdr_start);
	if (l->ncols > l->nfilecols) {
		size_t end = l->hdr_end;

		while (end > l->hdr_start && (l->data[end - 1] == '\n' ||
		    l->data[end - 1] == '\r'))
			end--;
		out_write(o, l->data + l->hdr_start, end - l->hdr_start);
		for (i = l->nfilecols; i < l->ncols; i++) {
			out_putc(o, (char)l->delim);
			csv_put(o, l->cols[i], strlen(l->cols[i]),
			    (char)l->delim);
		}
		out_puts(o, l->eol);
	} else
		out_write(o, l->data + l->hdr_start, l->hdr_end - l->hdr_start);
	if (l->nkept > 1)
		qsort(l->kept, l->nkept, sizeof *l->kept, by_offset);
	pos = l->hdr_end;
	for (i = 0; i < l->nkept; i++) {
		const struct kept *k = &l->kept[i];
		const char *end = l->data + k->off + k->len;

		copy_span(l, o, pos, k->off - pos);
		pos = k->off;
		if (k->nset == 0)	/* kept but unchanged: as it was */
			continue;
		eol = k->len >= 2 && end[-2] == '\r' && end[-1] == '\n' ?
		    "\r\n" : k->len >= 1 && end[-1] == '\n' ? "\n" : "";
		csv_row(l, o, k, &k->r, eol);
		pos = k->off + k->len;
	}
	copy_span(l, o, pos, l->len - pos);
	/* a lone CR ending the file, kept, is its last line end: complete it */
	if (l->added.n > 0 && l->len > 0 && l->data[l->len - 1] != '\n')
		out_puts(o, l->data[l->len - 1] == '\r' && pos < l->len ?
		    "\n" : l->eol);
	for (i = 0; i < l->added.n; i++)
		csv_row(l, o, NULL, &l->added.r[i], l->eol);
}

/* ---- writing YAML ---- */

struct splices {
	struct splice	*s;
	size_t		 n, cap;
};

static void
add_splice(struct splices *ss, size_t off, size_t del, struct buf *text)
{
	ss->s = xgrow(ss->s, &ss->cap, ss->n, sizeof *ss->s);
	ss->s[ss->n].off = off;
	ss->s[ss->n].del = del;
	ss->s[ss->n].seq = ss->n;
	ss->s[ss->n].text = xmemdup(text->p, text->len);
	ss->n++;
}

static int
by_place(const void *a, const void *b)
{
	const struct splice *x = a, *y = b;

	if (x->off != y->off)
		return (x->off > y->off) - (x->off < y->off);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* "key: value" with both quoted as the yaml writer quotes them. */
static void
yaml_pair_text(struct buf *b, const char *k, const char *v)
{
	struct out o;

	out_init_buf(&o, b);
	wr_yaml_scalar(&o, k, strlen(k));
	out_puts(&o, ": ");
	wr_yaml_scalar(&o, v, strlen(v));
	out_close(&o);
}

static void
yaml_value_text(struct buf *b, const char *v)
{
	struct out o;

	out_init_buf(&o, b);
	wr_yaml_scalar(&o, v, strlen(v));
	out_close(&o);
}

static void
spaces(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

/*
 * A new pair in a {flow} mapping: before its "}", after a comma unless
 * one (or the "{") is there already; or, when the "}" starts a line, so
 * that a comment may end the line before it, just after the "{".  The
 * n-th new pair of the record follows those before it.
 */
static void
flow_pair(const struct ledger *l, size_t open, size_t close, const char *name,
    const char *value, size_t n, struct buf *t, struct splices *ss)
{
	size_t i = close;

	while (i > open && blank(l->data[i - 1]))
		i--;
	if (l->data[i - 1] == '\n' || l->data[i - 1] == '\r') {
		buf_addc(t, ' ');
		yaml_pair_text(t, name, value);
		buf_addc(t, ',');
		if (!strchr(" \t\r\n", l->data[open + 1]))
			buf_addc(t, ' ');
		add_splice(ss, open + 1, 0, t);
		return;
	}
	buf_adds(t, n > 0 || (l->data[i - 1] != ',' && l->data[i - 1] != '{') ?
	    ", " : " ");
	yaml_pair_text(t, name, value);
	add_splice(ss, close, 0, t);
}

/* The column of the key at byte off; of its "?" when it is an explicit
 * key ("? key"), since the mapping's keys line up with that.  The "?"
 * may be on a line above, past comments; only "- " comes before it on
 * its line, and a line starting a list item is as far up as it can be. */
static size_t
key_column(const struct ledger *l, size_t off)
{
	size_t bol = line_start(l, off), end = off, i;
	int dash;

	for (;;) {
		for (i = bol, dash = 0; i < end && (white(l->data[i]) ||
		    l->data[i] == '-'); i++)
			dash |= l->data[i] == '-';
		if (i < end && l->data[i] == '?' && (i + 1 == l->len ||
		    white(l->data[i + 1])))
			return column(l, i);
		if (dash || (i < end && l->data[i] != '#') || bol <= bom(l))
			return column(l, off);
		end = bol - 1;
		bol = line_start(l, end);
	}
}

/* Lines inserted at the end of a file whose last line has no line end:
 * the first of them ends it. */
static void
end_last_line(struct ledger *l, size_t at, struct buf *t)
{
	if (at == l->len && l->len > 0 && l->data[l->len - 1] != '\n' &&
	    !l->ended) {
		buf_addc(t, '\n');
		l->ended = 1;
	}
}

/* A line of its own at byte at, a line start, indented to column col:
 * "name: value", or ": value" for the explicit key above (name NULL). */
static void
own_line(struct ledger *l, size_t at, size_t col, const char *name,
    const char *value, struct buf *t, struct splices *ss)
{
	end_last_line(l, at, t);
	spaces(t, col);
	if (name != NULL)
		yaml_pair_text(t, name, value);
	else {
		buf_adds(t, ": ");
		yaml_value_text(t, value);
	}
	buf_addc(t, '\n');
	add_splice(ss, at, 0, t);
}

/* The byte n characters (as byte_at() counts them) before byte off. */
static size_t
back_chars(const struct ledger *l, size_t off, size_t n)
{
	const unsigned char *p = (const unsigned char *)l->data;
	size_t b = bom(l);

	for (; n > 0 && off > b; n--)
		while (--off > b && (p[off] & 0xC0) == 0x80)
			;
	return off;
}

/* The ":" after a key ending at byte kb, past blanks, line ends and
 * comments, before byte end; 0 if there is none ("{key}", "? key"). */
static size_t
key_colon(const struct ledger *l, size_t kb, size_t end)
{
	while (kb < end && (white(l->data[kb]) || l->data[kb] == '#')) {
		if (l->data[kb] == '#')
			while (kb < end && l->data[kb] != '\n')
				kb++;
		else
			kb++;
	}
	return kb < end && l->data[kb] == ':' ? kb : 0;
}

/* A changed value, in place of bytes [b0, b1) of the old one. */
static void
value_splice(struct ledger *l, const struct kept *k, const struct span *s,
    const char *value, size_t key_col, struct buf *t, struct splices *ss)
{
	size_t b0 = byte_at(l, s->start), b1 = byte_at(l, s->end), i;
	size_t kb = back_chars(l, b0, s->start - s->key_end);
	size_t colon = key_colon(l, kb, b0);
	int lines = 0;

	/* the key's ":", and whether only blanks and line ends, at least
	 * one, come between it and the value */
	for (i = colon + 1; colon > 0 && i < b0 && white(l->data[i]); i++)
		lines += l->data[i] == '\n';
	if (i < b0)
		lines = 0;
	if (b0 == b1 && colon > 0) {
		/* no value: it goes right after the ":" */
		b0 = b1 = colon + 1;
		buf_addc(t, ' ');
	} else if (b0 == b1) {
		/* no value and no ":" ("{key}", "? key"), whose empty
		 * value has the next token's mark: a ":" of its own right
		 * after the key in a flow, on a line below it in a block */
		if (!k->r.flow) {
			own_line(l, after_line(l, kb), key_col, NULL, value,
			    t, ss);
			return;
		}
		b0 = b1 = kb;
		buf_adds(t, ": ");
	} else if (lines > 0) {
		/* on a line below its key: a "|" may be as deep as the
		 * key, where a quoted value may not; up to the ":" */
		b0 = colon + 1;
		buf_addc(t, ' ');
	}
	yaml_value_text(t, value);
	if (b1 > b0 && l->data[b1 - 1] == '\n')
		buf_addc(t, '\n');
	add_splice(ss, b0, b1 - b0, t);
}

static void
yaml_kept(struct ledger *l, struct kept *k, struct splices *ss)
{
	struct buf t = BUF_INIT;
	size_t i, nflow = 0, start = byte_at(l, k->r.mark_start), key_col, close;

	/* keys line up with the first, which need not be where the mapping
	 * starts ("- &anchor" and the keys below it); positions are found
	 * in file order, which byte_at() goes through fastest */
	key_col = key_column(l, k->r.mark_key > 0 ?
	    byte_at(l, k->r.mark_key) : start);
	close = k->r.flow ? byte_at(l, k->r.mark_end) : 0;
	/* values in place first (every field the record has has a place,
	 * as prepare_yaml saw): a new pair may go where an empty value
	 * ends ("{key}", or "key:" ending the file), and must follow it */
	for (i = 0; i < k->nset; i++) {
		long f = rec_find(&k->r, k->set[i].name, NULL);

		if (f >= 0) {
			buf_reset(&t);
			value_splice(l, k, &k->r.span[f], k->set[i].value,
			    key_col, &t, ss);
		}
	}
	for (i = 0; i < k->nset; i++) {
		if (rec_find(&k->r, k->set[i].name, NULL) >= 0)
			continue;
		buf_reset(&t);
		if (k->r.flow)
			flow_pair(l, start, close, k->set[i].name,
			    k->set[i].value, nflow++, &t, ss);
		else
			own_line(l, after_line(l, byte_at(l, k->r.mark_last)),
			    key_col, k->set[i].name, k->set[i].value, &t, ss);
	}
	buf_free(&t);
}

static void
yaml_added(struct ledger *l, const struct rec *r, struct splices *ss)
{
	struct buf t = BUF_INIT;
	size_t i;

	end_last_line(l, l->append_at, &t);
	for (i = 0; i < r->n; i++) {
		if (i == 0) {
			spaces(&t, l->dash_col);
			buf_adds(&t, "- ");
			spaces(&t, l->key_col - l->dash_col - 2);
		} else
			spaces(&t, l->key_col);
		yaml_pair_text(&t, r->f[i].name, rec_val(r, i));
		buf_addc(&t, '\n');
	}
	add_splice(ss, l->append_at, 0, &t);
	buf_free(&t);
}

/*
 * The first line break, to a YAML reader, that is not LF or CR LF: a lone
 * CR, or NEL, U+2028 or U+2029 written out (our writer escapes them).  The
 * edits find lines by LF, so a file holding one is not changed; l->len if
 * there is none.
 */
static size_t
odd_line_break(const struct ledger *l)
{
	static const char *const seps[] = { "\xC2\x85", "\xE2\x80\xA8",
	    "\xE2\x80\xA9" };
	const char *p = l->data, *end = p + l->len, *q;
	size_t first = l->len, i;

	for (q = p; (q = memchr(q, '\r', (size_t)(end - q))) != NULL; q++)
		if (q + 1 == end || q[1] != '\n') {
			first = (size_t)(q - p);
			break;
		}
	for (i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if ((q = memmem(p, first, seps[i], strlen(seps[i]))) != NULL)
			first = (size_t)(q - p);
	return first;
}

/* The splices of the changes, in order; -1 if they cannot be made. */
static int
prepare_yaml(struct ledger *l, struct splices *ss, struct diag *d)
{
	size_t i, odd = odd_line_break(l);

	if (odd < l->len) {
		size_t bol = line_start(l, odd), n = 1;

		for (i = 0; i < bol; i++)
			n += l->data[i] == '\n';
		diag_set(d, l->path, (long)n, (long)utf8_chars(l->data + bol,
		    odd - bol) + 1, "a line end other than LF or CR LF (a lone "
		    "CR, NEL, U+2028 or U+2029): the file is not changed in "
		    "place");
		return -1;
	}
	if (l->added.n > 0 && (l->flow_list || !l->have_last)) {
		diag_set(d, l->path, 0, 0, "records are added only after a "
		    "record of a block list (\"- key: value\" lines)");
		return -1;
	}
	for (i = 0; i < l->nkept; i++) {
		const struct kept *k = &l->kept[i];
		size_t j;

		for (j = 0; j < k->nset; j++) {
			long f = rec_find(&k->r, k->set[j].name, NULL);

			if (f >= 0 && (k->r.span == NULL ||
			    k->r.span[f].start == 0)) {
				diag_set(d, l->path, k->r.line, 0, "%s holds a "
				    "list here: a list is not changed in place",
				    k->set[j].name);
				return -1;
			}
		}
	}
	l->ended = 0;
	for (i = 0; i < l->nkept; i++)
		yaml_kept(l, &l->kept[i], ss);
	for (i = 0; i < l->added.n; i++)
		yaml_added(l, &l->added.r[i], ss);
	for (i = 0; i < ss->n && l->open_end; i++)
		if (ss->s[i].off == l->len && ss->s[i].text[0] == '\n') {
			diag_set(d, l->path, 0, 0, "the file ends in a \"|\" or "
			    "\">\" value without a line end, which a line "
			    "written after it would change: end the file with "
			    "a line end first");
			return -1;
		}
	if (ss->n > 1)
		qsort(ss->s, ss->n, sizeof *ss->s, by_place);
	return 0;
}

static void
free_splices(struct splices *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->s[i].text);
	free(ss->s);
	ss->s = NULL;
	ss->n = ss->cap = 0;
}

static void
write_yaml(struct ledger *l, struct out *o, struct splices *ss0)
{
	struct splices ss = *ss0;
	size_t i, pos = 0;

	for (i = 0; i < ss.n; i++) {
		copy_span(l, o, pos, ss.s[i].off - pos);
		out_puts(o, ss.s[i].text);
		pos = ss.s[i].off + ss.s[i].del;
		free(ss.s[i].text);
	}
	copy_span(l, o, pos, l->len - pos);
	free(ss.s);
}

/* ---- reading back ---- */

/* Whether got is want with the values of k (NULL: none) set: the same
 * fields, in any order, with the same values. */
static int
as_intended(const struct rec *want, const struct kept *k,
    const struct rec *got)
{
	size_t i, j, n, more = 0;
	const char *v;

	for (j = 0; k != NULL && j < k->nset; j++) {
		v = rec_get(got, k->set[j].name, &n);
		if (v == NULL || n != strlen(k->set[j].value) ||
		    memcmp(v, k->set[j].value, n) != 0)
			return 0;
		more += rec_find(want, k->set[j].name, NULL) < 0;
	}
	if (got->n != want->n + more)
		return 0;
	for (i = 0; i < want->n; i++) {
		for (j = 0; k != NULL && j < k->nset; j++)
			if (strcmp(k->set[j].name, want->f[i].name) == 0)
				break;
		if (k != NULL && j < k->nset)
			continue;
		v = rec_get(got, want->f[i].name, &n);
		if (v == NULL || n != want->f[i].len ||
		    memcmp(v, rec_val(want, i), n) != 0)
			return 0;
	}
	return 1;
}

static int
by_recno(const void *a, const void *b)
{
	const struct kept *const *x = a, *const *y = b;

	return (*x)->recno < (*y)->recno ? -1 : (*x)->recno > (*y)->recno;
}

int
ledger_read_back(struct ledger *l, const char *p, size_t n, struct diag *d)
{
	struct reader *old, *new;
	struct diag ignored;
	struct kept **ks = xcalloc(l->nkept + 1, sizeof *ks);
	struct rec *ro, *rn;
	size_t i, recno = 0, ik = 0;
	int rc, ok;

	for (i = 0; i < l->nkept; i++)
		ks[i] = &l->kept[i];
	qsort(ks, l->nkept, sizeof *ks, by_recno);
	if ((old = rd_open_mem(l->path, l->data, l->len, l->fmt, l->delim,
	    d)) == NULL) {
		free(ks);
		return -1;
	}
	new = rd_open_mem(l->path, p, n, l->fmt, l->delim, &ignored);
	ok = new != NULL;
	while (ok && (rc = rd_next(old, &ro, &ignored)) != 0) {
		const struct kept *k = NULL;

		if (ik < l->nkept && ks[ik]->recno == recno)
			k = ks[ik++];
		ok = rc > 0 && rd_next(new, &rn, &ignored) > 0 &&
		    as_intended(ro, k, rn);
		recno += ok;
	}
	for (i = 0; ok && i < l->added.n; i++) {
		ok = rd_next(new, &rn, &ignored) > 0 &&
		    as_intended(&l->added.r[i], NULL, rn);
		recno += ok;
	}
	if (ok && rd_next(new, &rn, &ignored) != 0)
		ok = 0;
	rd_close(old);
	rd_close(new);
	free(ks);
	if (!ok)
		diag_set(d, l->path, 0, 0, "record %zu of the changed file "
		    "does not read back as intended: nothing changed (this is "
		    "a bug; please report it with the file)", recno + 1);
	return ok ? 0 : -1;
}

/* ---- committing ---- */

/* The new file as it is on disk, read back (YAML: see ledger.h). */
static int
check_written(struct ledger *l, struct diag *d)
{
	struct buf b = BUF_INIT;
	ssize_t k;
	int rc;

	do {
		buf_grow(&b, 1u << 16);
		k = pread(l->tmpfd, b.p + b.len, b.cap - b.len - 1,
		    (off_t)b.len);
		if (k > 0)
			b.len += (size_t)k;
	} while (k > 0 || (k < 0 && errno == EINTR));
	if (k < 0) {
		diag_set(d, l->path, 0, 0, "reading back %s: %s; nothing "
		    "changed", l->tmp, strerror(errno));
		rc = -1;
	} else
		rc = ledger_read_back(l, b.p, b.len, d);
	buf_free(&b);
	return rc;
}

/* The digest of the file as read, and its state at every LEDGER_STEP
 * bytes (l->ckpt, made before). */
static void *
digest_read(void *arg)
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

static void
digest_ahead(struct ledger *l)
{
	if (l->ckpt != NULL)
		return;
	l->ckpt = xcalloc(l->len / LEDGER_STEP + 1, sizeof *l->ckpt);
	if (pthread_create(&l->digester, NULL, digest_read, l) == 0)
		l->digesting = 1;
	else
		digest_read(l);
}

const char *
ledger_digest(struct ledger *l)
{
	if (l->ckpt == NULL) {
		l->ckpt = xcalloc(l->len / LEDGER_STEP + 1, sizeof *l->ckpt);
		digest_read(l);
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
static int
digest_written(struct ledger *l, size_t first)
{
	char *chunk = xmalloc(1u << 20);
	struct sha256 s;
	size_t k;
	off_t off = (off_t)first;
	ssize_t n;

	(void)ledger_digest(l);
	k = first / LEDGER_STEP;
	sha256_resume(&s, l->ckpt[k], (uint64_t)k * LEDGER_STEP);
	sha256_update(&s, l->data + k * LEDGER_STEP, first - k * LEDGER_STEP);
	while ((n = pread(l->tmpfd, chunk, 1u << 20, off)) != 0) {
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

int
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
		if (prepare_yaml(l, &ss, d) < 0) {
			free_splices(&ss);
			return -1;	/* ledger_close removes the new file */
		}
		first = ss.n > 0 ? ss.s[0].off : l->len;
	} else
		first = prepare_csv(l);
	same = first;		/* the new file's bytes before it: the old's */
	if ((first = reuse_copy(l, first)) == (size_t)-1) {
		err = errno;
		free_splices(&ss);
		return fail_commit(l, "writing", err, d);
	}
	out_init(&o, l->tmpfd);
	o.skip = first;
	if (l->fmt == FMT_YAML)
		write_yaml(l, &o, &ss);
	else
		write_csv(l, &o);
	step = "writing";
	if ((err = out_close(&o)) == 0) {
		step = "syncing";
		if (fsync(l->tmpfd) < 0)
			err = errno;
	}
	if (err == 0 && l->fmt == FMT_YAML && check_written(l, d) < 0) {
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

int
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

int
ledger_commit(struct ledger *l, struct diag *d)
{
	int rc;

	if (ledger_write(l, d) < 0 || (rc = ledger_replace(l, d)) < 0)
		return -1;
	if (rc == LEDGER_UNSYNCED)
		buf_addf(&l->notes, "%s: %s\n", l->path, d->msg);
	return 0;
}
