/*
 * Buffered output to a file descriptor, with write errors kept: a full
 * disk or a closed pipe is reported when the output is closed, never lost.
 */
#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <string.h>
#include <sys/types.h>

struct buf;

struct out {
	int	 fd;
	struct buf *mem;	/* set: output goes here, not to fd */
	char	*buf;
	size_t	 len, cap;
	int	 err;	/* errno of the first failed write */
	size_t	 skip;	/* bytes still to drop: already in the file */
};

void	out_init(struct out *, int fd);
/* Output appended to a buffer, for text built with the writers' rules. */
void	out_init_buf(struct out *, struct buf *);
void	out_flush(struct out *);
/* Drop what is still buffered: after an error, write no more of a result
 * that will not be complete. */
void	out_discard(struct out *);
/* Flush and release; returns 0 or the errno of the first failure. */
int	out_close(struct out *);
void	out_slow(struct out *, const void *, size_t);
/* Write n bytes that are both at offset off of file fd and at p: the
 * kernel copies them from the file where it can (copy_file_range).  p
 * NULL: they are only in the file, read from it where the kernel cannot
 * copy them. */
void	out_copy(struct out *, int fd, off_t off, const char *p, size_t n);
void	out_writeback(int fd);

static inline void
out_write(struct out *o, const void *p, size_t n)
{
	if (o->skip == 0 && o->cap - o->len >= n) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
	} else
		out_slow(o, p, n);
}

static inline void
out_putc(struct out *o, char c)
{
	if (o->skip > 0 || o->len == o->cap) {
		out_slow(o, &c, 1);
		return;
	}
	o->buf[o->len++] = c;
}

static inline void
out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

#endif
