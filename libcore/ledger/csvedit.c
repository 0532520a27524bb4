/*
 * The CSV edit (ledger.h): the header's bytes and columns, as a scan
 * finds them, and the new file written from the old one's bytes.  Rows
 * that do not change are copied as they are; a changed row is written
 * again alone, in the file's delimiter and line end; appended rows follow
 * the last; a column the header lacks is added to it once, with a note.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/csvio.h"
#include "records/out.h"
#include "records/reader.h"

/* Just past the CSV header line, which the reader has accepted: its
 * line end is LF, CR LF, or a lone CR ending the file. */
static size_t
header_end(const struct ledger *l)
{
	size_t e = l->hdr_start + csv_row_end(l->data + l->hdr_start,
	    l->len - l->hdr_start);

	if (e < l->len && l->data[e] == '\r')
		e++;
	if (e < l->len && l->data[e] == '\n')
		e++;
	return e;
}

void
csvedit_header(struct ledger *l, const struct reader *rd)
{
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
	l->hdr_start = ledger_bom(l);
	while (l->hdr_start < l->len && (l->data[l->hdr_start] == '\r' ||
	    l->data[l->hdr_start] == '\n'))
		l->hdr_start++;	/* blank lines before it, as the reader */
	l->hdr_end = header_end(l);
	l->eol = l->hdr_end >= 2 && l->data[l->hdr_end - 2] == '\r' ?
	    "\r\n" : "\n";
}

static const char *
new_value(const struct kept *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->nset; i++)
		if (strcmp(k->set[i].name, name) == 0)
			return k->set[i].value;
	return NULL;
}

static void
add_column(struct ledger *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i], name) == 0)
			return;
	l->cols = xreallocarray(l->cols, l->ncols + 1, sizeof *l->cols);
	l->cols[l->ncols++] = ledger_intern(l, name);
	buf_addf(&l->notes, "%s: added the column %s to its header\n",
	    l->rp.path, name);
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
		(void)csv_fields(l->data + k->off, k->len, l->delim, &raw);
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
	if (l->ncols > l->nfilecols)
		return l->hdr_start;
	for (i = 0; i < l->nkept; i++)
		if (l->kept[i].nset > 0 && l->kept[i].off < first)
			first = l->kept[i].off;
	return first;
}

void
csvedit_write(struct ledger *l, struct out *o)
{
	size_t i, pos;
	const char *eol;

	out_write(o, l->data, l->hdr_start);
	if (l->ncols > l->nfilecols) {
		size_t end = l->hdr_end;

		while (end > l->hdr_start && (l->data[end - 1] == '\n' ||
		    l->data[end - 1] == '\r'))
			end--;
		out_write(o, l->data + l->hdr_start, end - l->hdr_start);
		for (i = l->nfilecols; i < l->ncols; i++) {
			out_putc(o, (char)l->delim);
			csv_put(o, l->cols[i], strlen(l->cols[i]),
			    (char)l->delim);
		}
		out_puts(o, l->eol);
	} else
		out_write(o, l->data + l->hdr_start, l->hdr_end - l->hdr_start);
	if (l->nkept > 1)
		qsort(l->kept, l->nkept, sizeof *l->kept, by_offset);
	pos = l->hdr_end;
	for (i = 0; i < l->nkept; i++) {
		const struct kept *k = &l->kept[i];
		const char *end = l->data + k->off + k->len;

		ledger_copy_span(l, o, pos, k->off - pos);
		pos = k->off;
		if (k->nset == 0)	/* kept but unchanged: as it was */
			continue;
		eol = k->len >= 2 && end[-2] == '\r' && end[-1] == '\n' ?
		    "\r\n" : k->len >= 1 && end[-1] == '\n' ? "\n" : "";
		csv_row(l, o, k, &k->r, eol);
		pos = k->off + k->len;
	}
	ledger_copy_span(l, o, pos, l->len - pos);
	/* a lone CR ending the file, kept, is its last line end: complete it */
	if (l->added.n > 0 && l->len > 0 && l->data[l->len - 1] != '\n')
		out_puts(o, l->data[l->len - 1] == '\r' && pos < l->len ?
		    "\n" : l->eol);
	for (i = 0; i < l->added.n; i++)
		csv_row(l, o, NULL, &l->added.r[i], l->eol);
}
