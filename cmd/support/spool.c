/* Rows written before their columns are all known (spool.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "support/spool.h"

int
spool_open(struct spool *sp, enum ofmt fmt)
{
	memset(sp, 0, sizeof *sp);
	if ((sp->tmp = tmpfile()) == NULL)
		return -1;
	out_init(&sp->out, fileno(sp->tmp));
	wr_init(&sp->w, fmt, &sp->out);
	sp->w.header = 0;
	return 0;
}

void
spool_columns(struct spool *sp, const char *const *cols, size_t n)
{
	off_t at;

	out_flush(&sp->out);
	at = lseek(fileno(sp->tmp), 0, SEEK_CUR);
	if (sp->n > 0 && sp->s[sp->n - 1].at == at)
		sp->n--;
	sp->s = xgrow(sp->s, &sp->cap, sp->n, sizeof *sp->s);
	sp->s[sp->n].at = at < 0 ? 0 : at;
	sp->s[sp->n++].ncols = n;
	wr_columns(&sp->w, cols, n, 0);
}

void
spool_rec(struct spool *sp, const struct rec *r)
{
	wr_rec(&sp->w, r);
}

/* One row of have columns, completed to n.  A row of one empty cell is
 * written "" (a blank line would be skipped): with more columns it is
 * empty cells only. */
static void
complete(struct out *o, const char *row, size_t len, size_t have, size_t n,
    char delim)
{
	size_t i;

	if (have == 1 && len == 2 && row[0] == '"' && row[1] == '"')
		len = 0;
	out_write(o, row, len);
	for (i = have; i < n; i++)
		out_putc(o, delim);
	out_putc(o, '\n');
}

/* Bytes [from, to) of the file, rows of have columns, to o: 0, or the
 * errno of a failed read. */
static int
copy_stretch(struct spool *sp, struct out *o, off_t from, off_t to,
    size_t have, size_t n)
{
	char chunk[1 << 16], delim = sp->w.fmt == OUT_TSV ? '\t' : ',';
	struct buf row = BUF_INIT;
	int quoted = 0, err = 0;

	while (from < to && err == 0) {
		size_t want = (size_t)(to - from) < sizeof chunk ?
		    (size_t)(to - from) : sizeof chunk, i;
		ssize_t got = pread(fileno(sp->tmp), chunk, want, from);

		if (got <= 0) {
			err = got < 0 ? errno : EIO;
			break;
		}
		from += got;
		if (have == n) {
			out_write(o, chunk, (size_t)got);
			continue;
		}
		/* rows end at a line end outside quotes: the writer
		 * quotes a field with a line end in it, and doubles its
		 * quotes */
		for (i = 0; i < (size_t)got; i++) {
			if (chunk[i] == '"')
				quoted = !quoted;
			else if (chunk[i] == '\n' && !quoted) {
				complete(o, row.p, row.len, have, n, delim);
				buf_reset(&row);
				continue;
			}
			buf_addc(&row, chunk[i]);
		}
	}
	buf_free(&row);
	return err;
}

int
spool_copy(struct spool *sp, struct out *o, size_t n, struct diag *d)
{
	off_t end = 0;
	size_t i;
	int err;

	out_flush(&sp->out);
	err = sp->out.err;
	if (err == 0 && (end = lseek(fileno(sp->tmp), 0, SEEK_CUR)) < 0)
		err = errno;
	for (i = 0; i < sp->n && err == 0; i++)
		err = copy_stretch(sp, o, sp->s[i].at, i + 1 < sp->n ?
		    sp->s[i + 1].at : end, sp->s[i].ncols, n);
	if (err == 0)
		return 0;
	diag_set(d, NULL, 0, 0, "cannot use a temporary file: %s",
	    strerror(err));
	return -1;
}

void
spool_close(struct spool *sp)
{
	if (sp->tmp == NULL)
		return;
	out_discard(&sp->out);
	out_close(&sp->out);
	wr_free(&sp->w);
	fclose(sp->tmp);
	free(sp->s);
	memset(sp, 0, sizeof *sp);
}
