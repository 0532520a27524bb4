/*
 * Timestamps, durations, money and decimals: whatever parses is in range
 * and formats back to text that parses to the same value; comparison is
 * consistent.  Ids need no shell quoting, and what shq_add quotes reads
 * back as the same one word.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "fuzz.h"
#include "records/fields.h"
#include "values/dec.h"
#include "values/dur.h"
#include "values/ident.h"
#include "values/money.h"
#include "values/shq.h"
#include "values/ts.h"

/* The word sh(1) makes of q, a word shq_add wrote: plain characters,
 * '...' and \' only.  NULL if q is anything else. */
static char *
unquote(const char *q)
{
	char *w = malloc(strlen(q) + 1), *o = w;

	while (*q) {
		if (*q == '\\' && q[1] == '\'') {
			*o++ = '\'';
			q += 2;
		} else if (*q == '\'') {
			for (q++; *q && *q != '\''; q++)
				*o++ = *q;
			if (*q++ != '\'') {
				free(w);
				return NULL;
			}
		} else if (strchr("._:/@%+=,-", *q) != NULL ||
		    (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z'))
			*o++ = *q++;
		else {
			free(w);
			return NULL;
		}
	}
	*o = '\0';
	return w;
}

static void
words(const char *s, size_t size)
{
	char *z = malloc(size + 1), *w;
	struct buf b = BUF_INIT;

	memcpy(z, s, size);
	z[size] = '\0';
	shq_add(&b, z);
	w = unquote(buf_str(&b));
	must(w != NULL && strcmp(w, z) == 0);
	if (ident_ok(s, size))
		must(strcmp(buf_str(&b), z) == 0);	/* as it is */
	free(w);
	free(z);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char t1[TS_BUFSZ];
	struct buf b = BUF_INIT;
	struct dec x, y;
	int64_t t, u, v, w;
	size_t half = size / 2, i;
	int places;
	uint32_t cp;

	setenv("TZ", "UTC", 1);
	tzset();
	if (ts_parse(s, size, &t) == 0) {
		must(t >= TS_MIN && t <= TS_MAX);
		ts_format(t, t1);
		must(ts_parse(t1, strlen(t1), &u) == 0 && u == t);
	}
	if (ts_parse_rel(s, size, 1740816000, &t) == 0)
		must(t >= TS_MIN && t <= TS_MAX);
	if (dur_parse(s, size, &t) == 0) {
		must(t >= 0 && t <= DUR_MAX);
		dur_format(&b, t);
		must(dur_parse(b.p, b.len, &u) == 0 && u == t);
	}
	buf_reset(&b);
	if (money_parse(s, size, &v, &places) == 0) {
		must(v >= -MONEY_MAX && v <= MONEY_MAX);
		money_format(&b, v, places);
		must(money_parse(b.p, b.len, &w, NULL) == 0 && w == v);
	}
	if (memchr(s, '\0', size) == NULL)
		words(s, size);
	if (dec_parse(s, half, &x) == 0 && dec_parse(s + half, size - half,
	    &y) == 0) {
		must(dec_cmp(&x, &y) == -dec_cmp(&y, &x));
		must(dec_cmp(&x, &x) == 0);
	}
	buf_reset(&b);
	if (size < 64 && dec_div_pow2(&b, s, size, 10) == 0)
		must(dec_parse(b.p, b.len, &x) == 0);
	field_category(s, size);
	field_family(s, size, &s);
	s = (const char *)data;
	utf8_width(s, size);
	for (i = 0; i < size;) {
		i += utf8_decode(s + i, size - i, &cp);
		must(cp <= 0x10FFFF);
	}
	buf_free(&b);
	return 0;
}
