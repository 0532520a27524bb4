/*
 * fault.so: an LD_PRELOAD shim that makes the N-th file system call of
 * a process fail, or kills the process there, as SQLite's I/O error
 * tests do (tests/faults/faults.t runs order-cancel under it):
 *
 *	FAULT_NTH=N	the N-th call of those below, counting from 1
 *	FAULT_DO=E	ENOSPC or EIO: it fails with that errno, without
 *			being made (a close is made: the descriptor goes);
 *			KILL: SIGKILL before it is made; KILLAFTER: after;
 *			STOP: SIGSTOP before it is made, which SIGCONT
 *			then makes as usual
 *	FAULT_PATH=S	count only calls on a path containing S
 *	FAULT_CALL=C	count only calls named C (open counts openat,
 *			creat and mkstemp too; rename its siblings)
 *	FAULT_LOG=F	append "N CALL PATH" to file F for each call counted
 *	FAULT_HIT=F	create file F when the fault is made
 *
 * The calls: open, openat, creat, mkstemp, mkostemp, pread, write,
 * fsync, fdatasync, rename, renameat, renameat2, close, ftruncate,
 * copy_file_range, flock, fchmod, fchown.  A call of the C library's
 * own (inside fopen, opendir) is not seen, nor is a read of the ledger
 * (it is mapped).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef void (*func)(void);

static long count;

/* The C library's own function: dlsym gives a data pointer, copied
 * into a function pointer as POSIX allows. */
static func
real(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);
	func f;

	if (p == NULL)
		abort();
	memcpy(&f, &p, sizeof f);
	return f;
}

static const char *
fd_path(int fd, char *buf, size_t n)
{
	char link[64];
	ssize_t k;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((k = readlink(link, buf, n - 1)) < 0)
		k = 0;
	buf[k] = '\0';
	return buf;
}

static void
note(const char *file, const char *text)
{
	static int (*ropen)(const char *, int, ...);
	static ssize_t (*rwrite)(int, const void *, size_t);
	static int (*rclose)(int);
	int fd;

	if (ropen == NULL) {
		ropen = (int (*)(const char *, int, ...))real("open");
		rwrite = (ssize_t (*)(int, const void *, size_t))
		    real("write");
		rclose = (int (*)(int))real("close");
	}
	if ((fd = ropen(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) < 0)
		return;
	(void)rwrite(fd, text, strlen(text));
	rclose(fd);
}

/*
 * Whether this call is the one: 0 to make it as usual; -1 to fail it
 * (errno set); 1 to make it and then die.
 */
static int
fault(const char *call, const char *path)
{
	const char *want = getenv("FAULT_CALL"), *sub = getenv("FAULT_PATH");
	const char *nth = getenv("FAULT_NTH"), *what = getenv("FAULT_DO");
	const char *log = getenv("FAULT_LOG"), *hit = getenv("FAULT_HIT");
	char line[PATH_MAX + 64];
	long n;

	if (want != NULL && strcmp(want, call) != 0)
		return 0;
	if (sub != NULL && strstr(path, sub) == NULL)
		return 0;
	n = __atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
	if (log != NULL) {
		snprintf(line, sizeof line, "%ld %s %s\n", n, call, path);
		note(log, line);
	}
	if (nth == NULL || what == NULL || n != atol(nth))
		return 0;
	if (hit != NULL)
		note(hit, call);
	if (strcmp(what, "KILL") == 0)
		raise(SIGKILL);
	if (strcmp(what, "KILLAFTER") == 0)
		return 1;
	if (strcmp(what, "STOP") == 0) {
		raise(SIGSTOP);
		return 0;
	}
	errno = strcmp(what, "EIO") == 0 ? EIO : ENOSPC;
	return -1;
}

static int
fault_fd(const char *call, int fd)
{
	char p[PATH_MAX];

	return fault(call, fd_path(fd, p, sizeof p));
}

/* KILLAFTER: the call made, the process dies. */
#define AFTER(k)	do {						\
	if ((k) == 1)							\
		raise(SIGKILL);						\
} while (0)

static mode_t
mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
	    (mode_t)va_arg(ap, int) : 0;
}

int
open(const char *path, int flags, ...)
{
	static int (*f)(const char *, int, ...);
	va_list ap;
	mode_t m;
	int k, rc;

	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	if (f == NULL)
		f = (int (*)(const char *, int, ...))real("open");
	if ((k = fault("open", path)) < 0)
		return -1;
	rc = f(path, flags, m);
	AFTER(k);
	return rc;
}

int
open64(const char *path, int flags, ...)
{
	static int (*f)(const char *, int, ...);
	va_list ap;
	mode_t m;
	int k, rc;

	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	if (f == NULL)
		f = (int (*)(const char *, int, ...))real("open64");
	if ((k = fault("open", path)) < 0)
		return -1;
	rc = f(path, flags, m);
	AFTER(k);
	return rc;
}

int
openat(int dir, const char *path, int flags, ...)
{
	static int (*f)(int, const char *, int, ...);
	va_list ap;
	mode_t m;
	int k, rc;

	va_start(ap, flags);
	m = mode_arg(flags, ap);
	va_end(ap);
	if (f == NULL)
		f = (int (*)(int, const char *, int, ...))real("openat");
	if ((k = fault("open", path)) < 0)
		return -1;
	rc = f(dir, path, flags, m);
	AFTER(k);
	return rc;
}

int
creat(const char *path, mode_t m)
{
	static int (*f)(const char *, mode_t);
	int k, rc;

	if (f == NULL)
		f = (int (*)(const char *, mode_t))real("creat");
	if ((k = fault("open", path)) < 0)
		return -1;
	rc = f(path, m);
	AFTER(k);
	return rc;
}

int
mkstemp(char *tmpl)
{
	static int (*f)(char *);
	int k, rc;

	if (f == NULL)
		f = (int (*)(char *))real("mkstemp");
	if ((k = fault("open", tmpl)) < 0)
		return -1;
	rc = f(tmpl);
	AFTER(k);
	return rc;
}

int
mkostemp(char *tmpl, int flags)
{
	static int (*f)(char *, int);
	int k, rc;

	if (f == NULL)
		f = (int (*)(char *, int))real("mkostemp");
	if ((k = fault("open", tmpl)) < 0)
		return -1;
	rc = f(tmpl, flags);
	AFTER(k);
	return rc;
}

ssize_t
write(int fd, const void *p, size_t n)
{
	static ssize_t (*f)(int, const void *, size_t);
	ssize_t rc;
	int k;

	if (f == NULL)
		f = (ssize_t (*)(int, const void *, size_t))real("write");
	if ((k = fault_fd("write", fd)) < 0)
		return -1;
	rc = f(fd, p, n);
	AFTER(k);
	return rc;
}

ssize_t
pread(int fd, void *p, size_t n, off_t off)
{
	static ssize_t (*f)(int, void *, size_t, off_t);
	ssize_t rc;
	int k;

	if (f == NULL)
		f = (ssize_t (*)(int, void *, size_t, off_t))real("pread");
	if ((k = fault_fd("pread", fd)) < 0)
		return -1;
	rc = f(fd, p, n, off);
	AFTER(k);
	return rc;
}

#define FD_CALL(name, call)						\
int									\
name(int fd)								\
{									\
	static int (*f)(int);						\
	int k, rc;							\
									\
	if (f == NULL)							\
		f = (int (*)(int))real(#name);			\
	if ((k = fault_fd(call, fd)) < 0) {				\
		if (strcmp(#name, "close") == 0) {			\
			int e = errno;					\
									\
			f(fd);		/* it goes all the same */	\
			errno = e;					\
		}							\
		return -1;						\
	}								\
	rc = f(fd);							\
	AFTER(k);							\
	return rc;							\
}

FD_CALL(fsync, "fsync")
FD_CALL(fdatasync, "fsync")
FD_CALL(close, "close")

int
rename(const char *from, const char *to)
{
	static int (*f)(const char *, const char *);
	int k, rc;

	if (f == NULL)
		f = (int (*)(const char *, const char *))real("rename");
	if ((k = fault("rename", from)) < 0)
		return -1;
	rc = f(from, to);
	AFTER(k);
	return rc;
}

int
renameat(int d1, const char *from, int d2, const char *to)
{
	static int (*f)(int, const char *, int, const char *);
	int k, rc;

	if (f == NULL)
		f = (int (*)(int, const char *, int, const char *))
		    real("renameat");
	if ((k = fault("rename", from)) < 0)
		return -1;
	rc = f(d1, from, d2, to);
	AFTER(k);
	return rc;
}

int
renameat2(int d1, const char *from, int d2, const char *to, unsigned fl)
{
	static int (*f)(int, const char *, int, const char *, unsigned);
	int k, rc;

	if (f == NULL)
		f = (int (*)(int, const char *, int, const char *,
		    unsigned))real("renameat2");
	if ((k = fault("rename", from)) < 0)
		return -1;
	rc = f(d1, from, d2, to, fl);
	AFTER(k);
	return rc;
}

int
ftruncate(int fd, off_t len)
{
	static int (*f)(int, off_t);
	int k, rc;

	if (f == NULL)
		f = (int (*)(int, off_t))real("ftruncate");
	if ((k = fault_fd("ftruncate", fd)) < 0)
		return -1;
	rc = f(fd, len);
	AFTER(k);
	return rc;
}

ssize_t
copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t n,
    unsigned flags)
{
	static ssize_t (*f)(int, off_t *, int, off_t *, size_t, unsigned);
	ssize_t rc;
	int k;

	if (f == NULL)
		f = (ssize_t (*)(int, off_t *, int, off_t *, size_t,
		    unsigned))real("copy_file_range");
	if ((k = fault_fd("copy_file_range", out)) < 0)
		return -1;
	rc = f(in, inoff, out, outoff, n, flags);
	AFTER(k);
	return rc;
}

int
flock(int fd, int op)
{
	static int (*f)(int, int);
	int k, rc;

	if (f == NULL)
		f = (int (*)(int, int))real("flock");
	if ((k = fault_fd("flock", fd)) < 0)
		return -1;
	rc = f(fd, op);
	AFTER(k);
	return rc;
}

int
fchmod(int fd, mode_t m)
{
	static int (*f)(int, mode_t);
	int k, rc;

	if (f == NULL)
		f = (int (*)(int, mode_t))real("fchmod");
	if ((k = fault_fd("fchmod", fd)) < 0)
		return -1;
	rc = f(fd, m);
	AFTER(k);
	return rc;
}

int
fchown(int fd, uid_t u, gid_t g)
{
	static int (*f)(int, uid_t, gid_t);
	int k, rc;

	if (f == NULL)
		f = (int (*)(int, uid_t, gid_t))real("fchown");
	if ((k = fault_fd("fchown", fd)) < 0)
		return -1;
	rc = f(fd, u, g);
	AFTER(k);
	return rc;
}
