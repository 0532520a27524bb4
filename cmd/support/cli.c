#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "records/out.h"
#include "support/cli.h"

/*
 * Standard input, output and error open, before anything else is: a
 * descriptor left closed by whoever started us would be taken by the
 * next file opened, and messages or receipts would go into it.  A
 * closed one is opened on /dev/null, for reading only, so that reading
 * it gives the end of input and writing it fails (EBADF) as writing a
 * closed one would: a lost standard output is still reported.  Where
 * there is no /dev/null, the root directory stands in for it, which
 * cannot be written either; with neither, nothing is safe to open.
 */
void
cli_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDONLY) != fd &&
		    open("/", O_RDONLY | O_DIRECTORY) != fd)
			abort();
	}
}

void
cli_usage_hint(const char *prog)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
}

void
cli_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_usage_hint(prog);
}

void
cli_version(const char *prog)
{
	printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
}

/* Report an error found in the command line (no file) as a usage error,
 * anything else as it is. */
void
cli_report(const struct diag *d, const char *prog)
{
	if (d->file[0] == '\0')
		cli_usage_error(prog, "%s", d->msg);
	else
		diag_print(d, prog);
}

int
cli_finish(struct out *o, const char *prog)
{
	int err = out_close(o);

	if (err == 0)
		return 0;
	fprintf(stderr, "%s: write error on standard output: %s\n", prog,
	    strerror(err));
	return EX_FAIL;
}

void
cli_notes(const char *prog, struct buf *notes)
{
	const char *p = buf_str(notes), *nl;

	for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		fprintf(stderr, "%s: %.*s\n", prog, (int)(nl - p), p);
}

int
cli_number(const char *s, long *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 0 || errno == ERANGE)
		return -1;
	*v = n;
	return 0;
}

int
cli_write_file(const char *prog, const char *path, const char *what,
    mode_t mode, void (*write)(struct out *, const void *), const void *arg)
{
	struct out o;
	int fd, err;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode)) < 0) {
		fprintf(stderr, "%s: %s: %s; %s not written\n", prog, path,
		    strerror(errno), what);
		return -1;
	}
	out_init(&o, fd);
	write(&o, arg);
	err = out_close(&o);
	if (close(fd) < 0 && err == 0)
		err = errno;
	if (err != 0)
		fprintf(stderr, "%s: %s: %s; %s not written whole\n", prog,
		    path, strerror(err), what);
	return err != 0 ? -1 : 0;
}
