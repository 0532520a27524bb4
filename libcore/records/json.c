/*
 * A JSON reader of its own (json.h), exactly RFC 8259.  Some 830 lines,
 * one tokenizer: its parts (the read window, keys, strings, numbers,
 * structure) all move the same position through the same window and
 * report errors from it, so they stay one unit, in sections.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/swar.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "records/input.h"
#include "records/json.h"

/*
 * Written from RFC 8259 (and RFC 3629 for UTF-8).  Tokens are read in
 * place in the input's buffer: in->pos stays at the start of the token
 * being read, its bytes at in->pos + r, and the buffer keeps everything
 * from in->start, set where an error may later need to quote (a top-level
 * value, a container's first key or item, a comma: the key of a member
 * always among them).  One lexer and parser, some 820 lines read top to
 * bottom as the grammar goes; apart, their halves would share every
 * position and error.
 */

/* What may come next, at the top and in each open container. */
enum state {
	S_TOP,		/* a value, or the end of the file */
	S_OBJ_FIRST,	/* a key or "}" */
	S_OBJ_KEY,	/* a key, after "," */
	S_OBJ_COLON,	/* ":" after a key */
	S_OBJ_VALUE,	/* the key's value */
	S_OBJ_NEXT,	/* "," or "}" */
	S_ARR_FIRST,	/* a value or "]" */
	S_ARR_VALUE,	/* a value, after "," */
	S_ARR_NEXT	/* "," or "]" */
};

struct json_key {
	uint64_t	hash;
	size_t		off, len;	/* its text in keytext */
	size_t		slot;
	int		depth;		/* of its object */
	long		line, col;
};

#define QUOTE_BYTES	200	/* more than diag_quote shows */
#define KEEP_MAX	(1 << 20)	/* bytes white space may keep held */
#define WORD_MAX	10	/* longer than any word there is a message for */

static const char bom[] = "\xEF\xBB\xBF";

void
json_open(struct json *j, struct input *in)
{
	memset(j, 0, sizeof *j);
	j->in = in;
}

void
json_close(struct json *j)
{
	buf_free(&j->text);
	buf_free(&j->keytext);
	free(j->keys);
	free(j->slot);
	j->keys = NULL;
	j->slot = NULL;
}

/*
 * The place of the byte at offset off on the current line, cont UTF-8
 * continuation bytes being before it: a column counts characters, and
 * only strings hold bytes that are not ASCII, so counting the
 * continuation bytes in strings is enough to tell columns from offsets.
 */
static struct json_pos
place(const struct json *j, off_t off, off_t cont)
{
	struct json_pos p;

	p.line = j->line;
	p.col = (long)(off - j->bol - (cont - j->bolcont)) + 1;
	p.off = off;
	return p;
}

/* The place of byte r of the token being read. */
static struct json_pos
here(const struct json *j, size_t r)
{
	return place(j, j->in->base + (off_t)(j->in->pos + r), j->cont);
}

/* The text from offset off to the end of its line, if still held. */
static const char *
text_at(struct json *j, off_t off, size_t *n)
{
	struct input *in = j->in;
	struct diag ignored;
	const char *p, *nl;
	size_t i;

	if (in->buf == NULL || off < in->base + (off_t)in->start ||
	    off > in->base + (off_t)in->len)
		return NULL;
	i = (size_t)(off - in->base);
	if (in->len - i < QUOTE_BYTES && i + QUOTE_BYTES > in->pos)
		input_peek(in, i + QUOTE_BYTES - in->pos, &ignored);
	i = (size_t)(off - in->base);
	p = in->buf + i;
	*n = in->len - i < QUOTE_BYTES ? in->len - i : QUOTE_BYTES;
	if ((nl = memchr(p, '\n', *n)) != NULL)
		*n = (size_t)(nl - p);
	if (*n > 0 && p[*n - 1] == '\r')
		(*n)--;
	return p;
}

/* Stop for good: every later call says the same. */
static int
stop(struct json *j, struct diag *d)
{
	j->failed = 1;
	j->err = *d;
	return -1;
}

int
json_fail(struct json *j, const struct json_pos *at, struct diag *d,
    const char *fmt, ...)
{
	char what[512], q[QUOTE_MAX];
	const char *t;
	size_t n;
	va_list ap;

	if (j->in->err)		/* the input said what went wrong */
		return stop(j, d);
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if ((t = text_at(j, at->off, &n)) != NULL && n > 0)
		diag_set(d, j->in->name, at->line, at->col, "%s: %s", what,
		    diag_quote(q, t, n));
	else
		diag_set(d, j->in->name, at->line, at->col, "%s", what);
	return stop(j, d);
}

/* Byte r of the token being read: -1 past the end of the file or on a
 * read error (in->err then, and the input's message in d). */
static int
byte_at(struct json *j, size_t r, struct diag *d)
{
	struct input *in = j->in;

	if (in->len - in->pos <= r && input_peek(in, r + 1, d) <= r)
		return -1;
	return (unsigned char)in->buf[in->pos + r];
}

/* The next byte that is not white space, counting lines; -1 at the end
 * of the file or on a read error. */
static int
blank(struct json *j, struct diag *d)
{
	struct input *in = j->in;
	size_t i;

	for (;;) {
		for (i = in->pos; i < in->len; i++) {
			char c = in->buf[i];

			if (c == '\n') {
				j->line++;
				j->bol = in->base + (off_t)i + 1;
				j->bolcont = j->cont;
			} else if (c != ' ' && c != '\t' && c != '\r')
				break;
		}
		in->pos = i;
		if (i < in->len)
			return (unsigned char)in->buf[i];
		/* megabytes of it: lose a quote rather than the memory */
		if (in->pos - in->start > KEEP_MAX)
			input_keep(in);
		if (byte_at(j, 0, d) < 0)
			return -1;
	}
}

int
json_peek(struct json *j, struct diag *d)
{
	int c;

	if (j->failed)
		return -1;
	if ((c = blank(j, d)) < 0 && j->in->err)
		stop(j, d);
	return c;
}

/* ---- keys: one given twice in an object is refused ---- */

/* Slots are found by linear probing.  Keys are forgotten in the reverse
 * of the order they came in (an object's when it closes, and those of the
 * objects in it went before), so a slot can simply be emptied: no key
 * still held was placed past it. */
static void
rehash(struct json *j)
{
	size_t n = j->nslot ? 2 * j->nslot : 64, i, s;

	free(j->slot);
	j->slot = xcalloc(n, sizeof *j->slot);
	j->nslot = n;
	for (i = 0; i < j->nkeys; i++) {
		for (s = j->keys[i].hash & (n - 1); j->slot[s] != 0;
		    s = (s + 1) & (n - 1))
			;
		j->slot[s] = i + 1;
		j->keys[i].slot = s;
	}
}

static int
add_key(struct json *j, const struct json_ev *ev, struct diag *d)
{
	uint64_t h = hash_bytes(ev->s, ev->n) ^
	    (uint64_t)j->depth * UINT64_C(0x9E3779B97F4A7C15);
	struct json_key *k;
	size_t s, mask;
	char q[QUOTE_MAX];

	if (2 * (j->nkeys + 1) > j->nslot)
		rehash(j);
	mask = j->nslot - 1;
	for (s = h & mask; j->slot[s] != 0; s = (s + 1) & mask) {
		k = &j->keys[j->slot[s] - 1];
		if (k->hash == h && k->depth == j->depth && k->len == ev->n &&
		    memcmp(j->keytext.p + k->off, ev->s, ev->n) == 0)
			return json_fail(j, &ev->at, d,
			    "duplicate key %s, first at %ld:%ld",
			    diag_quote(q, ev->s, ev->n), k->line, k->col);
	}
	j->keys = xgrow(j->keys, &j->capkeys, j->nkeys, sizeof *j->keys);
	k = &j->keys[j->nkeys++];
	k->hash = h;
	k->off = j->keytext.len;
	k->len = ev->n;
	k->slot = s;
	k->depth = j->depth;
	k->line = ev->at.line;
	k->col = ev->at.col;
	buf_add(&j->keytext, ev->s, ev->n);
	j->slot[s] = j->nkeys;
	return 0;
}

static void
drop_keys(struct json *j)
{
	size_t first = j->keys0[j->depth];

	if (j->nkeys > first)
		j->keytext.len = j->keys[first].off;
	while (j->nkeys > first)
		j->slot[j->keys[--j->nkeys].slot] = 0;
}

/* ---- strings ---- */

/* Past the bytes that stand for themselves in a string, from r: to the
 * first quote, backslash, control or non-ASCII byte, or to n. */
static size_t
plain(const char *b, size_t r, size_t n)
{
	while (r + 8 <= n) {
		uint64_t w = swar_load(b + r);

		if ((w & SWAR_HIGH) || swar_less(w, 0x20) ||
		    swar_has(w, '"') || swar_has(w, '\\'))
			break;
		r += 8;
	}
	while (r < n && (unsigned char)b[r] >= 0x20 &&
	    (unsigned char)b[r] < 0x80 && b[r] != '"' && b[r] != '\\')
		r++;
	return r;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits after the "\u" at r, as a number; -1 if they are
 * not that. */
static long
hex4(struct json *j, size_t r, struct diag *d)
{
	long v = 0;
	int i, h;

	for (i = 2; i < 6; i++) {
		if ((h = hexval(byte_at(j, r + (size_t)i, d))) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

static int
nul(struct json *j, const struct json_ev *ev, int key, struct diag *d)
{
	return json_fail(j, &ev->at, d, "NUL character in a %s",
	    key ? "key" : "value");
}

/* "\uXXXX" at r, or a pair of them for a character past U+FFFF. */
static int
unicode(struct json *j, const struct json_ev *ev, size_t *r, int key,
    struct diag *d)
{
	struct json_pos at = here(j, *r);
	long c = hex4(j, *r, d), lo;
	char u[4];

	if (c < 0)
		return json_fail(j, &at, d, "\\u without four hex digits");
	if (c == 0)
		return nul(j, ev, key, d);
	*r += 6;
	if (c >= 0xD800 && c <= 0xDBFF && byte_at(j, *r, d) == '\\' &&
	    byte_at(j, *r + 1, d) == 'u') {
		if ((lo = hex4(j, *r, d)) < 0) {
			at = here(j, *r);
			return json_fail(j, &at, d,
			    "\\u without four hex digits");
		}
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			*r += 6;
		}
	}
	if (c >= 0xD800 && c <= 0xDFFF)
		return json_fail(j, &at, d,
		    "a UTF-16 surrogate not in a pair: not a character");
	buf_add(&j->text, u, utf8_encode(u, (uint32_t)c));
	return 0;
}

/* The escape at r: its character added to text, r moved past it. */
static int
escape(struct json *j, const struct json_ev *ev, size_t *r, int key,
    struct diag *d)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	struct json_pos at;
	const char *e;
	int c;

	if ((c = byte_at(j, *r + 1, d)) < 0)
		return json_fail(j, &ev->at, d,
		    "a string not closed before the end of the file");
	if (c == 'u')
		return unicode(j, ev, r, key, d);
	if (c == 0 || (e = strchr(from, c)) == NULL) {
		at = here(j, *r);
		return json_fail(j, &at, d, "not a JSON escape (those are "
		    "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
	}
	buf_addc(&j->text, to[e - from]);
	*r += 2;
	return 0;
}

/* A byte below 0x20 at r, which a string may hold only escaped. */
static int
control(struct json *j, const struct json_ev *ev, size_t r, int key,
    struct diag *d)
{
	static const char from[] = "\b\t\n\f\r", to[] = "btnfr";
	struct json_pos at = here(j, r);
	int c = (unsigned char)j->in->buf[j->in->pos + r];
	const char *e;

	if (c == 0)
		return nul(j, ev, key, d);
	if (c == '\n' || (c == '\r' && byte_at(j, r + 1, d) == '\n'))
		return json_fail(j, &ev->at, d,
		    "a string not closed on its line");
	if ((e = strchr(from, c)) != NULL)
		return json_fail(j, &at, d, "control character U+%04X in a "
		    "string: write \\%c", (unsigned)c, to[e - from]);
	return json_fail(j, &at, d, "control character U+%04X in a string: "
	    "write \\u%04x", (unsigned)c, (unsigned)c);
}

/* A character of two to four bytes at r, checked; r moved past it. */
static int
multibyte(struct json *j, size_t *r, struct diag *d)
{
	struct input *in = j->in;
	struct json_pos at;
	uint32_t c;
	size_t k;

	byte_at(j, *r + 3, d);	/* all of it, if the file has it */
	k = utf8_decode(in->buf + in->pos + *r, in->len - in->pos - *r, &c);
	if (c == 0xFFFD && k == 1) {
		at = here(j, *r);
		return json_fail(j, &at, d, "invalid UTF-8");
	}
	j->cont += (off_t)k - 1;
	*r += k;
	return 0;
}

static size_t
decoded(const struct json *j, int escaped, size_t run, size_t r)
{
	return escaped ? j->text.len + (r - run) : r - 1;
}

static int
too_long(struct json *j, const struct json_ev *ev, int key, struct diag *d)
{
	return json_fail(j, &ev->at, d, "a %s longer than 16 MiB",
	    key ? "key" : "value");
}

/*
 * A string, in->pos at its opening quote.  Its text is read in place
 * unless it holds an escape; then the text is decoded into j->text, each
 * run of plain bytes before an escape copied as it ends.
 */
static int
string(struct json *j, struct json_ev *ev, int key, struct diag *d)
{
	struct input *in = j->in;
	size_t r = 1, run = 1;
	int escaped = 0, c;

	for (;;) {
		r = plain(in->buf + in->pos, r, in->len - in->pos);
		if (decoded(j, escaped, run, r) > JSON_MAX_TEXT)
			return too_long(j, ev, key, d);
		if ((c = byte_at(j, r, d)) < 0)
			return json_fail(j, &ev->at, d,
			    "a string not closed before the end of the file");
		if (c == '"')
			break;
		if (c == '\\') {
			if (!escaped)
				buf_reset(&j->text);
			escaped = 1;
			buf_add(&j->text, in->buf + in->pos + run, r - run);
			if (escape(j, ev, &r, key, d) < 0)
				return -1;
			run = r;
		} else if (c < 0x20)
			return control(j, ev, r, key, d);
		else if (c >= 0x80 && multibyte(j, &r, d) < 0)
			return -1;
	}
	ev->tok = key ? JSON_KEY : JSON_STRING;
	if (escaped) {
		buf_add(&j->text, in->buf + in->pos + run, r - run);
		ev->s = j->text.p;
		ev->n = j->text.len;
	} else {
		ev->s = in->buf + in->pos + 1;
		ev->n = r - 1;
	}
	in->pos += r + 1;
	return 1;
}

/* ---- numbers and words ---- */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Past the digits from r; the byte after them. */
static int
digits(struct json *j, size_t *r, struct diag *d)
{
	int c;

	while (is_digit(c = byte_at(j, *r, d)) && *r <= JSON_MAX_TEXT)
		(*r)++;
	return c;
}

/* A word where a value should be, after a "-" when minus: true, false,
 * null, or a message for what else it is. */
static int
word(struct json *j, struct json_ev *ev, size_t minus, struct diag *d)
{
	static const char *const lits[] = { "true", "false", "null" };
	static const char *const nans[] = { "NaN", "nan", "Infinity",
	    "infinity", "inf", "Inf" };
	static const enum json_tok toks[] = { JSON_TRUE, JSON_FALSE,
	    JSON_NULL };
	const char *w;
	size_t r = minus, n, i;
	int c;

	while ((is_alpha(c = byte_at(j, r, d)) || is_digit(c) || c == '_') &&
	    r < minus + WORD_MAX)
		r++;
	w = j->in->buf + j->in->pos + minus;
	n = r - minus;
	for (i = 0; i < 3 && !minus; i++)
		if (strlen(lits[i]) == n && memcmp(w, lits[i], n) == 0) {
			ev->tok = toks[i];
			ev->s = i == 2 ? "" : lits[i];
			ev->n = i == 2 ? 0 : n;
			j->in->pos += n;
			return 1;
		}
	for (i = 0; i < sizeof nans / sizeof nans[0]; i++)
		if (strlen(nans[i]) == n && memcmp(w, nans[i], n) == 0)
			return json_fail(j, &ev->at, d,
			    "NaN and Infinity are not JSON numbers");
	if (minus)
		return json_fail(j, &ev->at, d,
		    "a minus sign with no digit after it");
	for (i = 0; i < 3; i++)
		if (n < strlen(lits[i]) && memcmp(w, lits[i], n) == 0)
			return json_fail(j, &ev->at, d,
			    "a truncated true, false or null");
	return json_fail(j, &ev->at, d,
	    "not a JSON value (text takes double quotes)");
}

/* A number, in->pos at its "-" or first digit; kept as written. */
static int
number(struct json *j, struct json_ev *ev, struct diag *d)
{
	size_t r = 0;
	int c = byte_at(j, 0, d);

	if (c == '-') {
		if (is_alpha(c = byte_at(j, ++r, d)))
			return word(j, ev, 1, d);
		if (!is_digit(c))
			return json_fail(j, &ev->at, d,
			    "a minus sign with no digit after it");
	}
	if (c == '0') {
		if (is_digit(c = byte_at(j, ++r, d)))
			return json_fail(j, &ev->at, d,
			    "a number with a leading zero");
	} else
		c = digits(j, &r, d);
	if (c == '.') {
		if (!is_digit(byte_at(j, ++r, d)))
			return json_fail(j, &ev->at, d,
			    "a number with no digit after its decimal point");
		c = digits(j, &r, d);
	}
	if (c == 'e' || c == 'E') {
		c = byte_at(j, ++r, d);
		if (c == '+' || c == '-')
			r++;
		if (!is_digit(byte_at(j, r, d)))
			return json_fail(j, &ev->at, d,
			    "a number with no digit in its exponent");
		c = digits(j, &r, d);
	}
	if (r > JSON_MAX_TEXT)
		return too_long(j, ev, 0, d);
	if (is_alpha(c) || is_digit(c) || c == '.' || c == '+' || c == '-' ||
	    c == '_')
		return json_fail(j, &ev->at, d, "not a JSON number");
	ev->tok = JSON_NUMBER;
	ev->s = j->in->buf + j->in->pos;
	ev->n = r;
	j->in->pos += r;
	return 1;
}

/* ---- structure ---- */

static int
open_container(struct json *j, struct json_ev *ev, int c, struct diag *d)
{
	if (j->depth == JSON_MAX_DEPTH)
		return json_fail(j, &ev->at, d,
		    "nesting deeper than %d levels", JSON_MAX_DEPTH);
	ev->tok = c == '{' ? JSON_OBJECT : JSON_ARRAY;
	ev->s = "";
	ev->n = 0;
	j->in->pos++;
	j->depth++;
	j->open[j->depth] = ev->at;
	j->state[j->depth] = c == '{' ? S_OBJ_FIRST : S_ARR_FIRST;
	j->keys0[j->depth] = j->nkeys;
	return 1;
}

static int
close_container(struct json *j, struct json_ev *ev)
{
	ev->at = here(j, 0);
	ev->tok = JSON_CLOSE;
	ev->s = "";
	ev->n = 0;
	j->in->pos++;
	if (j->state[j->depth] < S_ARR_FIRST)
		drop_keys(j);
	ev->depth = --j->depth;
	if (j->depth == 0)
		j->endline = j->line;
	return 1;
}

/* A value beginning with byte c; after_comma where an array's "," was
 * just read. */
static int
value(struct json *j, struct json_ev *ev, int c, int after_comma,
    struct diag *d)
{
	int rc;

	ev->at = here(j, 0);
	ev->depth = j->depth;
	switch (c) {
	case '{':
	case '[':
		return open_container(j, ev, c, d);
	case '"':
		rc = string(j, ev, 0, d);
		break;
	case '\'':
		return json_fail(j, &ev->at, d,
		    "single quotes: JSON strings take double quotes");
	case '+':
		return json_fail(j, &ev->at, d,
		    "a plus sign: JSON numbers have none");
	case '.':
		return json_fail(j, &ev->at, d,
		    "a number with no digit before its decimal point");
	case ']':
	case '}':
		if (after_comma)
			return json_fail(j, &j->comma, d, "a trailing comma");
		return json_fail(j, &ev->at, d, "expected a value");
	default:
		if (c == '-' || is_digit(c))
			rc = number(j, ev, d);
		else if (is_alpha(c))
			rc = word(j, ev, 0, d);
		else
			return json_fail(j, &ev->at, d, "expected a value");
	}
	if (rc > 0 && j->in->err)	/* cut short by a read error */
		rc = stop(j, d);
	if (rc > 0 && j->depth == 0)
		j->endline = j->line;
	return rc;
}

/* Where a key should be: a key, or what is wrong. */
static int
key(struct json *j, struct json_ev *ev, int c, int after_comma,
    struct diag *d)
{
	ev->at = here(j, 0);
	ev->depth = j->depth;
	if (c == '"') {
		if (string(j, ev, 1, d) < 0)
			return -1;
		if (ev->n == 0)
			return json_fail(j, &ev->at, d,
			    "an empty key: a field needs a name");
		if (add_key(j, ev, d) < 0)
			return -1;
		j->state[j->depth] = S_OBJ_COLON;
		return 1;
	}
	if (c == '}' && after_comma)
		return json_fail(j, &j->comma, d, "a trailing comma");
	if (c == '\'')
		return json_fail(j, &ev->at, d,
		    "single quotes: JSON strings take double quotes");
	if (is_alpha(c) || is_digit(c) || c == '_' || c == '$')
		return json_fail(j, &ev->at, d,
		    "a key must be a string in double quotes");
	return json_fail(j, &ev->at, d,
	    "expected a key (a string in double quotes)");
}

/* The end of the file: fine between values, if there was one. */
static int
at_end(struct json *j, struct diag *d)
{
	struct json_pos at = here(j, 0);

	if (j->in->err)
		return stop(j, d);
	if (j->depth > 0)
		return json_fail(j, &at, d, "the file ends inside the %s "
		    "opened at %ld:%ld", j->state[j->depth] < S_ARR_FIRST ?
		    "object" : "array", j->open[j->depth].line,
		    j->open[j->depth].col);
	if (j->values == 0)
		return json_fail(j, &at, d, "no JSON value");
	return 0;
}

/* A "/" that begins a comment, or a "#" that would in YAML or a shell. */
static int
comment(struct json *j, int c, struct diag *d)
{
	int next;

	if (c == '#')
		return 1;
	next = byte_at(j, 1, d);
	return c == '/' && (next == '/' || next == '*');
}

static void
start(struct json *j, struct diag *d)
{
	size_t i;

	j->line = 1;
	for (i = 0; i < 3 && byte_at(j, i, d) == (unsigned char)bom[i]; i++)
		;
	if (i == 3) {
		j->in->pos += 3;
		j->bol = j->in->base + (off_t)j->in->pos;
	}
}

int
json_next(struct json *j, struct json_ev *ev, struct diag *d)
{
	struct json_pos at;
	int c, s;

	if (j->failed) {
		*d = j->err;
		return -1;
	}
	if (j->line == 0)
		start(j, d);
	for (;;) {
		if ((c = blank(j, d)) < 0)
			return at_end(j, d);
		if (comment(j, c, d)) {
			at = here(j, 0);
			return json_fail(j, &at, d, "a comment: JSON has none");
		}
		switch (s = j->state[j->depth]) {
		case S_TOP:
			if (j->values > 0 && j->line == j->endline) {
				at = here(j, 0);
				return json_fail(j, &at, d,
				    "text after the JSON value");
			}
			j->values++;
			input_keep(j->in);
			return value(j, ev, c, 0, d);
		case S_OBJ_FIRST:
			if (c == '}')
				return close_container(j, ev);
			input_keep(j->in);
			return key(j, ev, c, 0, d);
		case S_OBJ_KEY:
			return key(j, ev, c, 1, d);
		case S_OBJ_COLON:
			if (c != ':') {
				at = here(j, 0);
				return json_fail(j, &at, d,
				    "expected \":\" after the key");
			}
			j->in->pos++;
			j->state[j->depth] = S_OBJ_VALUE;
			continue;
		case S_ARR_FIRST:
			if (c == ']')
				return close_container(j, ev);
			input_keep(j->in);
			/* FALLTHROUGH */
		case S_OBJ_VALUE:
		case S_ARR_VALUE:
			j->state[j->depth] = s == S_OBJ_VALUE ? S_OBJ_NEXT :
			    S_ARR_NEXT;
			return value(j, ev, c, s == S_ARR_VALUE, d);
		default:	/* S_OBJ_NEXT, S_ARR_NEXT */
			if (c == (s == S_OBJ_NEXT ? '}' : ']'))
				return close_container(j, ev);
			at = here(j, 0);
			if (c != ',')
				return json_fail(j, &at, d,
				    "expected \",\" or \"%c\"",
				    s == S_OBJ_NEXT ? '}' : ']');
			j->comma = at;
			input_keep(j->in);
			j->in->pos++;
			j->state[j->depth] = s == S_OBJ_NEXT ? S_OBJ_KEY :
			    S_ARR_VALUE;
		}
	}
}
