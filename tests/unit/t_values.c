/* Timestamps, durations, decimals and money (SPEC 3). */
#include <stdlib.h>
#include <time.h>

#include "base/buf.h"
#include "tap.h"
#include "values/dec.h"
#include "values/dur.h"
#include "values/money.h"
#include "values/ts.h"

static void
timestamps(void)
{
	static const struct {
		const char *tz, *in, *want;	/* want NULL: an error */
	} c[] = {
		{ "UTC", "2025-03-01T08:00:00Z", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01T08:00Z", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01t08:00:00z", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01T16:00:00+08:00", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01T16:00:00+0800", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01T03:00:00-05:00", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01T00:30:00+01:00", "2025-02-28T23:30:00Z" },
		{ "UTC", "2025-03-01T08:00:00.999Z", "2025-03-01T08:00:00Z" },
		{ "UTC", "2025-03-01 16:00:00", "2025-03-01T16:00:00Z" },
		{ "UTC", "2025-03-01", "2025-03-01T00:00:00Z" },
		{ "KST-9", "2025-03-01 16:00:00", "2025-03-01T07:00:00Z" },
		{ "KST-9", "2025-03-01", "2025-02-28T15:00:00Z" },
		{ "KST-9", "2025-03-01T16:00:00Z", "2025-03-01T16:00:00Z" },
		{ "UTC", "@1740816000", "2025-03-01T08:00:00Z" },
		{ "UTC", "@0", "1970-01-01T00:00:00Z" },
		{ "UTC", "2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z" },
		{ "UTC", "2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z" },
		{ "UTC", "2025-12-31T23:59:59Z", "2025-12-31T23:59:59Z" },
		{ "UTC", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" },
		{ "UTC", "1969-12-31T23:00:00-02:00", "1970-01-01T01:00:00Z" },
		{ "UTC", "2025-02-29T00:00:00Z", NULL },	/* not a leap year */
		{ "UTC", "1900-02-29T00:00:00Z", NULL },
		{ "UTC", "2025-02-30", NULL },
		{ "UTC", "2025-04-31", NULL },
		{ "UTC", "2025-13-01", NULL },
		{ "UTC", "2025-00-10", NULL },
		{ "UTC", "2025-01-00", NULL },
		{ "UTC", "2025-03-01T24:00:00Z", NULL },
		{ "UTC", "2025-03-01T23:60:00Z", NULL },
		{ "UTC", "2025-03-01T23:59:60Z", NULL },
		{ "UTC", "2025-03-01T08:00:00+24:00", NULL },
		{ "UTC", "2025-03-01T08:00:00+08:60", NULL },
		{ "UTC", "2025-03-01T08:00:00 Z", NULL },
		{ "UTC", "2025-3-1", NULL },
		{ "UTC", "25-03-01", NULL },
		{ "UTC", "2025-03-01T8:00Z", NULL },
		{ "UTC", "2025-03-01T08:00:00.Z", NULL },
		{ "UTC", "2025-03-01x", NULL },
		{ "UTC", "", NULL },
		{ "UTC", "@", NULL },
		{ "UTC", "@12a", NULL },
		{ "UTC", "now", NULL },	/* only where "now" is allowed */
	};
	char out[TS_BUFSZ];
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		int rc;

		setenv("TZ", c[i].tz, 1);
		tzset();
		rc = ts_parse(c[i].in, strlen(c[i].in), &t);
		if (c[i].want == NULL)
			ok(rc < 0, "timestamp \"%s\" is refused", c[i].in);
		else
			is_str(rc == 0 ? ts_format(t, out) : "(error)",
			    c[i].want, "timestamp \"%s\" (TZ=%s)", c[i].in,
			    c[i].tz);
	}
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
relative(void)
{
	static const struct {
		const char *in;
		int64_t off;
		int ok;
	} c[] = {
		{ "now", 0, 1 }, { "now-3d", -3 * 86400, 1 },
		{ "now+1w", 7 * 86400, 1 }, { "now-1d12h", -36 * 3600, 1 },
		{ "now-", 0, 0 }, { "now*3d", 0, 0 }, { "nowish", 0, 0 },
		{ "now-3", 0, 0 },
	};
	const int64_t now = 1740816000;
	int64_t t;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		int rc = ts_parse_rel(c[i].in, strlen(c[i].in), now, &t);

		if (c[i].ok)
			is_int(rc == 0 ? t - now : INT64_MIN, c[i].off,
			    "relative time \"%s\"", c[i].in);
		else
			ok(rc < 0, "relative time \"%s\" is refused", c[i].in);
	}
	is_int(ts_year(ts_days_from_civil(2025, 1, 1) * 86400 - 1, 8 * 3600),
	    2025, "2024-12-31T23:59:59Z is 2025 in UTC+8");
	is_int(ts_year(ts_days_from_civil(2025, 1, 1) * 86400 - 8 * 3600 - 1,
	    8 * 3600), 2024, "2024-12-31T15:59:59Z is still 2024 in UTC+8");
}

static void
durations(void)
{
	static const struct {
		const char *in;
		int64_t secs;	/* -1: an error */
	} c[] = {
		{ "90s", 90 }, { "30m", 1800 }, { "12h", 43200 },
		{ "5d", 432000 }, { "2w", 1209600 }, { "1d12h", 129600 },
		{ "0s", 0 }, { "1w1d1h1m1s", 694861 }, { "", -1 }, { "5", -1 },
		{ "d", -1 }, { "5x", -1 }, { "-5d", -1 }, { "5d ", -1 },
		{ "1.5d", -1 }, { "2932896d23h59m59s", 253402300799 },
	};
	int64_t s;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		int rc = dur_parse(c[i].in, strlen(c[i].in), &s);

		if (c[i].secs < 0)
			ok(rc < 0, "duration \"%s\" is refused", c[i].in);
		else
			is_int(rc == 0 ? s : -1, c[i].secs, "duration \"%s\"",
			    c[i].in);
	}
}

/* Times from 1970 through 9999, durations no longer than that span:
 * beyond, TS_RANGE and DUR_RANGE, never an overflow. */
static void
ranges(void)
{
	static const struct {
		const char *in;
		int rc;
	} t[] = {
		{ "@-1", TS_RANGE }, { "@-99999999999999", TS_RANGE },
		{ "@253402300800", TS_RANGE }, { "@253402300799", 0 },
		{ "@99999999999999999999999999", TS_RANGE },
		{ "@-99999999999999999999999999", TS_RANGE },
		{ "1969-12-31T23:59:59Z", TS_RANGE },
		{ "0001-01-01T00:00:00Z", TS_RANGE },
		{ "1970-01-01T00:00:00+00:01", TS_RANGE },
		{ "9999-12-31T23:59:59-00:01", TS_RANGE },
		{ "1970-01-01 00:00:00", 0 }, { "@-", -1 }, { "@1x", -1 },
		{ "now+106751991167300d", TS_RANGE },
		{ "now+99999999999999999999999s", TS_RANGE },
		{ "now-20000d", 0 }, { "now-30000d", TS_RANGE },
		{ "now+2932000d", TS_RANGE }, { "now+2932000x", -1 },
	};
	static const struct {
		const char *in;
		int rc;
	} d[] = {
		{ "2932896d23h59m59s", 0 }, { "2932896d23h59m60s", DUR_RANGE },
		{ "2932897d", DUR_RANGE }, { "106751991167300d", DUR_RANGE },
		{ "106751991167301d", DUR_RANGE },
		{ "99999999999999999999s", DUR_RANGE },
		{ "99999999999999999999w99999999999999999999w", DUR_RANGE },
		{ "99999999999999999999x", -1 },
	};
	struct buf b = BUF_INIT;
	int64_t v;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		is_int(ts_parse_rel(t[i].in, strlen(t[i].in), 1740816000, &v),
		    t[i].rc, "time \"%s\": %d", t[i].in, t[i].rc);
	for (i = 0; i < sizeof d / sizeof d[0]; i++)
		is_int(dur_parse(d[i].in, strlen(d[i].in), &v), d[i].rc,
		    "duration \"%s\": %d", d[i].in, d[i].rc);
	is_int(ts_add(TS_MAX, 1, &v), TS_RANGE, "TS_MAX + 1 is out of range");
	is_int(ts_add(INT64_MAX, 1, &v), TS_RANGE, "INT64_MAX + 1 is too");
	ok(ts_add(TS_MAX, -DUR_MAX, &v) == 0 && v == TS_MIN,
	    "TS_MAX - DUR_MAX is TS_MIN");
	is_str(ts_error(TS_RANGE), "is out of range (times run from "
	    "1970-01-01T00:00:00Z through 9999-12-31T23:59:59Z)",
	    "the range, as messages say it");
	is_str(ts_error(-1), "is not a timestamp", "no time at all");
	dur_format(&b, DUR_MAX);
	ok(strstr(dur_error(DUR_RANGE), buf_str(&b)) != NULL,
	    "the longest duration, as messages say it, is DUR_MAX (%s)",
	    buf_str(&b));
	buf_free(&b);
}

static void
decimals(void)
{
	static const struct {
		const char *a, *b;
		int cmp;
	} c[] = {
		{ "1", "1.0", 0 }, { "01.50", "1.5", 0 }, { "-0", "0", 0 },
		{ "2", "10", -1 }, { "-2", "-10", 1 }, { "0.1", "0.09", 1 },
		{ "99999999999999999999999", "1e3", 9 },
		{ "+3", "3", 0 }, { "-0.001", "0", -1 },
	};
	static const char *const bad[] = { "", "-", "1.", ".5", "1e3", "1,000",
	    "0x10", " 1", "1 ", "--1" };
	static const struct {
		const char *in, *want;
	} mib[] = {
		{ "8192", "8" }, { "1536", "1.5" }, { "512", "0.5" },
		{ "1000", "0.9765625" }, { "1", "0.0009765625" }, { "0", "0" },
		{ "2048.5", "2.00048828125" }, { "-1024", "-1" },
		{ "393216", "384" },
	};
	struct dec x, y;
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		if (c[i].cmp == 9) {
			ok(dec_parse(c[i].a, strlen(c[i].a), &x) == 0 &&
			    dec_parse(c[i].b, strlen(c[i].b), &y) < 0,
			    "long integers are numbers, 1e3 is not");
			continue;
		}
		dec_parse(c[i].a, strlen(c[i].a), &x);
		dec_parse(c[i].b, strlen(c[i].b), &y);
		is_int(dec_cmp(&x, &y), c[i].cmp, "compare %s with %s", c[i].a,
		    c[i].b);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(dec_parse(bad[i], strlen(bad[i]), &x) < 0,
		    "\"%s\" is not a decimal", bad[i]);
	for (i = 0; i < sizeof mib / sizeof mib[0]; i++) {
		buf_reset(&b);
		ok(dec_div_pow2(&b, mib[i].in, strlen(mib[i].in), 10) == 0,
		    "%s MiB converts", mib[i].in);
		is_str(buf_str(&b), mib[i].want, "%s MiB is %s GiB", mib[i].in,
		    mib[i].want);
	}
	buf_reset(&b);
	ok(dec_div_pow2(&b, "8 GiB", 5, 10) < 0, "\"8 GiB\" is not MiB");
	buf_free(&b);
}

static void
money(void)
{
	static const struct {
		const char *in;
		int64_t micro;
		int places;
	} c[] = {
		{ "300.00", 300000000, 2 }, { "0.01", 10000, 2 },
		{ "2736", 2736000000, 0 }, { "-45.5", -45500000, 1 },
		{ "123.4567", 123456700, 4 }, { "0.000001", 1, 6 },
		{ "350000", 350000000000, 0 },
	};
	static const char *const bad[] = { "1.0000001", "12,50", "", "abc",
	    "1.2.3" };
	static const struct {
		const char *in;
		int64_t micro;	/* 0: MONEY_RANGE */
	} range[] = {
		{ "1000000000000", MONEY_MAX },
		{ "-1000000000000.000000", -MONEY_MAX },
		{ "0001000000000000", MONEY_MAX },
		{ "1000000000000.000001", 0 }, { "-1000000000000.01", 0 },
		{ "9999999999999", 0 }, { "99999999999999999", 0 },
		{ "9000000000000.00", 0 },
	};
	static const struct {
		const char *code;
		int places;
	} cur[] = {
		{ "KRW", 0 }, { "JPY", 0 }, { "CNY", 2 }, { "USD", 2 },
		{ "EUR", 2 }, { "KWD", 3 }, { "XYZ", 2 }, { "", 2 },
	};
	static const struct {
		int64_t v;
		int places;
		const char *want;
	} fmt[] = {
		{ 300000000, 2, "300.00" }, { -45500000, 2, "-45.50" },
		{ 350000000000, 0, "350000" }, { 123456700, 2, "123.4567" },
		{ 1, 2, "0.000001" }, { 0, 0, "0" }, { -10000, 2, "-0.01" },
	};
	struct buf b = BUF_INIT;
	int64_t v;
	int places;
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		ok(money_parse(c[i].in, strlen(c[i].in), &v, &places) == 0 &&
		    v == c[i].micro && places == c[i].places,
		    "amount \"%s\" is %" PRId64 " micro-units, %d places",
		    c[i].in, c[i].micro, c[i].places);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(money_parse(bad[i], strlen(bad[i]), &v, &places) == -1,
		    "amount \"%s\" is refused", bad[i]);
	for (i = 0; i < sizeof range / sizeof range[0]; i++) {
		int rc = money_parse(range[i].in, strlen(range[i].in), &v,
		    &places);

		if (range[i].micro == 0)
			is_int(rc, MONEY_RANGE, "amount \"%s\" is out of range",
			    range[i].in);
		else
			ok(rc == 0 && v == range[i].micro,
			    "amount \"%s\" is the largest", range[i].in);
	}
	is_str(money_error(MONEY_RANGE, "9e99"), "is too large (the largest is "
	    "1000000000000)", "too large, as messages say it");
	is_str(money_error(MONEY_RANGE, "-9"), "is too small (the smallest is "
	    "-1000000000000)", "too small, as messages say it");
	is_str(money_error(-1, "x"), "is not an amount", "no amount at all");
	buf_reset(&b);
	money_format(&b, MONEY_MAX, 0);
	is_str(buf_str(&b), "1000000000000", "MONEY_MAX is what they say");
	v = INT64_MAX - 1;
	ok(money_add(&v, 1) == 0 && v == INT64_MAX, "a sum up to INT64_MAX");
	ok(money_add(&v, 1) < 0 && v == INT64_MAX,
	    "past it: refused, the sum as it was");
	v = INT64_MIN;
	ok(money_add(&v, -1) < 0 && v == INT64_MIN, "and below INT64_MIN");
	for (i = 0; i < sizeof cur / sizeof cur[0]; i++)
		is_int(currency_places(cur[i].code, strlen(cur[i].code)),
		    cur[i].places, "%s has %d decimals", cur[i].code,
		    cur[i].places);
	for (i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
		buf_reset(&b);
		money_format(&b, fmt[i].v, fmt[i].places);
		is_str(buf_str(&b), fmt[i].want, "format %s", fmt[i].want);
	}
	/* 900.01 over three instances: the remainder on the first */
	is_int(money_share(900010000, 2, 3, 0), 300010000, "share 0 of 900.01");
	is_int(money_share(900010000, 2, 3, 1), 300000000, "share 1 of 900.01");
	is_int(money_share(900010000, 2, 3, 2), 300000000, "share 2 of 900.01");
	is_int(money_share(100000000000, 0, 3, 0), 33334000000,
	    "KRW 100000 over 3: 33334 first");
	is_int(money_share(100000000000, 0, 3, 1), 33333000000,
	    "KRW 100000 over 3: 33333 then");
	buf_free(&b);
}

/*
 * The written form, YYYY-MM-DDTHH:MM:SSZ, is read and written by a path
 * of its own: each day from 1970 to 2100 and then every 97th to 9999,
 * at a second of the day that moves, is written as gmtime(3) says, and
 * read back the same, as is the same time with "+00:00" (the general
 * path); dates that are not are refused.
 */
static void
written(void)
{
	static const char *const bad[] = { "2023-02-29T00:00:00Z",
	    "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
	    "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z",
	    "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z",
	    "2O24-01-01T00:00:00Z", "2024-01-01T00:00:0/Z",
	    "2024-01-01T00:00:00+" };
	char out[TS_BUFSZ], want[64], plus[64];
	int64_t t, back, back2, day;
	long wrong = 0, n = 0;
	struct tm tm;
	time_t tt;
	size_t i;

	for (day = 0; day * 86400 <= TS_MAX; day += day < 47482 ? 1 : 97) {
		t = day * 86400 + (day * 7919) % 86400;
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		snprintf(plus, sizeof plus, "%.19s+00:00", want);
		n++;
		wrong += strcmp(ts_format(t, out), want) != 0 ||
		    ts_parse(want, strlen(want), &back) != 0 || back != t ||
		    ts_parse(plus, strlen(plus), &back2) != 0 || back2 != t;
	}
	is_int(wrong, 0, "%ld times written as gmtime says and read back",
	    n);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(ts_parse(bad[i], strlen(bad[i]), &t) < 0,
		    "timestamp \"%s\" is refused", bad[i]);
	is_str(ts_format(TS_MAX, out), "9999-12-31T23:59:59Z",
	    "the last time written");
	is_str(ts_format(TS_MAX + 1, out), "10000-01-01T00:00:00Z",
	    "a time past it written as it always was");
}

int
main(void)
{
	timestamps();
	written();
	relative();
	durations();
	ranges();
	decimals();
	money();
	return done();
}
