#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "fields.h"
#include "ts.h"
#include "where.h"
#include "xalloc.h"

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

int
cond_make(struct cond *c, const char *field, enum op op, const char *value,
    int64_t now, struct diag *d)
{
	char err[256];
	int rc;

	memset(c, 0, sizeof *c);
	set_field(c, field, strlen(field));
	c->op = op;
	c->len = strlen(value);
	c->value = xmemdup(value, c->len);
	if (dec_parse(c->value, c->len, &c->num) == 0)
		c->kind = K_NUM;
	else if ((rc = ts_parse_rel(c->value, c->len, now, &c->t)) == 0)
		c->kind = K_TIME;
	else if (rc == TS_RANGE) {
		diag_set(d, NULL, 0, 0, "\"%s\" %s", c->value, ts_error(rc));
		return unmade(c);
	}
	if ((op == OP_RE || op == OP_NRE) && too_costly(c->value) != NULL) {
		diag_set(d, NULL, 0, 0, "regular expression \"%s\" refused: %s",
		    c->value, too_costly(c->value));
		return unmade(c);
	}
	if (op == OP_RE || op == OP_NRE) {
		rc = regcomp(&c->re, c->value, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &c->re, err, sizeof err);
			diag_set(d, NULL, 0, 0, "bad regular expression \"%s\": %s",
			    c->value, err);
			return unmade(c);
		}
	}
	return 0;
}

int
cond_parse(struct cond *c, const char *s, int64_t now, struct diag *d)
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
	char field[256];
	size_t i, n;

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
		    "--where \"%s\": expected FIELD OP VALUE, OP one of "
		    "= != < <= > >= ~ !~", s);
		return -1;
	}
	v = p + strlen(ops[i].text);
	if (*v != '\0' && strchr("<>=~!", *v) != NULL) {
		diag_set(d, NULL, 0, 0, "--where \"%s\": unknown operator; use "
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
	{
		char *value = xmemdup(v, (size_t)(end - v));
		int rc = cond_make(c, field, ops[i].op, value, now, d);

		free(value);
		return rc;
	}
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
