#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/input.h"

#define CHUNK	(1 << 20)

int
input_open(struct input *in, const char *path, struct diag *d)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	if (strcmp(path, "-") == 0) {
		in->fd = 0;
		snprintf(in->name, sizeof in->name, "<stdin>");
	} else {
		snprintf(in->name, sizeof in->name, "%s", path);
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			diag_set(d, path, 0, 0, "%s", strerror(errno));
			return -1;
		}
	}
	if (fstat(in->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			diag_set(d, in->name, 0, 0, "is a directory");
			input_close(in);
			return -1;
		}
		in->seekable = S_ISREG(st.st_mode);
	}
	return 0;
}

void
input_open_mem(struct input *in, const char *name, const char *p, size_t n)
{
	memset(in, 0, sizeof *in);
	in->fd = -1;
	snprintf(in->name, sizeof in->name, "%s", name);
	in->buf = (char *)p;	/* only ever read */
	in->len = in->cap = n;
	in->eof = in->borrowed = in->seekable = 1;
}

void
input_close(struct input *in)
{
	if (in->fd > 0)
		close(in->fd);
	if (!in->borrowed)
		free(in->buf);
	in->buf = NULL;
	in->fd = -1;
}

/* Read one more chunk, first dropping what is no longer kept. */
static int
fill(struct input *in, struct diag *d)
{
	ssize_t r;
	size_t want;

	if (in->eof || in->err)
		return 0;
	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->len - in->start);
		in->base += (off_t)in->start;
		in->pos -= in->start;
		in->len -= in->start;
		in->start = 0;
	}
	if (in->cap - in->len < CHUNK) {
		in->cap = in->cap ? in->cap * 2 : 2 * CHUNK;
		while (in->cap - in->len < CHUNK)
			in->cap *= 2;
		in->buf = xrealloc(in->buf, in->cap);
	}
	want = in->cap - in->len;
	if (in->max_read > 0 && want > in->max_read)
		want = in->max_read;
	do
		r = read(in->fd, in->buf + in->len, want);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		in->err = 1;
		diag_set(d, in->name, 0, 0, "read error: %s", strerror(errno));
		return -1;
	}
	if (r == 0)
		in->eof = 1;
	in->len += (size_t)r;
	return r > 0;
}

size_t
input_peek(struct input *in, size_t n, struct diag *d)
{
	while (in->len - in->pos < n && fill(in, d) > 0)
		;
	return in->len - in->pos;
}

const char *
input_line(struct input *in, size_t *len, int *err, struct diag *d)
{
	size_t scan = 0;	/* bytes after pos searched already */
	const char *line, *nl = NULL;
	int r;

	*err = 0;
	for (;;) {
		if (in->len - in->pos > scan)
			nl = memchr(in->buf + in->pos + scan, '\n',
			    in->len - in->pos - scan);
		if (nl != NULL)
			break;
		scan = in->len - in->pos;
		if (in->max_line > 0 && scan > in->max_line) {
			*err = 1;
			diag_set(d, in->name, 0, 0, "a line longer than %zu MiB: "
			    "not a ledger", in->max_line >> 20);
			return NULL;
		}
		if ((r = fill(in, d)) < 0) {
			*err = 1;
			return NULL;
		}
		if (r == 0) {
			if (in->pos == in->len)
				return NULL;
			nl = in->buf + in->len - 1;	/* no final "\n" */
			break;
		}
	}
	line = in->buf + in->pos;
	*len = (size_t)(nl + 1 - line);
	in->pos += *len;
	return line;
}

void
input_keep(struct input *in)
{
	in->start = in->pos;
}

ssize_t
input_read(struct input *in, char *p, size_t n, struct diag *d)
{
	size_t have;

	if (in->pos == in->len) {
		in->start = in->pos;
		if (fill(in, d) < 0)
			return -1;
	}
	have = in->len - in->pos;
	if (have > n)
		have = n;
	memcpy(p, in->buf + in->pos, have);
	in->pos += have;
	in->start = in->pos;
	return (ssize_t)have;
}

int
input_rewind(struct input *in, struct diag *d)
{
	if (in->borrowed) {
		in->start = in->pos = 0;
		return 0;
	}
	if (!in->seekable)
		return -1;
	if (lseek(in->fd, 0, SEEK_SET) < 0) {
		diag_set(d, in->name, 0, 0, "%s", strerror(errno));
		return -1;
	}
	in->start = in->pos = in->len = 0;
	in->base = 0;
	in->eof = in->err = 0;
	return 0;
}
