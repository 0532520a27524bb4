/*
 * Diagnostics: library functions describe what went wrong here and return
 * an error; the command prints it as "prog: file:line:col: message" and
 * chooses the exit status.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stddef.h>

struct diag {
	char	file[1024];
	long	line, col;	/* 1-based; 0 when not known */
	char	msg[1024];
};

void	diag_set(struct diag *, const char *file, long line, long col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	diag_print(const struct diag *, const char *prog);
/* Room for a quoted excerpt: 40 characters, each at most 4 bytes escaped. */
#define QUOTE_MAX 200
const char *diag_quote(char dst[QUOTE_MAX], const char *, size_t);

#endif
