/*
 * The JSON reader on any bytes, against references:
 *
 * 1. A reference parser below, written apart from json.c and as plainly
 *    as can be (recursive, a byte at a time, the whole text in memory)
 *    from RFC 8259 and RFC 3629, with the refusals of ecs-orders-files(5): it
 *    and json.c accept the same texts, and of those give the same events
 *    (kind, depth, line and column, text).  Texts here are far below the
 *    16 MiB limit, which the reference does not know.
 * 2. json.c again, the bytes read from a file a few at a time: the same
 *    events, and the same error.
 * 3. Texts of one array or object that YAML reads as JSON reads them (no
 *    tab, no lone CR, no character YAML takes for a line break or
 *    refuses, no escaped surrogate, no key past libyaml's 1024
 *    characters or on another line than its ":"): the records of jsonio
 *    and of the YAML reader, which read JSON before, are the same, or
 *    both refuse.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fuzz.h"
#include "records/input.h"
#include "records/json.h"
#include "records/jsonio.h"
#include "records/yamlio.h"

static const char *const tokname[] = { "O", "A", "C", "K", "S", "N", "T",
	"F", "Z" };

static void
emit(struct buf *b, int tok, int depth, long line, long col, const char *s,
    size_t n)
{
	buf_addf(b, "%s %d %ld:%ld %zu:", tokname[tok], depth, line, col, n);
	buf_add(b, s, n);
	buf_addc(b, '\n');
}

/* ---- the reference ---- */

struct ref {
	const unsigned char	*p;
	size_t			 n, i, bol;
	long			 line;
	int			 depth;
	struct buf		*ev;
	struct buf		 s;		/* the string just read */
	/* what keeps a valid text from being read alike by YAML */
	int			 pairs;		/* an escaped surrogate pair */
	size_t			 longkey;	/* longest key, as written */
	int			 keybreak;	/* a line end after a key */
};

static int value(struct ref *);

static void
ws(struct ref *r)
{
	while (r->i < r->n && strchr(" \t\r\n", r->p[r->i]) != NULL &&
	    r->p[r->i] != '\0') {
		if (r->p[r->i] == '\n') {
			r->line++;
			r->bol = r->i + 1;
		}
		r->i++;
	}
}

static long
col(const struct ref *r)
{
	size_t k;
	long c = 1;

	for (k = r->bol; k < r->i; k++)
		c += (r->p[k] & 0xC0) != 0x80;
	return c;
}

static int
at(const struct ref *r, size_t k)
{
	return r->i + k < r->n ? r->p[r->i + k] : -1;
}

static int
in(int c, int lo, int hi)
{
	return c >= lo && c <= hi;
}

/* RFC 3629: the length of the character at r->i, 0 if invalid. */
static size_t
utf8(const struct ref *r)
{
	int a = at(r, 0), b = at(r, 1), c = at(r, 2), d = at(r, 3);
	int t1 = in(b, 0x80, 0xBF), t2 = t1 && in(c, 0x80, 0xBF);
	int t3 = t2 && in(d, 0x80, 0xBF);

	if (in(a, 0xC2, 0xDF))
		return t1 ? 2 : 0;
	if (a == 0xE0)
		return in(b, 0xA0, 0xBF) && in(c, 0x80, 0xBF) ? 3 : 0;
	if (in(a, 0xE1, 0xEC) || in(a, 0xEE, 0xEF))
		return t2 ? 3 : 0;
	if (a == 0xED)
		return in(b, 0x80, 0x9F) && in(c, 0x80, 0xBF) ? 3 : 0;
	if (a == 0xF0)
		return in(b, 0x90, 0xBF) && in(c, 0x80, 0xBF) &&
		    in(d, 0x80, 0xBF) ? 4 : 0;
	if (in(a, 0xF1, 0xF3))
		return t3 ? 4 : 0;
	if (a == 0xF4)
		return in(b, 0x80, 0x8F) && in(c, 0x80, 0xBF) &&
		    in(d, 0x80, 0xBF) ? 4 : 0;
	return 0;
}

static long
hex4(const struct ref *r, size_t k)
{
	long v = 0;
	size_t j;
	int c;

	for (j = 0; j < 4; j++) {
		c = at(r, k + j);
		if (in(c, '0', '9'))
			v = v * 16 + c - '0';
		else if (in(c | 0x20, 'a', 'f'))
			v = v * 16 + (c | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

static void
put_utf8(struct buf *b, long c)
{
	if (c < 0x80)
		buf_addc(b, (char)c);
	else if (c < 0x800) {
		buf_addc(b, (char)(0xC0 + (c >> 6)));
		buf_addc(b, (char)(0x80 + (c & 63)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xE0 + (c >> 12)));
		buf_addc(b, (char)(0x80 + (c >> 6 & 63)));
		buf_addc(b, (char)(0x80 + (c & 63)));
	} else {
		buf_addc(b, (char)(0xF0 + (c >> 18)));
		buf_addc(b, (char)(0x80 + (c >> 12 & 63)));
		buf_addc(b, (char)(0x80 + (c >> 6 & 63)));
		buf_addc(b, (char)(0x80 + (c & 63)));
	}
}

/* A string at its quote, decoded into r->s. */
static int
string(struct ref *r)
{
	static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
	const char *e;
	long c, lo;
	size_t k;

	buf_reset(&r->s);
	for (r->i++; at(r, 0) != '"'; ) {
		c = at(r, 0);
		if (c < 0x20)
			return -1;
		if (c >= 0x80) {
			if ((k = utf8(r)) == 0)
				return -1;
			buf_add(&r->s, r->p + r->i, k);
			r->i += k;
			continue;
		}
		if (c != '\\') {
			buf_addc(&r->s, (char)c);
			r->i++;
			continue;
		}
		c = at(r, 1);
		if (c != 'u') {
			if (c <= 0 || (e = strchr(esc, (int)c)) == NULL)
				return -1;
			buf_addc(&r->s, val[e - esc]);
			r->i += 2;
			continue;
		}
		if ((c = hex4(r, 2)) <= 0)	/* and NUL is refused */
			return -1;
		r->i += 6;
		if (in((int)c, 0xD800, 0xDBFF)) {
			if (at(r, 0) != '\\' || at(r, 1) != 'u' ||
			    !in((int)(lo = hex4(r, 2)), 0xDC00, 0xDFFF))
				return -1;
			c = 0x10000 + ((c - 0xD800) << 10) + lo - 0xDC00;
			r->i += 6;
			r->pairs = 1;
		} else if (in((int)c, 0xDC00, 0xDFFF))
			return -1;
		put_utf8(&r->s, c);
	}
	r->i++;
	return 0;
}

static int
digits(struct ref *r)
{
	size_t from = r->i;

	while (in(at(r, 0), '0', '9'))
		r->i++;
	return r->i > from ? 0 : -1;
}

static int
number(struct ref *r)
{
	if (at(r, 0) == '-')
		r->i++;
	if (at(r, 0) == '0')
		r->i++;
	else if (!in(at(r, 0), '1', '9') || digits(r) < 0)
		return -1;
	if (at(r, 0) == '.') {
		r->i++;
		if (digits(r) < 0)
			return -1;
	}
	if (at(r, 0) == 'e' || at(r, 0) == 'E') {
		r->i++;
		if (at(r, 0) == '+' || at(r, 0) == '-')
			r->i++;
		if (digits(r) < 0)
			return -1;
	}
	return 0;
}

static int
container(struct ref *r, int obj)
{
	struct buf keys = BUF_INIT;	/* the object's keys, NUL-ended */
	long line = r->line, c = col(r);
	size_t k;
	int rc = -1;

	if (r->depth == JSON_MAX_DEPTH)
		return -1;
	emit(r->ev, obj ? JSON_OBJECT : JSON_ARRAY, r->depth, line, c, "",
	    0);
	r->depth++;
	r->i++;
	ws(r);
	if (at(r, 0) == (obj ? '}' : ']'))
		goto close;
	for (;;) {
		if (obj) {
			line = r->line, c = col(r);
			k = r->i;
			if (at(r, 0) != '"' || string(r) < 0 || r->s.len == 0)
				goto out;
			if (r->i - k > r->longkey)
				r->longkey = r->i - k;
			for (k = 0; k < keys.len; k += strlen(keys.p + k) + 1)
				if (strlen(keys.p + k) == r->s.len &&
				    memcmp(keys.p + k, r->s.p, r->s.len) == 0)
					goto out;
			buf_add(&keys, r->s.p, r->s.len);
			buf_addc(&keys, '\0');
			emit(r->ev, JSON_KEY, r->depth, line, c, r->s.p,
			    r->s.len);
			ws(r);
			if (r->line != line)
				r->keybreak = 1;
			if (at(r, 0) != ':')
				goto out;
			r->i++;
			ws(r);
		}
		if (value(r) < 0)
			goto out;
		ws(r);
		if (at(r, 0) == (obj ? '}' : ']'))
			break;
		if (at(r, 0) != ',')
			goto out;
		r->i++;
		ws(r);
	}
close:
	r->depth--;
	emit(r->ev, JSON_CLOSE, r->depth, r->line, col(r), "", 0);
	r->i++;
	rc = 0;
out:
	buf_free(&keys);
	return rc;
}

static int
value(struct ref *r)
{
	static const char *const words[] = { "true", "false", "null" };
	static const int wtok[] = { JSON_TRUE, JSON_FALSE, JSON_NULL };
	long line = r->line, c = col(r);
	size_t k, from = r->i;

	switch (at(r, 0)) {
	case '{':
		return container(r, 1);
	case '[':
		return container(r, 0);
	case '"':
		if (string(r) < 0)
			return -1;
		emit(r->ev, JSON_STRING, r->depth, line, c, r->s.p, r->s.len);
		return 0;
	}
	for (k = 0; k < 3; k++)
		if (r->n - r->i >= strlen(words[k]) && memcmp(r->p + r->i,
		    words[k], strlen(words[k])) == 0) {
			r->i += strlen(words[k]);
			emit(r->ev, wtok[k], r->depth, line, c, words[k],
			    k == 2 ? 0 : strlen(words[k]));
			return 0;
		}
	if (number(r) < 0)
		return -1;
	emit(r->ev, JSON_NUMBER, r->depth, line, c, (const char *)r->p + from,
	    r->i - from);
	return 0;
}

/* 0 when the text is JSON as the toolkit reads it; *values of them. */
static int
reference(struct ref *r, int *values)
{
	long endline = 0;

	r->line = 1;
	if (r->n >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0)
		r->i = r->bol = 3;
	for (*values = 0;; (*values)++) {
		ws(r);
		if (r->i == r->n)
			return *values > 0 ? 0 : -1;
		if (*values > 0 && r->line == endline)
			return -1;
		if (value(r) < 0)
			return -1;
		endline = r->line;
	}
}

/* ---- json.c, and the records ---- */

static int
ours(struct input *in, struct buf *ev, struct diag *d)
{
	struct json j;
	struct json_ev e;
	int rc;

	json_open(&j, in);
	while ((rc = json_next(&j, &e, d)) > 0)
		emit(ev, e.tok, e.depth, e.at.line, e.at.col, e.s, e.n);
	json_close(&j);
	return rc;
}

static void
put_rec(struct buf *b, const struct rec *r)
{
	size_t i;

	buf_addf(b, "R %ld\n", r->line);
	for (i = 0; i < r->n; i++) {
		buf_addf(b, "%s=%zu:", r->f[i].name, r->f[i].len);
		buf_add(b, rec_val(r, i), r->f[i].len);
		buf_addc(b, '\n');
	}
}

static int
json_records(const uint8_t *data, size_t size, struct buf *out)
{
	struct input in;
	struct jsonin js;
	struct diag d;
	struct rec r;
	int rc;

	input_open_mem(&in, "fuzz", (const char *)data, size);
	jsonin_open(&js, &in);
	rec_init(&r);
	while ((rc = jsonin_next(&js, &r, &d)) > 0)
		put_rec(out, &r);
	rec_free(&r);
	jsonin_close(&js);
	input_close(&in);
	return rc;
}

static int
yaml_records(const uint8_t *data, size_t size, struct buf *out)
{
	struct input in;
	struct yamlin ys;
	struct diag d;
	struct rec r;
	int rc = -1;

	input_open_mem(&in, "fuzz", (const char *)data, size);
	rec_init(&r);
	if (yamlin_open(&ys, &in, &d) == 0) {
		while ((rc = yamlin_next(&ys, &r, &d)) > 0)
			put_rec(out, &r);
	}
	yamlin_close(&ys);
	rec_free(&r);
	input_close(&in);
	return rc;
}

/* Read alike by YAML: see 3. above. */
static int
yaml_alike(const uint8_t *p, size_t n, const struct ref *r)
{
	size_t i;

	if (r->pairs || r->keybreak || r->longkey > 1000 || n == 0 ||
	    (p[0] != '{' && p[0] != '['))
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '\t' || p[i] == 0x7F ||
		    (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n')))
			return 0;
		if (p[i] == 0xC2 && i + 1 < n && p[i + 1] < 0xA0)
			return 0;	/* C1 controls, U+0085 */
		if (i + 2 < n && p[i] == 0xE2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))
			return 0;	/* U+2028, U+2029 */
		if (i + 2 < n && p[i] == 0xEF && ((p[i + 1] == 0xBB &&
		    p[i + 2] == 0xBF) || (p[i + 1] == 0xBF &&
		    p[i + 2] >= 0xBE)))
			return 0;	/* U+FEFF, U+FFFE, U+FFFF */
	}
	return 1;
}

/* The bytes in a file, read back max_read at a time. */
static int
split_events(const uint8_t *data, size_t size, size_t max_read,
    struct buf *ev, struct diag *d)
{
	char path[] = "/tmp/ecs-orders-fuzz-json.XXXXXX";
	struct input in;
	int fd, rc;

	if ((fd = mkstemp(path)) < 0)
		abort();
	must(write(fd, data, size) == (ssize_t)size);
	close(fd);
	must(input_open(&in, path, d) == 0);
	in.max_read = max_read;
	rc = ours(&in, ev, d);
	input_close(&in);
	unlink(path);
	return rc;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->p, b->p, a->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf mine = BUF_INIT, split = BUF_INIT, theirs = BUF_INIT;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct ref r;
	struct input in;
	struct diag d1, d2;
	int rc1, rc2, refrc, values, ra, rb;

	input_open_mem(&in, "fuzz", (const char *)data, size);
	rc1 = ours(&in, &mine, &d1);
	input_close(&in);

	rc2 = split_events(data, size, 1 + size % 13, &split, &d2);
	must(rc1 == rc2 && same(&mine, &split));
	must(rc1 == 0 || (d1.line == d2.line && d1.col == d2.col &&
	    strcmp(d1.msg, d2.msg) == 0));

	memset(&r, 0, sizeof r);
	r.p = data;
	r.n = size;
	r.ev = &theirs;
	refrc = reference(&r, &values);
	if ((refrc == 0) != (rc1 == 0))
		fprintf(stderr, "reference %s, json.c %s%s\n", refrc ?
		    "refuses" : "accepts", rc1 ? "refuses: " : "accepts",
		    rc1 ? d1.msg : "");
	must((refrc == 0) == (rc1 == 0));
	if (refrc == 0 && !same(&mine, &theirs))
		fprintf(stderr, "json.c:\n%.*s\nreference:\n%.*s\n",
		    (int)mine.len, mine.p, (int)theirs.len, theirs.p);
	must(refrc != 0 || same(&mine, &theirs));

	ra = json_records(data, size, &a);
	if (refrc == 0 && values == 1 && yaml_alike(data, size, &r)) {
		rb = yaml_records(data, size, &b);
		if ((ra < 0) != (rb < 0) || (ra == 0 && !same(&a, &b)))
			fprintf(stderr, "jsonio (%d):\n%.*s\nyamlio (%d):\n"
			    "%.*s\n", ra, (int)a.len, a.p, rb, (int)b.len,
			    b.p);
		must((ra < 0) == (rb < 0));
		must(ra < 0 || same(&a, &b));
	}
	buf_free(&mine);
	buf_free(&split);
	buf_free(&theirs);
	buf_free(&r.s);
	buf_free(&a);
	buf_free(&b);
	return 0;
}
