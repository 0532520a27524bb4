/*
 * The CSV edit (ledger.h): the header's bytes and columns, as a scan
 * finds them (or read first, for a file read in a stream, csvscan.c),
 * and the new file written from the old one's bytes.  Rows
 * that do not change are copied as they are; a changed row is written
 * again alone, in the file's delimiter and line end; appended rows follow
 * the last; a column the header lacks is added to it and, as an empty
 * field, to every row, with one note.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/csvio.h"
#include "records/out.h"
#include "records/reader.h"

/* Just past the CSV header line in p, n, which the reader has accepted:
 * its line end is LF, CR LF, or a lone CR ending the file. */
static size_t
header_end(const struct ledger *l, const char *p, size_t n)
{
	size_t e = l->hdr_start + csv_row_end(p + l->hdr_start,
	    n - l->hdr_start);

	if (e < n && p[e] == '\r')
		e++;
	if (e < n && p[e] == '\n')
		e++;
	return e;
}

void
csvedit_header(struct ledger *l, const struct reader *rd, const char *p,
    size_t len)
{
	long lines = 0;
	const char *const *cols;
	size_t n, i;

	cols = rd_cols(rd, &n);
	l->cols = xcalloc(n + 8, sizeof *l->cols);
	for (i = 0; i < n; i++) {
		l->cols[i] = ledger_intern(l, cols[i]);
		if (rd_converted(rd, i)) {
			if (l->converted == NULL)
				l->converted = xcalloc(n, 1);
			l->converted[i] = 1;
		}
	}
	l->ncols = l->nfilecols = n;
	l->hdr_start = len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (l->hdr_start < len && (p[l->hdr_start] == '\r' ||
	    p[l->hdr_start] == '\n'))
		l->hdr_start++;	/* blank lines before it, as the reader */
	l->hdr_end = header_end(l, p, len);
	l->eol = l->hdr_end >= 2 && p[l->hdr_end - 2] == '\r' ? "\r\n" : "\n";
	buf_reset(&l->hdr);
	buf_add(&l->hdr, p, l->hdr_end);
	for (i = 0; i < l->hdr_end; i++)
		lines += p[i] == '\n';
	l->hdr_lines = lines;
}

size_t
csvedit_add_header(const struct ledger *l, struct buf *b)
{
	size_t n = l->hdr_end - l->hdr_start, was = b->len;

	/* a reader skips a byte order mark only where its input starts:
	 * one that starts a header below blank lines is the first name's */
	if (l->hdr_start > 0 && n >= 3 &&
	    memcmp(l->hdr.p + l->hdr_start, "\xEF\xBB\xBF", 3) == 0)
		buf_addc(b, '\n');
	buf_add(b, l->hdr.p + l->hdr_start, n);
	return b->len - was;
}

static const char *
new_value(const struct kept *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->nset; i++)
		if (k->set[i].name == name)	/* both ledger_intern's */
			return k->set[i].value;
	return NULL;
}

static void
add_column(struct ledger *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->ncols; i++)
		if (l->cols[i] == name)	/* both ledger_intern's */
			return;
	l->cols = xreallocarray(l->cols, l->ncols + 1, sizeof *l->cols);
	l->cols[l->ncols++] = ledger_intern(l, name);
}

/* The columns added, said once: "a", "a and b", "a, b and c". */
static void
note_columns(struct ledger *l)
{
	size_t i, n = l->ncols - l->nfilecols;

	buf_addf(&l->notes, "%s: added the column%s ", l->rp.path,
	    n > 1 ? "s" : "");
	for (i = l->nfilecols; i < l->ncols; i++)
		buf_addf(&l->notes, "%s%s", l->cols[i], i + 2 < l->ncols ?
		    ", " : i + 1 < l->ncols ? " and " : "");
	buf_addf(&l->notes, " to its header and to every row\n");
}

/*
 * A row: a kept one's new values, else its own, and those of a column read
 * under an API name whose values are converted (Memory in MiB) as they
 * are written in the file, since they are read again the same way.
 */
static void
csv_row(struct ledger *l, struct out *o, const struct kept *k,
    const struct rec *r, const char *eol)
{
	struct rec raw;
	size_t i, n = 0;

	rec_init(&raw);
	if (k != NULL && l->converted != NULL)
		(void)csv_fields(k->raw, k->len, l->delim, &raw);
	for (i = 0; i < l->ncols; i++) {
		const char *v = k ? new_value(k, l->cols[i]) : NULL;

		if (v == NULL && i < raw.n && i < l->nfilecols &&
		    l->converted[i])
			v = rec_val(&raw, i);
		if (v == NULL)
			v = rec_get(r, l->cols[i], NULL);
		if (v == NULL)
			v = "";
		if (i > 0)
			out_putc(o, (char)l->delim);
		csv_put(o, v, strlen(v), (char)l->delim);
		n += strlen(v);
	}
	if (l->ncols == 1 && n == 0)
		out_puts(o, "\"\"");
	out_puts(o, eol);
	rec_free(&raw);
}

static int
by_offset(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

/* The columns the changes need, and the first byte they change. */
size_t
csvedit_prepare(struct ledger *l)
{
	size_t i, j, first = l->len;

	for (i = 0; i < l->nkept; i++)
		for (j = 0; j < l->kept[i].nset; j++)
			add_column(l, l->kept[i].set[j].name);
	for (i = 0; i < l->added.n; i++)
		for (j = 0; j < l->added.r[i].n; j++)
			add_column(l, l->added.r[i].f[j].name);
	if (l->ncols > l->nfilecols) {
		note_columns(l);
		return l->hdr_start;
	}
	for (i = 0; i < l->nkept; i++)
		if (l->kept[i].nset > 0 && l->kept[i].off < first)
			first = l->kept[i].off;
	return first;
}

/* The line end of a row's n bytes at p: CR LF, LF, a lone CR ending the
 * file, or none. */
static size_t
eol_len(const char *p, size_t n)
{
	if (n >= 2 && p[n - 2] == '\r' && p[n - 1] == '\n')
		return 2;
	return n >= 1 && (p[n - 1] == '\n' || p[n - 1] == '\r');
}

/* The rows written again with a column added: what widen needs. */
struct widen {
	struct ledger	*l;
	struct out	*o;
	size_t		 next;		/* the next kept row */
	size_t		 rows;		/* and lines */
	int		 tail;		/* the last copied as it was */
};

/*
 * A row as it was, with an empty field for each column it lacks before
 * its line end, so that every row has as many fields as the header; a
 * blank line as it was; a kept row that changes, written again.
 */
static int
widen(void *arg, size_t off, const char *p, size_t n, int plain)
{
	struct widen *w = arg;
	struct ledger *l = w->l;
	const struct kept *k = NULL;
	size_t e = eol_len(p, n), i, nf;

	while (w->next < l->nkept && l->kept[w->next].off < off)
		w->next++;
	if (w->next < l->nkept && l->kept[w->next].off == off &&
	    l->kept[w->next].nset > 0)
		k = &l->kept[w->next];
	w->tail = k == NULL;
	w->rows++;
	if (k != NULL) {
		e = eol_len(k->raw, k->len);
		csv_row(l, w->o, k, &k->r, e == 2 ? "\r\n" : e == 1 &&
		    k->raw[k->len - 1] == '\n' ? "\n" : "");
		return 0;
	}
	for (i = 0; i < n && (p[i] == '\r' || p[i] == '\n'); i++)
		;
	if (i == n) {		/* a blank line: no row */
		out_write(w->o, p, n);
		return 0;
	}
	out_write(w->o, p, n - e);
	for (nf = csvlook_fields(p, n - e, l->delim, plain); nf < l->ncols;
	    nf++)
		out_putc(w->o, (char)l->delim);
	out_write(w->o, p + n - e, e);
	return 0;
}

void
csvedit_write(struct ledger *l, struct out *o)
{
	struct widen w = { l, o, 0, 0, 0 };
	struct diag d;
	size_t i, pos;
	const char *eol;
	char last;

	out_write(o, l->hdr.p, l->hdr_start);
	if (l->ncols > l->nfilecols) {
		size_t end = l->hdr_end;

		while (end > l->hdr_start && (l->hdr.p[end - 1] == '\n' ||
		    l->hdr.p[end - 1] == '\r'))
			end--;
		out_write(o, l->hdr.p + l->hdr_start, end - l->hdr_start);
		for (i = l->nfilecols; i < l->ncols; i++) {
			out_putc(o, (char)l->delim);
			csv_put(o, l->cols[i], strlen(l->cols[i]),
			    (char)l->delim);
		}
		out_puts(o, l->eol);
	} else
		out_write(o, l->hdr.p + l->hdr_start, l->hdr_end -
		    l->hdr_start);
	if (l->nkept > 1)
		qsort(l->kept, l->nkept, sizeof *l->kept, by_offset);
	pos = l->hdr_end;
	if (l->ncols > l->nfilecols) {
		if (csvscan_each(l, widen, &w, &d) < 0 && o->err == 0)
			o->err = errno ? errno : EIO;
		pos = w.tail ? l->hdr_end : l->len;
		i = l->nkept;	/* all written */
	} else
		i = 0;
	for (; i < l->nkept; i++) {
		const struct kept *k = &l->kept[i];
		const char *end;

		ledger_copy_span(l, o, pos, k->off - pos);
		pos = k->off;
		if (k->nset == 0)	/* kept but unchanged: as it was */
			continue;
		end = k->raw + k->len;
		eol = k->len >= 2 && end[-2] == '\r' && end[-1] == '\n' ?
		    "\r\n" : k->len >= 1 && end[-1] == '\n' ? "\n" : "";
		csv_row(l, o, k, &k->r, eol);
		pos = k->off + k->len;
	}
	if (l->ncols == l->nfilecols)
		ledger_copy_span(l, o, pos, l->len - pos);
	last = l->data != NULL && l->len > 0 ? l->data[l->len - 1] :
	    (char)l->lastc;	/* as the scan read it */
	if (l->ncols > l->nfilecols && w.rows == 0)
		last = '\n';	/* the header's, written again */
	/* a lone CR ending the file, kept, is its last line end: complete it */
	if (l->added.n > 0 && l->len > 0 && last != '\n')
		out_puts(o, last == '\r' && pos < l->len ? "\n" : l->eol);
	for (i = 0; i < l->added.n; i++)
		csv_row(l, o, NULL, &l->added.r[i], l->eol);
}

/* The file's first bytes, the header's line end among them (or all of
 * it): *n of them, at least 64 KiB when it has them. */
static char *
prefix(struct ledger *l, size_t *n, struct diag *d)
{
	size_t cap = 64u << 10, got = 0, hs;
	char *p = NULL;
	ssize_t k;

	for (;;) {
		if (cap > l->len)
			cap = l->len;
		p = xrealloc(p, cap + 1);
		while (got < cap) {
			k = pread(l->rp.fd, p + got, cap - got, (off_t)got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				diag_set(d, l->rp.path, 0, 0, "read error: %s",
				    strerror(k < 0 ? errno : EIO));
				free(p);
				return NULL;
			}
			got += (size_t)k;
		}
		hs = got >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		while (hs < got && (p[hs] == '\r' || p[hs] == '\n'))
			hs++;
		if (got == l->len && got > 0)
			l->lastc = (unsigned char)p[got - 1];
		if (got == l->len || hs + csv_row_end(p + hs, got - hs) + 1 <
		    got) {
			*n = got;
			return p;
		}
		cap *= 2;
	}
}

/* Nothing but white space, after a byte order mark if any: for the
 * reader of the whole file to say what it is. */
static int
blank(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	for (; i < n; i++)
		if (!strchr(" \t\r\n", p[i]))
			return 0;
	return 1;
}

int
csvedit_open(struct ledger *l, struct diag *d)
{
	struct reader *rd;
	enum fmt fmt = l->fmt;
	size_t n;
	char *p;

	if (l->cols != NULL)
		return 1;	/* opened by an earlier scan */
	if (l->key != NULL && strcmp(l->key, "order_id") != 0)
		return 0;
	if ((p = prefix(l, &n, d)) == NULL)
		return -1;
	if (fmt == FMT_AUTO)
		fmt = rd_fmt_detect(p, n < 4096 ? n : 4096);
	if (fmt == FMT_TSV && l->delim != 0 && l->delim != '\t')
		fmt = FMT_CSV;
	if ((fmt != FMT_CSV && fmt != FMT_TSV) || blank(p, n)) {
		free(p);
		return 0;
	}
	if ((rd = rd_open_mem(l->rp.path, p, n, fmt, l->delim, d)) == NULL) {
		free(p);
		return -1;
	}
	l->fmt = rd_format(rd);
	l->delim = rd_delim(rd);
	csvedit_header(l, rd, p, n);
	rd_close(rd);
	free(p);
	return 1;
}
