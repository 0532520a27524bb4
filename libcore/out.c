#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "out.h"
#include "xalloc.h"

#define OUTBUF	(1 << 16)

void
out_init(struct out *o, int fd)
{
	o->fd = fd;
	o->mem = NULL;
	o->cap = OUTBUF;
	o->buf = xmalloc(o->cap);
	o->len = 0;
	o->err = 0;
}

void
out_init_buf(struct out *o, struct buf *b)
{
	out_init(o, -1);
	o->mem = b;
}

static void
put(struct out *o, const char *p, size_t n)
{
	if (o->mem != NULL) {
		buf_add(o->mem, p, n);
		return;
	}
	while (n > 0 && o->err == 0) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0) {
			if (errno != EINTR)
				o->err = errno;
			continue;
		}
		p += w;
		n -= (size_t)w;
	}
}

void
out_flush(struct out *o)
{
	put(o, o->buf, o->len);
	o->len = 0;
}

void
out_discard(struct out *o)
{
	o->len = 0;
}

void
out_slow(struct out *o, const void *p, size_t n)
{
	out_flush(o);
	if (n >= o->cap)
		put(o, p, n);
	else {
		memcpy(o->buf, p, n);
		o->len = n;
	}
}

int
out_close(struct out *o)
{
	out_flush(o);
	free(o->buf);
	o->buf = NULL;
	o->cap = 0;
	return o->err;
}
