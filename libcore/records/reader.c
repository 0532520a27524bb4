#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/fields.h"
#include "records/reader.h"
#include "records/readpriv.h"
#include "values/money.h"


enum fmt
rd_fmt_parse(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "tsv") == 0)
		return FMT_TSV;
	if (strcmp(s, "yaml") == 0 || strcmp(s, "yml") == 0)
		return FMT_YAML;
	if (strcmp(s, "json") == 0)
		return FMT_JSON;
	return FMT_AUTO;
}

enum fmt
rd_fmt_detect(const char *p, size_t n)
{
	const char *end = p + n, *eol, *colon;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p == end)
		return FMT_CSV;
	if (*p == '{' || *p == '[')
		return FMT_JSON;
	if (*p == '#' || (end - p >= 3 && (memcmp(p, "---", 3) == 0 ||
	    memcmp(p, "%YA", 3) == 0)))
		return FMT_YAML;
	if (*p == '-' && (end - p == 1 || p[1] == ' ' || p[1] == '\n' ||
	    p[1] == '\r'))
		return FMT_YAML;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	/* "key: value" or "key:" before any delimiter or quote */
	colon = memchr(p, ':', (size_t)(eol - p));
	if (colon != NULL && memchr(p, ',', (size_t)(colon - p)) == NULL &&
	    memchr(p, '\t', (size_t)(colon - p)) == NULL &&
	    memchr(p, '"', (size_t)(colon - p)) == NULL &&
	    (colon + 1 == eol || colon[1] == ' ' || colon[1] == '\r'))
		return FMT_YAML;
	if (memchr(p, '\t', (size_t)(eol - p)) != NULL &&
	    memchr(p, ',', (size_t)(eol - p)) == NULL)
		return FMT_TSV;
	return FMT_CSV;
}

/* Nothing but white space, after a byte-order mark if any. */
static int
blank(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	for (; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* A file named as JSON: when it is empty, the export that wrote it
 * failed, which an empty CSV file would hide.  An empty file of another
 * name is no CSV file either: a CSV file has its header. */
static int
json_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcasecmp(name + n - 5, ".json") == 0) ||
	    (n > 6 && strcasecmp(name + n - 6, ".jsonl") == 0);
}

static int
start(struct reader *rd, struct diag *d)
{
	switch (rd->fmt) {
	case FMT_JSON:
		jsonin_open(&rd->json, &rd->in);
		return 0;
	case FMT_YAML:
		return yamlin_open(&rd->yaml, &rd->in, d);
	default:
		return csvin_open(&rd->csv, &rd->in, rd->delim, 0, d);
	}
}

static void
stop(struct reader *rd)
{
	switch (rd->fmt) {
	case FMT_JSON:
		jsonin_close(&rd->json);
		break;
	case FMT_YAML:
		yamlin_close(&rd->yaml);
		break;
	default:
		csvin_close(&rd->csv);
	}
}

/* Start reading rd->in, which rd now holds: rd, or NULL when it cannot
 * (rd freed). */
static struct reader *
begin(struct reader *rd, enum fmt fmt, unsigned char delim, struct diag *d)
{
	rd->id_name = rd_own_name("instance_id");
	rec_init(&rd->cur);
	rec_init(&rd->part);
	if (fmt == FMT_AUTO) {
		size_t n = input_peek(&rd->in, 4096, d);

		if (rd->in.err)
			goto fail;
		fmt = rd_fmt_detect(rd->in.buf + rd->in.pos, n);
		if (fmt == FMT_TSV && delim != 0 && delim != '\t')
			fmt = FMT_CSV;
		if (blank(rd->in.buf + rd->in.pos, n) && json_name(rd->in.name))
			fmt = FMT_JSON;
		else if (blank(rd->in.buf + rd->in.pos, n) && n < 4096) {
			diag_set(d, rd->in.name, 0, 0, "empty: no records, not "
			    "even a CSV header (did what wrote it fail?)");
			goto fail;
		}
	}
	rd->fmt = fmt;
	rd->delim = delim ? delim : fmt == FMT_TSV ? '\t' : ',';
	if (start(rd, d) == 0)
		return rd;
	stop(rd);
fail:
	input_close(&rd->in);
	free(rd);
	return NULL;
}

const char *
rd_own_name(const char *name)
{
	const char *c = field_canonical(name, strlen(name));

	return c != NULL && strcmp(c, name) == 0 ? c : name;
}

struct reader *
rd_open(const char *path, enum fmt fmt, unsigned char delim, struct diag *d)
{
	struct reader *rd = xcalloc(1, sizeof *rd);

	if (input_open(&rd->in, path, d) < 0) {
		free(rd);
		return NULL;
	}
	return begin(rd, fmt, delim, d);
}

struct reader *
rd_open_mem(const char *name, const char *p, size_t n, enum fmt fmt,
    unsigned char delim, struct diag *d)
{
	struct reader *rd = xcalloc(1, sizeof *rd);

	input_open_mem(&rd->in, name, p, n);
	return begin(rd, fmt, delim, d);
}

struct reader *
rd_open_input(struct input *in, enum fmt fmt, unsigned char delim,
    struct diag *d)
{
	struct reader *rd = xcalloc(1, sizeof *rd);

	rd->in = *in;
	memset(in, 0, sizeof *in);
	in->fd = -1;
	return begin(rd, fmt, delim, d);
}

void
rd_close(struct reader *rd)
{
	if (rd == NULL)
		return;
	stop(rd);
	input_close(&rd->in);
	rec_free(&rd->cur);
	rec_free(&rd->part);
	buf_free(&rd->ids);
	free(rd);
}

void
rd_set_line(struct reader *rd, long line)
{
	if (rd->fmt == FMT_CSV || rd->fmt == FMT_TSV)
		rd->csv.line = line - 1;
}

int
rd_rewind(struct reader *rd, struct diag *d)
{
	if (!rd->in.seekable)
		return -1;
	stop(rd);
	if (input_rewind(&rd->in, d) < 0 || start(rd, d) < 0)
		return -1;
	rd->nids = rd->next = 0;
	rd->nraw = 0;
	return 0;
}

void
rd_project(struct reader *rd, const char *const *names, size_t n)
{
	if (rd->fmt == FMT_CSV || rd->fmt == FMT_TSV)
		csvin_project(&rd->csv, names, n);
}

void
rd_spans(struct reader *rd)
{
	if (rd->fmt == FMT_YAML)
		rd->yaml.spans = 1;
}

int
rd_converted(const struct reader *rd, size_t i)
{
	return (rd->fmt == FMT_CSV || rd->fmt == FMT_TSV) &&
	    i < rd->csv.ncols && rd->csv.conv[i] != NULL;
}

const char *
rd_name(const struct reader *rd)
{
	return rd->in.name;
}

enum fmt
rd_format(const struct reader *rd)
{
	return rd->fmt;
}

unsigned char
rd_delim(const struct reader *rd)
{
	return rd->delim;
}

int
rd_seekable(const struct reader *rd)
{
	return rd->in.seekable;
}

int
rd_flow_list(const struct reader *rd)
{
	return rd->fmt == FMT_YAML && rd->yaml.flow_list;
}

int
rd_one_list(const struct reader *rd)
{
	return rd->fmt == FMT_YAML && !rd->yaml.flow_list &&
	    rd->yaml.sources == 1;
}

const char *const *
rd_cols(const struct reader *rd, size_t *n)
{
	if (rd->fmt != FMT_CSV && rd->fmt != FMT_TSV)
		return NULL;
	*n = rd->csv.ncols;
	return rd->csv.cols;
}

static const char *
blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * The ids an instance_id lists into ids, NUL-separated: ["i-a","i-b"] (a
 * JSON array written as text, or with single quotes), or i-a,i-b or
 * i-a;i-b, blanks around them allowed.  The number of ids, or -1 when the
 * value is none of these: a stray quote or bracket is never taken for a
 * separator, nor is an id, quoted or not, ever made of one, so that the
 * id of a list of one is read as itself.
 */
static long
split_ids(struct buf *ids, const char *v, size_t n)
{
	const char *p = v, *end = v + n, *s, *e;
	long count = 0;
	int bracket;
	char q;

	buf_reset(ids);
	p = blanks(p, end);
	if ((bracket = p < end && *p == '[') != 0)
		p = blanks(p + 1, end);
	if (bracket && p < end && *p == ']')
		return blanks(p + 1, end) == end ? 0 : -1;
	for (;;) {
		q = p < end && (*p == '"' || *p == '\'') ? *p++ : 0;
		for (s = p; p < end && strchr("[]\"', ;\t", *p) == NULL; p++)
			;
		if (p == s || (q && (p == end || *p != q)))
			return -1;
		e = p;
		p = blanks(p + (q != 0), end);
		buf_add(ids, s, (size_t)(e - s));
		buf_addc(ids, '\0');
		count++;
		if (p == end)
			return bracket ? -1 : count;
		if (bracket && *p == ']')
			return blanks(p + 1, end) == end ? count : -1;
		if (*p != ',' && (bracket || *p != ';'))
			return -1;
		p = blanks(p + 1, end);
	}
}

void
rd_where(const struct rec *r, const char *name, long *line, long *col)
{
	long i = rec_find(r, name, NULL);
	size_t j;

	*line = r->line;
	*col = 0;
	if (i < 0)
		return;
	if ((size_t)i < r->spancap && r->span[i].line > 0) {
		*line = r->span[i].line;
		*col = r->span[i].col;
		return;
	}
	for (j = 0; r->raw != NULL && j < r->ncols; j++)
		if (strcmp(r->cols[j], name) == 0) {
			csv_where(r->raw, r->rawlen, r->delim, j, r->line, line,
			    col);
			return;
		}
}

/* Field i of src, an amount, as dst's share of it: 0, or -1 with d set
 * when it is no amount. */
static int
share_amount(struct reader *rd, const struct rec *src, size_t i,
    const char *currency, struct rec *dst, struct buf *v, struct diag *d)
{
	const char *a = rec_val(src, i), *name = src->f[i].name, *cur;
	size_t n = src->f[i].len, curlen = 0;
	int64_t m;
	int rc, places, minor;

	if (n == 0)
		return 0;
	cur = rec_get(src, currency, &curlen);
	minor = currency_places(cur ? cur : "", curlen);
	if ((rc = money_parse(a, n, &m, &places)) < 0) {
		char q[QUOTE_MAX];
		long line, col;

		rd_where(src, name, &line, &col);
		diag_set(d, rd->in.name, line, col, "%s %s %s", name,
		    diag_quote(q, a, n), money_error(rc, a));
		return -1;
	}
	if (places < minor)
		places = minor;
	buf_reset(v);
	money_format(v, money_share(m, places, rd->nids, rd->next), places);
	rec_set(dst, name, v->p, v->len);
	return 0;
}

/*
 * The next instance's row of a multi-instance order: every amount
 * (fields.h, field_money) shared exactly, and a Quantity that counts the
 * instances made one.
 */
static int
share(struct reader *rd, struct diag *d)
{
	struct rec *src = &rd->cur, *dst = &rd->part;
	const char *currency, *q;
	struct buf v = BUF_INIT;
	size_t i, n;
	char count[32];

	rec_copy(dst, src);
	dst->raw = src->raw;	/* the record they all come from */
	dst->rawlen = src->rawlen;
	dst->cols = src->cols;
	dst->ncols = src->ncols;
	dst->delim = src->delim;
	dst->shared = 1;
	rec_set(dst, "instance_id", rd->nextid, strlen(rd->nextid));
	for (i = 0; i < src->n; i++)
		if (field_money(src->f[i].name, &currency) &&
		    share_amount(rd, src, i, currency, dst, &v, d) < 0) {
			buf_free(&v);
			return -1;
		}
	buf_free(&v);
	snprintf(count, sizeof count, "%zu", rd->nids);
	if ((q = rec_get(src, "Quantity", &n)) != NULL &&
	    n == strlen(count) && memcmp(q, count, n) == 0)
		rec_set(dst, "Quantity", "1", 1);
	rd->nextid += strlen(rd->nextid) + 1;
	rd->next++;
	return 0;
}

/* The next record as the file has it. */
int
rd_next_raw(struct reader *rd, struct diag *d)
{
	switch (rd->fmt) {
	case FMT_JSON:
		return jsonin_next(&rd->json, &rd->cur, d);
	case FMT_YAML:
		return yamlin_next(&rd->yaml, &rd->cur, d);
	default:
		return csvin_next(&rd->csv, &rd->cur, d);
	}
}

/* Where the record just read, a whole document, holds a list of records
 * deeper down; NULL when it was not such a document. */
/* An instance_id that lists instances: their ids into rd->ids, for the
 * rows of the record; a list of one or none is tidied to what it holds. */
static int
instance_list(struct reader *rd, struct diag *d)
{
	const char *id;
	char q[QUOTE_MAX];
	size_t n;
	long count, line, col;

	id = rec_get_at(&rd->cur, rd->id_name, &rd->id_hint, &n);
	if (id == NULL || strpbrk(id, "[],;\"'") == NULL)
		return 0;
	if ((count = split_ids(&rd->ids, id, n)) < 0) {
		rd_where(&rd->cur, "instance_id", &line, &col);
		diag_set(d, rd->in.name, line, col, "instance_id %s is not an "
		    "id or a list of ids ([\"i-a\",\"i-b\"], i-a,i-b or i-a;i-b)",
		    diag_quote(q, id, n));
		return -1;
	}
	rd->nids = (size_t)count;
	if (rd->nids <= 1) {
		rec_set(&rd->cur, "instance_id", rd->ids.p,
		    rd->nids ? strlen(rd->ids.p) : 0);
		rd->nids = 0;
	}
	return 0;
}

int
rd_next(struct reader *rd, struct rec **r, struct diag *d)
{
	int rc;

	if (rd->next < rd->nids) {
		if (share(rd, d) < 0)
			return -1;
		*r = &rd->part;
		return 1;
	}
	rd->nids = rd->next = 0;
	rc = rd_next_raw(rd, d);
	if (rd->for_id != NULL)
		rc = rd_check_for(rd, rc, d);
	if (rc <= 0)
		return rc;
	if (instance_list(rd, d) < 0 || (rd->nkeys > 0 &&
	    rd_check_key(rd, d) < 0))
		return -1;
	if (rd->nids > 1) {
		rd->nextid = rd->ids.p;
		return rd_next(rd, r, d);
	}
	*r = &rd->cur;
	return 1;
}
