/*
 * The writers of SPEC 2.2 (writer.h), an output format each: csv, tsv,
 * table, yaml, json and jsonl.  One unit of some 580 lines, each part
 * short, since they share the columns, the quoting rules and the check
 * that text is UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/swar.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "records/csvio.h"
#include "records/writer.h"
#include "values/dec.h"


int
wr_ofmt_parse(const char *s, enum ofmt *f)
{
	static const char *const names[] = { "csv", "tsv", "table", "yaml",
	    "json", "jsonl" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum ofmt)i;
			return 0;
		}
	return -1;
}

void
wr_init(struct writer *w, enum ofmt fmt, struct out *o)
{
	memset(w, 0, sizeof *w);
	w->fmt = fmt;
	w->o = o;
	w->header = 1;
	w->cellmax = WR_CELL_MAX;
}

void
wr_free(struct writer *w)
{
	free(w->hint);
	free(w->cell);
	buf_free(&w->cells);
}

/* The value of column i in r, "" when r lacks it. */
static const char *
column(struct writer *w, const struct rec *r, size_t i, size_t *len)
{
	long k = rec_find(r, w->cols[i], &w->hint[i]);

	if (k < 0) {
		*len = 0;
		return "";
	}
	*len = r->f[k].len;
	return rec_val(r, (size_t)k);
}

/* A CSV or TSV line of r's columns, or of their names when r is NULL. */
static void
delimited(struct writer *w, const struct rec *r)
{
	char delim = w->fmt == OUT_TSV ? '\t' : ',';
	size_t i, n, total = 0;
	const char *s;

	for (i = 0; i < w->ncols; i++) {
		if (r != NULL)
			s = column(w, r, i, &n);
		else
			n = strlen(s = w->cols[i]);
		if (i > 0)
			out_putc(w->o, delim);
		csv_put(w->o, s, n, delim);
		total += n;
	}
	/* A lone empty field would be a blank line, which readers skip. */
	if (w->ncols == 1 && total == 0)
		out_puts(w->o, "\"\"");
	out_putc(w->o, '\n');
}

void
wr_columns(struct writer *w, const char *const *cols, size_t n, int raw_ok)
{
	size_t i;

	w->cols = cols;
	w->ncols = n;
	w->raw_ok = raw_ok && w->fmt == OUT_CSV;
	free(w->hint);
	w->hint = xcalloc(n ? n : 1, sizeof *w->hint);
	for (i = 0; i < n; i++)
		w->hint[i] = i;
	if ((w->fmt == OUT_CSV || w->fmt == OUT_TSV) && n > 0 && w->header)
		delimited(w, NULL);
}

/* ---- YAML ---- */

static int
yaml_plain_ok(const char *s, size_t n)
{
	static const char *const special[] = { "y", "Y", "yes", "Yes", "YES",
	    "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
	    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null",
	    "Null", "NULL", "~" };
	size_t i;

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	/* indicators, and the starts of numbers, timestamps, .inf, << */
	if (strchr("-?:,[]{}#&*!|>'\"%@`+.<=0123456789", s[0]) != NULL)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c >= 0x80)
			return 0;
		if ((c == ':' || c == '#') && i + 1 < n && s[i + 1] == ' ')
			return 0;
		if (c == ' ' && i + 1 < n && s[i + 1] == '#')
			return 0;
	}
	for (i = 0; i < sizeof special / sizeof special[0]; i++)
		if (strlen(special[i]) == n && memcmp(s, special[i], n) == 0)
			return 0;
	return 1;
}

/* Characters a YAML reader would not take literally inside quotes. */
static int
needs_escape(const char *s, size_t n)
{
	size_t i;
	uint32_t c;

	for (i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];

		if (b < 0x20 || b == 0x7f)
			return 1;
		if (b < 0x80) {
			i++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &c);
		if (c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF ||
		    (c >= 0x80 && c < 0xA0) || c == 0xFFFE || c == 0xFFFF)
			return 1;
	}
	return 0;
}

static void
yaml_escaped(struct out *o, const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t c;
	char tmp[16];

	out_putc(o, '"');
	while (i < n) {
		k = utf8_decode(s + i, n - i, &c);
		switch (c) {
		case '"': out_puts(o, "\\\""); break;
		case '\\': out_puts(o, "\\\\"); break;
		case '\n': out_puts(o, "\\n"); break;
		case '\t': out_puts(o, "\\t"); break;
		case '\r': out_puts(o, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xA0) ||
			    c == 0x2028 || c == 0x2029 || c == 0xFEFF ||
			    c == 0xFFFE || c == 0xFFFF) {
				snprintf(tmp, sizeof tmp, c < 0x100 ? "\\x%02X" :
				    "\\u%04X", (unsigned)c);
				out_puts(o, tmp);
			} else
				out_write(o, s + i, k);
		}
		i += k;
	}
	out_putc(o, '"');
}

void
wr_yaml_scalar(struct out *o, const char *s, size_t n)
{
	size_t i;

	if (yaml_plain_ok(s, n)) {
		out_write(o, s, n);
		return;
	}
	if (needs_escape(s, n)) {
		yaml_escaped(o, s, n);
		return;
	}
	out_putc(o, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			out_putc(o, '\'');
		out_putc(o, s[i]);
	}
	out_putc(o, '\'');
}

/* libyaml reads an implicit key of at most 1024 characters as written,
 * quotes and escapes included: a longer one is written as an explicit
 * "? key" entry.  A name of up to KEY_SURE bytes cannot grow past the
 * limit (an escape is at most 6 characters for 1 byte, plus 2 quotes), so
 * only a longer one is rendered first to be measured. */
#define YAML_KEY_MAX	1000
#define KEY_SURE	((YAML_KEY_MAX - 2) / 6)

static void
yaml_pair(struct writer *w, const char *k, const char *v, size_t n, int first)
{
	size_t kn = strlen(k);

	out_puts(w->o, first ? "- " : "  ");
	if (kn <= KEY_SURE)
		wr_yaml_scalar(w->o, k, kn);
	else {
		struct buf key = BUF_INIT;
		struct out ko;

		out_init_buf(&ko, &key);
		wr_yaml_scalar(&ko, k, kn);
		out_close(&ko);
		if (key.len > YAML_KEY_MAX)
			out_puts(w->o, "? ");
		out_write(w->o, key.p, key.len);
		if (key.len > YAML_KEY_MAX)
			out_puts(w->o, "\n  ");
		buf_free(&key);
	}
	out_puts(w->o, ": ");
	wr_yaml_scalar(w->o, v, n);
	out_putc(w->o, '\n');
}

/* ---- JSON ---- */

/* A JSON string.  Besides what JSON requires, the characters a YAML
 * reader takes for line breaks (U+0085, U+2028, U+2029) or refuses (C1
 * controls, U+FEFF) are escaped, so that tools reading JSON as YAML read
 * back the same text. */
static void
json_string(struct out *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run = p;
	uint32_t c;
	size_t k;
	char tmp[8];

	out_putc(o, '"');
	while (p < end) {
		if (end - p >= 8) {
			uint64_t w = swar_load(p);

			if (!(w & SWAR_HIGH) && !swar_less(w, 0x20) &&
			    !swar_has(w, '"') && !swar_has(w, '\\')) {
				p += 8;
				continue;
			}
		}
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80) {
			p++;
			continue;
		}
		k = *p < 0x80 ? 1 : utf8_decode((const char *)p,
		    (size_t)(end - p), &c);
		if (*p < 0x80)
			c = *p;
		if (c >= 0x80 && !(c < 0xA0 || c == 0x2028 || c == 0x2029 ||
		    c == 0xFEFF)) {
			p += k;
			continue;
		}
		out_write(o, run, (size_t)(p - run));
		switch (c) {
		case '"': out_puts(o, "\\\""); break;
		case '\\': out_puts(o, "\\\\"); break;
		case '\n': out_puts(o, "\\n"); break;
		case '\r': out_puts(o, "\\r"); break;
		case '\t': out_puts(o, "\\t"); break;
		default:
			snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)c);
			out_puts(o, tmp);
		}
		p += k;
		run = p;
	}
	out_write(o, run, (size_t)(end - run));
	out_putc(o, '"');
}

static void
json_object(struct writer *w, const struct rec *r)
{
	size_t i, n, count = w->cols ? w->ncols : r->n;
	const char *v;

	out_putc(w->o, '{');
	for (i = 0; i < count; i++) {
		const char *k = w->cols ? w->cols[i] : r->f[i].name;

		if (w->cols)
			v = column(w, r, i, &n);
		else
			v = rec_val(r, i), n = r->f[i].len;
		if (i > 0)
			out_putc(w->o, ',');
		json_string(w->o, k, strlen(k));
		out_putc(w->o, ':');
		json_string(w->o, v, n);
	}
	out_putc(w->o, '}');
}

/* ---- table ---- */

static void
keep_cell(struct writer *w, const char *s, size_t n)
{
	w->cell = xgrow(w->cell, &w->capcell, w->ncell, sizeof *w->cell);
	w->cell[w->ncell++] = w->cells.len;
	buf_add(&w->cells, s, n);
	buf_addc(&w->cells, '\0');
}

static int
cell_width(uint32_t c)
{
	return c < 0x20 || c == 0x7f ? 1 : uc_width(c);
}

/* A cell as shown: control characters made visible, text over room
 * display columns (0: any) cut with "…". */
static void
show(struct buf *b, const char *s, size_t n, size_t room, size_t *width)
{
	size_t i, k, w = 0, total = 0;
	uint32_t c;

	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &c);
		total += (size_t)cell_width(c);
	}
	if (room == 0 || total <= room)
		room = total;
	else
		room--;
	buf_reset(b);
	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &c);
		if (w + (size_t)cell_width(c) > room)
			break;
		w += (size_t)cell_width(c);
		if (c == '\n')
			buf_adds(b, "\xE2\x86\xB5");	/* ↵ */
		else if (c < 0x20 || c == 0x7f)
			buf_addc(b, '?');
		else
			buf_add(b, s + i, k);
	}
	if (i < n) {
		buf_adds(b, "\xE2\x80\xA6");	/* … */
		w++;
	}
	*width = w;
}

static void
pad(struct out *o, size_t n)
{
	while (n--)
		out_putc(o, ' ');
}

/* The width of nc columns side by side, two spaces apart. */
static size_t
table_width(const size_t *width, size_t nc)
{
	size_t j, total = 0;

	for (j = 0; j < nc; j++)
		total += width[j] + (j > 0 ? 2 : 0);
	return total;
}

/*
 * Fit the columns in w->width: the widest cut by one until they fit or
 * none is over WR_CELL_FIT (IDs and times stay whole), then the last left
 * out (how many: w->dropped), then a lone column cut to the width.
 * Returns the columns shown.
 */
static size_t
table_fit(struct writer *w, size_t *width, size_t nc)
{
	size_t j, widest;

	if (w->width == 0 || nc == 0)
		return nc;
	while (table_width(width, nc) > w->width) {
		for (widest = 0, j = 1; j < nc; j++)
			if (width[j] > width[widest])
				widest = j;
		if (width[widest] <= WR_CELL_FIT)
			break;
		width[widest]--;
	}
	while (nc > 1 && table_width(width, nc) > w->width) {
		nc--;
		w->dropped++;
	}
	if (width[0] > w->width)
		width[0] = w->width;
	return nc;
}

static void
table_flush(struct writer *w)
{
	size_t nc = w->ncols, rows = nc ? w->ncell / nc : 0, i, j, cw, shown;
	size_t *width = xcalloc(nc ? nc : 1, sizeof *width);
	int *right = xcalloc(nc ? nc : 1, sizeof *right);
	struct buf b = BUF_INIT;
	struct dec d;

	for (j = 0; j < nc; j++)
		right[j] = rows > 1;
	for (i = w->header ? 0 : 1; i < rows; i++)
		for (j = 0; j < nc; j++) {
			const char *s = w->cells.p + w->cell[i * nc + j];

			show(&b, s, strlen(s), w->cellmax, &cw);
			if (cw > width[j])
				width[j] = cw;
			if (i > 0 && *s && dec_parse(s, strlen(s), &d) < 0)
				right[j] = 0;
		}
	shown = table_fit(w, width, nc);
	for (i = w->header ? 0 : 1; i < rows; i++) {
		if (i == 0 && w->bold)
			out_puts(w->o, "\033[1m");
		for (j = 0; j < shown; j++) {
			const char *s = w->cells.p + w->cell[i * nc + j];

			show(&b, s, strlen(s), width[j], &cw);
			if (j > 0)
				out_puts(w->o, "  ");
			if (right[j] && i > 0 && (cw > 0 || j + 1 < shown))
				pad(w->o, width[j] - cw);
			out_write(w->o, b.p, b.len);
			if (!(right[j] && i > 0) && j + 1 < shown)
				pad(w->o, width[j] - cw);
		}
		if (i == 0 && w->bold)
			out_puts(w->o, "\033[0m");
		out_putc(w->o, '\n');
	}
	buf_free(&b);
	free(width);
	free(right);
}

/* ---- records ---- */

static int
check_utf8(struct writer *w, const struct rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (utf8_invalid(rec_val(r, i), r->f[i].len) < r->f[i].len) {
			w->bad_field = r->f[i].name;
			w->bad_line = r->line;
			return -1;
		}
	return 0;
}

int
wr_rec(struct writer *w, const struct rec *r)
{
	size_t i, n;

	switch (w->fmt) {
	case OUT_CSV:
	case OUT_TSV:
		if (w->raw_ok && r->canonical) {
			n = r->rawlen;
			if (n > 0 && r->raw[n - 1] == '\n')
				n--;
			if (n > 0 && r->raw[n - 1] == '\r')
				n--;
			out_write(w->o, r->raw, n);
			out_putc(w->o, '\n');
			break;
		}
		delimited(w, r);
		break;
	case OUT_TABLE:
		if (w->count == 0)
			for (i = 0; i < w->ncols; i++)
				keep_cell(w, w->cols[i], strlen(w->cols[i]));
		for (i = 0; i < w->ncols; i++) {
			const char *s = column(w, r, i, &n);

			keep_cell(w, s, n);
		}
		break;
	case OUT_YAML:
		if (check_utf8(w, r) < 0)
			return -1;
		n = w->cols ? w->ncols : r->n;
		if (n == 0)
			out_puts(w->o, "- {}\n");
		for (i = 0; i < n; i++) {
			const char *s;
			size_t sl;

			if (w->cols)
				s = column(w, r, i, &sl);
			else
				s = rec_val(r, i), sl = r->f[i].len;
			yaml_pair(w, w->cols ? w->cols[i] : r->f[i].name, s,
			    sl, i == 0);
		}
		break;
	case OUT_JSON:
	case OUT_JSONL:
		if (check_utf8(w, r) < 0)
			return -1;
		if (w->fmt == OUT_JSON)
			out_puts(w->o, w->count == 0 ? "[\n" : ",\n");
		json_object(w, r);
		if (w->fmt == OUT_JSONL)
			out_putc(w->o, '\n');
		break;
	}
	w->count++;
	return 0;
}

void
wr_end(struct writer *w)
{
	switch (w->fmt) {
	case OUT_JSON:
		out_puts(w->o, w->count ? "\n]\n" : "[]\n");
		break;
	case OUT_YAML:
		if (w->count == 0)
			out_puts(w->o, "[]\n");
		break;
	case OUT_TABLE:
		if (w->count == 0 && w->ncols > 0)
			for (size_t i = 0; i < w->ncols; i++)
				keep_cell(w, w->cols[i], strlen(w->cols[i]));
		table_flush(w);
		break;
	default:
		break;
	}
}
