/*
 * What the commands share beyond their options (SPEC 7): exit statuses,
 * standard descriptors, usage errors and messages, the end of standard
 * output, the terminal.  Errors come back from the library as a diag;
 * the commands say them here and exit.
 */
#ifndef CLI_H
#define CLI_H

#include <sys/types.h>

#include "records/writer.h"

struct buf;
struct diag;
struct out;

/* Exit statuses: SPEC 7. */
enum { EX_DONE = 0, EX_PARTIAL = 1, EX_FAIL = 2, EX_LOCKED = 3 };

/* Open standard input, output and error on /dev/null where closed,
 * before any other file is opened. */
void	cli_std_fds(void);
void	cli_usage_hint(const char *prog);
void	cli_usage_error(const char *prog, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	cli_version(const char *prog);
void	cli_report(const struct diag *, const char *prog);
/* Close stdout's buffer: 0, or EX_FAIL after saying why. */
int	cli_finish(struct out *, const char *prog);

/* Each line of notes on standard error, after "prog: ". */
void	cli_notes(const char *prog, struct buf *notes);

/* A whole number from 0 up, all of s, into *v: 0, or -1 when s is not
 * one (*v unchanged). */
int	cli_number(const char *s, long *v);
/* path made (mode) or emptied, and written whole by write(o, arg): 0,
 * or -1 when it could not be, said as "prog: path: why; what not
 * written". */
int	cli_write_file(const char *prog, const char *path, const char *what,
	    mode_t mode, void (*write)(struct out *, const void *),
	    const void *arg);

#endif
