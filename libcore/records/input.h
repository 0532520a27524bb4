/*
 * Input files: a file or standard input read through one growing buffer,
 * so that format detection can look ahead, the CSV reader can hand out
 * whole lines, and a record's bytes stay in place while it is read.
 */
#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>
#include <sys/types.h>

struct diag;

struct input {
	int	 fd;
	char	 name[1024];	/* for messages: the path, or "<stdin>" */
	int	 seekable;	/* a regular file: can be read twice */
	char	*buf;
	size_t	 start, pos, len, cap;	/* unread bytes are buf[pos..len) */
	off_t	 base;		/* file offset of buf[0] */
	int	 eof, err;
	int	 borrowed;	/* buf is the caller's bytes, not ours */
	size_t	 max_line;	/* input_line refuses longer lines; 0: none */
	size_t	 max_read;	/* bytes one read(2) asks for; 0: all that fit
				 * (tests split tokens between reads with it,
				 * as a pipe may) */
};

/* path "-" is standard input. */
int	 input_open(struct input *, const char *path, struct diag *);
/* Read bytes the caller holds (and keeps until input_close). */
void	 input_open_mem(struct input *, const char *name, const char *,
	    size_t);
void	 input_close(struct input *);
/* Make at least n unread bytes available if the file has them; returns
 * how many are. */
size_t	 input_peek(struct input *, size_t n, struct diag *);
/* The next line with its "\n" (the last may lack it); NULL at end of
 * file or on error (then *err: a read error, or a line longer than
 * max_line).  Valid until the next call. */
const char *input_line(struct input *, size_t *len, int *err,
	    struct diag *);
/* Keep bytes from here on in the buffer until the next input_keep(). */
void	 input_keep(struct input *);
/* Read up to n bytes for a parser that takes its own input. */
ssize_t	 input_read(struct input *, char *, size_t, struct diag *);
/* Start again from the beginning; -1 when the input is a pipe. */
int	 input_rewind(struct input *, struct diag *);

static inline off_t
input_offset(const struct input *in)
{
	return in->base + (off_t)in->pos;
}

#endif
