#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "records/out.h"

#define OUTBUF	(1 << 16)

void
out_init(struct out *o, int fd)
{
	o->fd = fd;
	o->mem = NULL;
	o->skip = 0;
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
	if (o->skip > 0) {
		size_t k = o->skip < n ? o->skip : n;

		o->skip -= k;
		p = (const char *)p + k;
		n -= k;
		if (o->cap - o->len >= n) {
			memcpy(o->buf + o->len, p, n);
			o->len += n;
			return;
		}
	}
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

/* Start writing a file's dirty pages to disk, so that the fsync that
 * must come waits less. */
void
out_writeback(int fd)
{
#ifdef HAVE_SYNC_FILE_RANGE
	sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)fd;
#endif
}

/* Bytes of file fd read and written, for out_copy. */
static void
copy_read(struct out *o, int fd, off_t off, size_t n)
{
	ssize_t k;

	while (n > 0 && o->err == 0) {
		if (o->len == o->cap)
			out_flush(o);
		k = pread(fd, o->buf + o->len, n < o->cap - o->len ? n :
		    o->cap - o->len, off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->err = k < 0 ? errno : EIO;
			return;
		}
		o->len += (size_t)k;
		off += k;
		n -= (size_t)k;
	}
}

void
out_copy(struct out *o, int fd, off_t off, const char *p, size_t n)
{
	if (o->skip > 0) {
		size_t k = o->skip < n ? o->skip : n;

		o->skip -= k;
		off += (off_t)k;
		if (p != NULL)
			p += k;
		n -= k;
	}
#ifdef HAVE_COPY_FILE_RANGE
	loff_t in = off;

	if (o->mem == NULL && n >= o->cap) {
		out_flush(o);
		while (n > 0 && o->err == 0) {
			size_t chunk = n > (32u << 20) ? (32u << 20) : n;
			ssize_t k = copy_file_range(fd, &in, o->fd, NULL, chunk,
			    0);

			if (k > 0) {
				out_writeback(o->fd);
				if (p != NULL)
					p += k;
				off += k;
				n -= (size_t)k;
				continue;
			}
			if (k < 0 && errno == EINTR)
				continue;
			if (k == 0 || errno == EXDEV || errno == ENOSYS ||
			    errno == EOPNOTSUPP || errno == EINVAL ||
			    errno == EBADF)
				break;	/* not here: write it ourselves */
			o->err = errno;
			return;
		}
	}
#endif
	if (p != NULL)
		out_write(o, p, n);
	else
		copy_read(o, fd, off, n);
}
