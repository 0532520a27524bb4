/*
 * CSV in and out (csvio.h): libcsv fed a line at a time with the direct
 * split beside it, the header and its API names, and the one dialect
 * written.  Reading and writing share the dialect's rules, hence one unit
 * of some 550 lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/swar.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "records/csvio.h"
#include "records/input.h"
#include "records/out.h"

static const char bom[] = "\xEF\xBB\xBF";

/* Limits, so that no input makes memory run away. */
#define MAX_LINE	(64u << 20)	/* a line, or a record over lines */
#define MAX_COLUMNS	10000

/* Keep spaces around unquoted fields: they are data. */
static int
nospace(unsigned char c)
{
	(void)c;
	return 0;
}

static void
on_field(void *s, size_t n, void *arg)
{
	struct csvin *cs = arg;
	size_t i = cs->nf++;

	if (cs->header)
		rec_add(cs->r, "", s, n);
	else if (i < cs->ncols) {
		if (cs->want == NULL || cs->want[i])
			rec_add(cs->r, cs->cols[i], s, n);
	} else if (cs->extra == 0)
		cs->extra = i + 1;
}

static void
on_row(int c, void *arg)
{
	struct csvin *cs = arg;

	(void)c;
	cs->rows++;
}

/* Where a record's fields begin, walking quotes the way RFC 4180 does:
 * the offset of field number want (0-based), or, with want == SIZE_MAX,
 * the offset of a quote still open at the end (n if none). */
static size_t
scan_fields(const char *s, size_t n, char delim, size_t want)
{
	size_t i, field = 0, open = n;
	int inq = 0;

	if (want == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (inq) {
			if (s[i] == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					inq = 0;
			}
		} else if (s[i] == '"') {
			inq = 1;
			open = i;
		} else if (s[i] == delim && ++field == want)
			return i + 1;
	}
	return want == SIZE_MAX && inq ? open : n;
}

size_t
csv_row_end(const char *s, size_t n)
{
	size_t i;
	int inq = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			inq = !inq;	/* a doubled quote toggles twice */
		else if (!inq && (s[i] == '\r' || s[i] == '\n'))
			return i;
	}
	return n;
}

/* Line and column of byte off in a record that starts at line first. */
static void
position(const char *s, size_t off, long first, long *line, long *col)
{
	size_t i, bol = 0;

	*line = first;
	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			(*line)++;
			bol = i + 1;
		}
	*col = (long)utf8_chars(s + bol, off - bol) + 1;
}

/* A line of nothing but CR and LF: blank, whatever its line ends. */
static int
only_line_ends(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static size_t
chomp(const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* An error at byte off of the record's bytes, quoting what is there. */
static int
fail_at(struct csvin *cs, struct rec *r, size_t off, const char *what,
    struct diag *d)
{
	const char *raw = cs->in->buf + cs->in->start;
	size_t rawlen = cs->in->pos - cs->in->start, end;
	const char *nl = memchr(raw + off, '\n', rawlen - off);
	char q[QUOTE_MAX];
	long line, col;

	position(raw, off, r->line, &line, &col);
	end = nl ? (size_t)(nl + 1 - raw) : rawlen;
	end = off + chomp(raw + off, end - off);
	diag_set(d, cs->in->name, line, col, "%s: %s", what,
	    diag_quote(q, raw + off, end - off));
	return -1;
}

static int
too_many(struct csvin *cs, struct rec *r, struct diag *d)
{
	const char *raw = cs->in->buf + cs->in->start;
	size_t rawlen = cs->in->pos - cs->in->start;
	char what[128];

	snprintf(what, sizeof what, "row has %zu fields, the header has %zu",
	    cs->nf, cs->ncols);
	return fail_at(cs, r, scan_fields(raw, rawlen, (char)cs->delim,
	    cs->ncols), what, d);
}

/* Column i, read under an API name whose values need converting. */
static int
convert(struct csvin *cs, struct rec *r, size_t i, struct diag *d)
{
	struct buf v = BUF_INIT;
	const char *raw = cs->in->buf + cs->in->start, *bad;
	size_t rawlen = cs->in->pos - cs->in->start;
	long f = rec_find(r, cs->cols[i], NULL);
	char what[128];
	int rc = 0;

	if (f < 0)	/* not kept */
		return 0;
	bad = field_convert(cs->conv[i], rec_val(r, (size_t)f), r->f[f].len,
	    &v);
	if (bad != NULL) {
		snprintf(what, sizeof what, "%s %s", cs->conv[i]->alias, bad);
		rc = fail_at(cs, r, scan_fields(raw, rawlen, (char)cs->delim,
		    i), what, d);
	} else
		rec_set(r, cs->cols[i], v.p, v.len);
	buf_free(&v);
	return rc;
}

/* The record is complete: check its width, fill short rows, convert. */
static int
finish(struct csvin *cs, struct rec *r, int fast, struct diag *d)
{
	struct input *in = cs->in;
	size_t i, have = cs->nf;

	if (cs->header)
		return 1;
	if (cs->extra)
		return too_many(cs, r, d);
	for (i = cs->nf; i < cs->ncols; i++)
		if (cs->want == NULL || cs->want[i])
			rec_add(r, cs->cols[i], "", 0);
	for (i = 0; i < cs->ncols && cs->conv_any; i++)
		if (cs->conv[i] != NULL && convert(cs, r, i, d) < 0)
			return -1;
	r->raw = in->buf + in->start;
	r->rawlen = in->pos - in->start;
	r->off = in->base + (off_t)in->start;
	r->cols = cs->cols;
	r->ncols = cs->ncols;
	r->delim = cs->delim;
	r->canonical = fast && cs->delim == ',' && have == cs->ncols &&
	    cs->conv_any == 0 && cs->want == NULL;
	return 1;
}

/* split_line() keeping only the wanted columns, each copied alone. */
static int
split_some(struct csvin *cs, struct rec *r, const char *p, size_t n)
{
	const char *end = p + n, *q;
	size_t i;

	for (i = 0;; i++) {
		q = memchr(p, cs->delim, (size_t)(end - p));
		if (q == NULL)
			q = end;
		cs->nf++;
		if (i < cs->ncols) {
			if (cs->want[i])
				rec_add(r, cs->cols[i], p, (size_t)(q - p));
		} else if (cs->extra == 0)
			cs->extra = i + 1;
		if (q == end)
			return 1;
		p = q + 1;
	}
}

/* The first delimiter from p, or end: eight bytes at a time; in the
 * word that holds it, its lowest flagged byte on a little-endian
 * machine (the flags above a match may be wrong, never the first),
 * byte by byte on others. */
static char *
delim_at(char *p, char *end, unsigned char delim)
{
	uint64_t m;

	for (; end - p >= 8; p += 8)
		if ((m = swar_has(swar_load(p), delim)) != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return p + __builtin_ctzll(m) / 8;
#else
			break;
#endif
		}
	while (p < end && *p != (char)delim)
		p++;
	return p;
}

/*
 * A line without a quote character: split it at the delimiter, which is
 * what libcsv does with such a line.  Returns 1 with a row, 0 for a blank
 * line, 2 when a carriage return inside needs libcsv's handling.
 */
static int
split_line(struct csvin *cs, struct rec *r, const char *line, size_t len)
{
	size_t n = chomp(line, len), off, i;
	char *p, *end, *q;

	if (n == 0)
		return 0;
	if (memchr(line, '\r', n) != NULL)
		return 2;
	if (cs->want != NULL && !cs->header)
		return split_some(cs, r, line, n);
	buf_grow(&r->store, n);
	off = r->store.len;
	p = r->store.p + off;
	memcpy(p, line, n);
	p[n] = '\0';
	r->store.len += n + 1;
	end = p + n;
	for (i = 0;; i++) {
		q = delim_at(p, end, cs->delim);
		*q = '\0';
		cs->nf++;
		if (cs->header)
			rec_push(r, "", (size_t)(p - r->store.p), (size_t)(q - p));
		else if (i < cs->ncols)
			rec_push(r, cs->cols[i], (size_t)(p - r->store.p),
			    (size_t)(q - p));
		else if (cs->extra == 0)
			cs->extra = i + 1;
		if (q == end)
			break;
		p = q + 1;
	}
	return 1;
}

/*
 * libcsv has ended a record.  It takes a lone carriage return for a line
 * end, and skips one that starts a record: nothing but the record's line
 * end may follow the first line end outside quotes, and nothing precede
 * it, or a field was cut.
 */
static int
ended(struct csvin *cs, struct rec *r, struct diag *d)
{
	const struct input *in = cs->in;
	const char *raw = in->buf + in->start;
	size_t n = in->pos - in->start, e = csv_row_end(raw, n);

	if (n - e > 2 || (n - e == 2 && memcmp(raw + e, "\r\n", 2) != 0) ||
	    (n - e == 1 && raw[e] == '\r' && !in->eof))
		return fail_at(cs, r, e, "carriage return in an unquoted field",
		    d);
	cs->started = 0;
	return finish(cs, r, 0, d);
}

int
csvin_next(struct csvin *cs, struct rec *r, struct diag *d)
{
	struct input *in = cs->in;
	const char *line, *nul;
	size_t len, k;
	int err, fast;

	rec_clear(r);
	input_keep(in);
	cs->r = r;
	cs->nf = cs->extra = 0;
	cs->rows = 0;
	r->line = cs->line + 1;
	while ((line = input_line(in, &len, &err, d)) != NULL) {
		cs->line++;
		if (in->pos - in->start > MAX_LINE) {
			diag_set(d, in->name, r->line, 0, "a record longer than "
			    "%u MiB: not a ledger", MAX_LINE >> 20);
			return -1;
		}
		if ((nul = memchr(line, '\0', len)) != NULL)
			return fail_at(cs, r, (size_t)(nul - in->buf) -
			    in->start, "NUL byte in the input", d);
		if (!cs->started && only_line_ends(line, len)) {
			input_keep(in);	/* blank: libcsv skips it too */
			r->line = cs->line + 1;
			continue;
		}
		if (!cs->started && !cs->libcsv_only &&
		    memchr(line, '"', len) == NULL) {
			fast = split_line(cs, r, line, len);
			if (fast == 0) {	/* blank line */
				input_keep(in);
				r->line = cs->line + 1;
				continue;
			}
			if (fast == 1)
				return finish(cs, r, 1, d);
		}
		cs->started = 1;
		k = csv_parse(&cs->p, line, len, on_field, on_row, cs);
		if (k < len)
			return fail_at(cs, r, (size_t)(line + k - in->buf) -
			    in->start, line[k] == '"' ?
			    "stray quote in an unquoted field" :
			    "text after a closing quote", d);
		if (cs->rows > 1) {
			const char *cr = memchr(line, '\r', chomp(line, len));

			return fail_at(cs, r, (size_t)((cr ? cr : line) -
			    in->buf) - in->start,
			    "carriage return in an unquoted field", d);
		}
		if (cs->rows == 1)
			return ended(cs, r, d);
	}
	if (err)
		return -1;
	if (!cs->started)
		return 0;
	if (csv_fini(&cs->p, on_field, on_row, cs) != 0 || cs->rows != 1)
		return fail_at(cs, r, scan_fields(in->buf + in->start,
		    in->pos - in->start, (char)cs->delim, SIZE_MAX),
		    "unterminated quoted field", d);
	return ended(cs, r, d);
}

/* The header row: canonical names, no empty or repeated ones. */
static int
header(struct csvin *cs, struct rec *h, struct diag *d)
{
	const char *raw = cs->in->buf + cs->in->start;
	size_t rawlen = cs->in->pos - cs->in->start, i, j;
	const struct alias *a;
	char what[256];

	if (h->n > MAX_COLUMNS) {
		diag_set(d, cs->in->name, 1, 0, "more than %d columns",
		    MAX_COLUMNS);
		return -1;
	}
	cs->ncols = h->n;
	cs->cols = xcalloc(h->n, sizeof *cs->cols);
	cs->conv = xcalloc(h->n, sizeof *cs->conv);
	for (i = 0; i < h->n; i++) {
		const char *v = rec_val(h, i);
		size_t n = h->f[i].len;

		cs->cols[i] = field_canonical(v, n);
		if (cs->cols[i] == NULL)
			cs->cols[i] = strtab_intern(&cs->names, v, n);
		if ((a = field_alias(v, n)) != NULL && a->conv != CONV_NONE &&
		    a->conv != CONV_IDS) {
			cs->conv[i] = a;
			cs->conv_any = 1;
		}
		if (n == 0)
			return fail_at(cs, h, scan_fields(raw, rawlen,
			    (char)cs->delim, i), "empty column name", d);
		for (j = 0; j < i; j++)
			if (strcmp(cs->cols[j], cs->cols[i]) == 0) {
				if (strcmp(v, cs->cols[i]) == 0)
					snprintf(what, sizeof what,
					    "duplicate column");
				else
					snprintf(what, sizeof what,
					    "duplicate column (%s)",
					    cs->cols[i]);
				return fail_at(cs, h, scan_fields(raw, rawlen,
				    (char)cs->delim, i), what, d);
			}
	}
	return 0;
}

int
csvin_open(struct csvin *cs, struct input *in, unsigned char delim,
    unsigned flags, struct diag *d)
{
	struct rec h;
	int rc;

	memset(cs, 0, sizeof *cs);
	cs->in = in;
	cs->delim = delim;
	cs->libcsv_only = (flags & CSVIN_LIBCSV_ONLY) != 0;
	if (csv_init(&cs->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		diag_set(d, in->name, 0, 0, "cannot start the CSV parser");
		return -1;
	}
	csv_set_space_func(&cs->p, nospace);
	csv_set_delim(&cs->p, delim);
	in->max_line = MAX_LINE;
	if (input_peek(in, 3, d) >= 3 && memcmp(in->buf + in->pos, bom, 3) == 0)
		in->pos += 3;
	rec_init(&h);
	cs->header = 1;
	rc = csvin_next(cs, &h, d);
	cs->header = 0;
	if (rc > 0)
		rc = header(cs, &h, d);
	rec_free(&h);
	return rc < 0 ? -1 : 0;
}

void
csv_where(const char *raw, size_t n, unsigned char delim, size_t column,
    long first, long *line, long *col)
{
	position(raw, scan_fields(raw, n, (char)delim, column), first, line,
	    col);
}

static void
raw_field(void *s, size_t n, void *arg)
{
	rec_add(arg, "", s, n);
}

int
csv_fields(const char *p, size_t n, unsigned char delim, struct rec *r)
{
	struct csv_parser cp;
	int rc;

	rec_clear(r);
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_space_func(&cp, nospace);
	csv_set_delim(&cp, delim);
	rc = csv_parse(&cp, p, n, raw_field, NULL, r) == n &&
	    csv_fini(&cp, raw_field, NULL, r) == 0 ? 0 : -1;
	csv_free(&cp);
	return rc;
}

void
csvin_project(struct csvin *cs, const char *const *names, size_t n)
{
	size_t i, j;

	free(cs->want);
	cs->want = xcalloc(cs->ncols ? cs->ncols : 1, 1);
	for (i = 0; i < cs->ncols; i++)
		for (j = 0; j < n; j++)
			if (strcmp(cs->cols[i], names[j]) == 0)
				cs->want[i] = 1;
}

void
csvin_close(struct csvin *cs)
{
	csv_free(&cs->p);
	free(cs->want);
	free(cs->cols);
	free(cs->conv);
	strtab_free(&cs->names);
}

void
csv_put(struct out *o, const char *s, size_t n, char delim)
{
	const char *p, *end = s + n;
	int quote = 0;

	for (p = s; p < end; p++)
		if (*p == delim || *p == '"' || *p == '\n' || *p == '\r') {
			quote = 1;
			break;
		}
	if (!quote) {
		out_write(o, s, n);
		return;
	}
	out_putc(o, '"');
	for (p = s; p < end; p++) {
		if (*p == '"')
			out_putc(o, '"');
		out_putc(o, *p);
	}
	out_putc(o, '"');
}
