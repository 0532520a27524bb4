#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "records/fields.h"
#include "select/cond.h"
#include "values/ts.h"

static void
set_field(struct cond *c, const char *name, size_t n)
{
	c->field = field_canonical(name, n);
	if (c->field == NULL)
		c->field = c->owned = xmemdup(name, n);
}

/* The "]" that ends the bracket expression starting at p, "[", or the
 * end of the string: "]" first in it is a member, as are "\\" and
 * anything in "[:alpha:]", "[.x.]" or "[=x=]". */
static const char *
bracket_end(const char *p)
{
	const char *close;

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p && *p != ']'; p++)
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char end[3] = { p[1], ']', '\0' };

			if ((close = strstr(p + 2, end)) == NULL)
				return p + strlen(p);
			p = close + 1;
		}
	return p;
}

/*
 * glibc compiles a regular expression by copying repeated parts: x{9}{9}
 * or x+++++ grow without end.  POSIX leaves repeated repetition undefined
 * anyway; refuse it, and counts that multiply past a bound.  glibc also
 * takes back-references in extended expressions, which POSIX's have not,
 * and matches them in exponential time: refuse them too.
 */
static const char *
too_costly(const char *re)
{
	const char *p;
	unsigned long product = 1, k;
	int quantified = 0;

	for (p = re; *p; p++) {
		if (*p == '[') {
			p = bracket_end(p);
			quantified = 0;
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return "a back-reference (\\1 to \\9), which POSIX "
			    "extended expressions do not have";
		if (*p == '\\' && p[1]) {
			p++;
			quantified = 0;
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			if (quantified)
				return "a repetition of a repetition";
			quantified = 1;
			if (*p == '{') {
				k = strtoul(p + 1, NULL, 10);
				for (; *p && *p != '}'; p++)
					if (*p == ',')
						k = strtoul(p + 1, NULL, 10) > k ?
						    strtoul(p + 1, NULL, 10) : k;
				if (k > 1)
					product *= k;
				if (product > 10000)
					return "repetition counts multiplying "
					    "past 10000";
				if (*p == '\0')
					break;
			}
			continue;
		}
		quantified = 0;
	}
	return NULL;
}

/* A condition that could not be made: -1, nothing left to free. */
static int
unmade(struct cond *c)
{
	free(c->value);
	free(c->owned);
	c->value = c->owned = NULL;
	return -1;
}

static const char *
known_value(const void *arg, size_t i)
{
	const struct fieldspec *f = arg;

	return f->values[i];
}

static int
ordering(enum op op)
{
	return op == OP_LT || op == OP_LE || op == OP_GT || op == OP_GE;
}

static const char *const op_text[] = { "=", "!=", "<", "<=", ">", ">=", "~",
	"!~", "=", "=" };

/* What a value of each type must be, for messages. */
static const char *
type_wants(enum ftype t)
{
	switch (t) {
	case FT_TIME:
		return "a time (a timestamp, or now\xC2\xB1" "DURATION such as "
		    "now-3d)";
	case FT_MONEY:
		return "an amount (a decimal number such as 1000 or 12.50)";
	case FT_NUMBER:
		return "a number (such as 4 or 0.5)";
	case FT_INTEGER:
		return "a whole number";
	case FT_BOOL:
		return "true or false";
	default:
		return "a value";
	}
}

/* 0 when v reads as a value of type t; -1, or TS_RANGE for a time out
 * of range.  Text is anything, but a time out of range is an error too:
 * "now+999999d" would compare as text. */
static int
of_type(enum ftype t, const char *v, size_t n, int64_t now)
{
	struct dec x;
	int64_t tm;
	int rc;

	switch (t) {
	case FT_TIME:
		return ts_parse_rel(v, n, now, &tm);
	case FT_MONEY:
	case FT_NUMBER:
		return dec_parse(v, n, &x);
	case FT_INTEGER:
		return dec_parse(v, n, &x) == 0 && x.fn == 0 ? 0 : -1;
	case FT_BOOL:
		return (n == 4 && memcmp(v, "true", 4) == 0) ||
		    (n == 5 && memcmp(v, "false", 5) == 0) ? 0 : -1;
	case FT_TEXT:
		rc = ts_parse_rel(v, n, now, &tm);
		return rc == TS_RANGE ? rc : 0;
	default:
		return 0;
	}
}

/* v is none of the field's known values: say which they are, and the
 * nearest. */
static int
not_known(const struct fieldspec *f, const char *opt, const char *v,
    struct diag *d)
{
	struct buf b = BUF_INIT;
	const char *near = field_nearest(v, known_value, f);

	field_values_text(&b, f);
	diag_set(d, NULL, 0, 0, "%s \"%s\" is not %s (%s)%s%s%s", opt, v,
	    f->what, buf_str(&b), near ? "; did you mean " : "",
	    near ? near : "",
	    near ? "?" : "");
	buf_free(&b);
	return -1;
}

/* Each of a comma-separated list of values is a known one. */
static int
check_one_of(const struct fieldspec *f, const char *list, const char *opt,
    struct diag *d)
{
	const char *p = list, *comma;
	size_t n;

	for (;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (field_value(f, p, n) == NULL) {
			char *v = xmemdup(p, n);
			int rc = not_known(f, opt, v, d);

			free(v);
			return rc;
		}
		if (comma == NULL)
			return 0;
	}
}

/*
 * The value is of the field's type, and the operator means something for
 * it: a known word is equal or not (a different letter case is a
 * different word), an identifier is never ordered.  An empty value asks
 * for an empty field with = and !=.
 */
static int
check_value(struct cond *c, const struct fieldspec *f, int64_t now,
    const char *opt, struct diag *d)
{
	enum ftype t = f ? f->type : FT_TEXT;
	int rc;

	if (c->op == OP_RE || c->op == OP_NRE || c->op == OP_GLOB)
		return 0;
	if (c->op == OP_ONE_OF)
		return t == FT_ENUM ? check_one_of(f, c->value, opt, d) : 0;
	if (ordering(c->op) && (t == FT_ENUM || t == FT_ID || t == FT_BOOL)) {
		diag_set(d, NULL, 0, 0, "%s %s is %s: compare it with = or != "
		    "(or ~), not %s", opt, c->field, f->type == FT_ENUM ?
		    f->what : f->type == FT_ID ? "an identifier" :
		    "true or false", op_text[c->op]);
		return -1;
	}
	if (c->len == 0 && !ordering(c->op))
		return 0;
	if (t == FT_ENUM) {
		const char *known = field_value(f, c->value, c->len);

		return known && strcmp(known, c->value) == 0 ? 0 :
		    not_known(f, opt, c->value, d);
	}
	if ((rc = of_type(t, c->value, c->len, now)) == TS_RANGE)
		diag_set(d, NULL, 0, 0, "%s \"%s\" %s", opt, c->value,
		    ts_error(rc));
	else if (rc < 0)
		diag_set(d, NULL, 0, 0, "%s \"%s\" is not %s", opt, c->value,
		    type_wants(t));
	return rc < 0 ? -1 : 0;
}

/* How the value compares: as the field's type, or as it reads. */
static void
set_kind(struct cond *c, const struct fieldspec *f, int64_t now)
{
	int num = dec_parse(c->value, c->len, &c->num) == 0;

	switch (f ? f->type : FT_TEXT) {
	case FT_TIME:
		if (ts_parse_rel(c->value, c->len, now, &c->t) == 0)
			c->kind = K_TIME;
		break;
	case FT_MONEY:
	case FT_NUMBER:
	case FT_INTEGER:
		if (num)
			c->kind = K_NUM;
		break;
	case FT_TEXT:
		if (num)
			c->kind = K_NUM;
		else if (ts_parse_rel(c->value, c->len, now, &c->t) == 0)
			c->kind = K_TIME;
		break;
	default:	/* words and identifiers compare as text */
		break;
	}
}

static int
make_regex(struct cond *c, struct diag *d)
{
	char err[256];
	int rc;

	if (too_costly(c->value) != NULL) {
		diag_set(d, NULL, 0, 0, "regular expression \"%s\" refused: %s",
		    c->value, too_costly(c->value));
		return -1;
	}
	rc = regcomp(&c->re, c->value, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &c->re, err, sizeof err);
		diag_set(d, NULL, 0, 0, "bad regular expression \"%s\": %s",
		    c->value, err);
		return -1;
	}
	return 0;
}

int
cond_make(struct cond *c, const char *field, enum op op, const char *value,
    int64_t now, enum rkind k, const char *opt, struct diag *d)
{
	const struct fieldspec *f;

	memset(c, 0, sizeof *c);
	set_field(c, field, strlen(field));
	f = k != RK_ANY ? field_spec(k, c->field) : NULL;
	c->op = op;
	c->len = strlen(value);
	c->value = xmemdup(value, c->len);
	if (check_value(c, f, now, opt, d) < 0 || ((op == OP_RE ||
	    op == OP_NRE) && make_regex(c, d) < 0))
		return unmade(c);
	set_kind(c, f, now);
	return 0;
}

int
cond_parse(struct cond *c, const char *s, int64_t now, enum rkind k,
    struct diag *d)
{
	static const struct {
		const char *text;
		enum op op;
	} ops[] = {
		{ "!=", OP_NE }, { "!~", OP_NRE }, { "<=", OP_LE },
		{ ">=", OP_GE }, { "==", OP_EQ }, { "=", OP_EQ }, { "<", OP_LT },
		{ ">", OP_GT }, { "~", OP_RE },
	};
	const char *p = s, *name, *v, *end;
	char field[256], *opt, *value;
	size_t i, n;
	int rc;

	while (isspace((unsigned char)*p))
		p++;
	name = p;
	while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' ||
	    *p == '-')
		p++;
	n = (size_t)(p - name);
	while (isspace((unsigned char)*p))
		p++;
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strncmp(p, ops[i].text, strlen(ops[i].text)) == 0)
			break;
	if (n == 0 || n >= sizeof field || i == sizeof ops / sizeof ops[0]) {
		diag_set(d, NULL, 0, 0,
		    "--where '%s': expected FIELD OP VALUE, OP one of "
		    "= != < <= > >= ~ !~", s);
		return -1;
	}
	v = p + strlen(ops[i].text);
	if (*v != '\0' && strchr("<>=~!", *v) != NULL) {
		diag_set(d, NULL, 0, 0, "--where '%s': unknown operator; use "
		    "one of = != < <= > >= ~ !~", s);
		return -1;
	}
	while (isspace((unsigned char)*v))
		v++;
	end = v + strlen(v);
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	if (end - v >= 2 && (*v == '"' || *v == '\'') && end[-1] == *v)
		v++, end--;	/* quotes keep spaces at the ends */
	memcpy(field, name, n);
	field[n] = '\0';
	value = xmemdup(v, (size_t)(end - v));
	opt = xmalloc(strlen(s) + 16);
	snprintf(opt, strlen(s) + 16, "--where '%s':", s);
	rc = cond_make(c, field, ops[i].op, value, now, k, opt, d);
	free(opt);
	free(value);
	return rc;
}

static int
one_of(const char *list, const char *v, size_t n)
{
	const char *p = list, *comma;

	for (;;) {
		comma = strchr(p, ',');
		if ((size_t)((comma ? comma : p + strlen(p)) - p) == n &&
		    strncasecmp(p, v, n) == 0)
			return 1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* -1, 0, 1; or 2 when v does not read as the condition's kind. */
static int
compare(const struct cond *c, const char *v, size_t n)
{
	struct dec x;
	int64_t t;
	size_t m = n < c->len ? n : c->len;
	int r;

	switch (c->kind) {
	case K_NUM:
		if (dec_parse(v, n, &x) < 0)
			return 2;
		return dec_cmp(&x, &c->num);
	case K_TIME:
		if (ts_parse(v, n, &t) < 0)
			return 2;
		return (t > c->t) - (t < c->t);
	case K_TEXT:
		break;
	}
	r = memcmp(v, c->value, m);
	if (r == 0)
		return (n > c->len) - (n < c->len);
	return r < 0 ? -1 : 1;
}

int
cond_match(struct cond *c, const struct rec *r)
{
	long i = rec_find(r, c->field, &c->hint);
	const char *v = i < 0 ? "" : rec_val(r, (size_t)i);
	size_t n = i < 0 ? 0 : r->f[i].len;
	int k;

	switch (c->op) {
	case OP_RE:
	case OP_NRE:
		k = regexec(&c->re, v, 0, NULL, 0) == 0;
		return c->op == OP_RE ? k : !k;
	case OP_ONE_OF:
		return one_of(c->value, v, n);
	case OP_GLOB:
		return fnmatch(c->value, v, 0) == 0;
	case OP_EQ:
	case OP_NE:
		k = compare(c, v, n);
		if (k == 2)	/* not a number or time: compare as text */
			k = n == c->len && memcmp(v, c->value, n) == 0 ? 0 : 1;
		return c->op == OP_EQ ? k == 0 : k != 0;
	default:
		break;
	}
	if ((k = compare(c, v, n)) == 2)
		return 0;
	switch (c->op) {
	case OP_LT: return k < 0;
	case OP_LE: return k <= 0;
	case OP_GT: return k > 0;
	default: return k >= 0;
	}
}

void
cond_free(struct cond *c)
{
	if (c->op == OP_RE || c->op == OP_NRE)
		regfree(&c->re);
	free(c->value);
	free(c->owned);
}
