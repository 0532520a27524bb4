#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "values/dur.h"
#include "values/ts.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's method). */
int64_t
ts_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;	/* 0 to 399: divided unsigned, as cheaper */
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + (int64_t)((uint64_t)yoe / 4) -
	    (int64_t)((uint64_t)yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Two digits of v, 0 to 99. */
static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

char *
ts_format(int64_t t, char out[TS_BUFSZ])
{
	int64_t days = floordiv(t, 86400), secs = t - days * 86400, y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, TS_BUFSZ, "%04" PRId64 "-%02d-%02dT%02d:%02d:"
		    "%02dZ", y, m, d, (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60));
		return out;
	}
	/* what that snprintf writes for these years, without its cost
	 * (a quote writes a time on every row) */
	put2(out, (int)(y / 100));
	put2(out + 2, (int)(y % 100));
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = 'T';
	put2(out + 11, (int)(secs / 3600));
	out[13] = ':';
	put2(out + 14, (int)(secs / 60 % 60));
	out[16] = ':';
	put2(out + 17, (int)(secs % 60));
	out[19] = 'Z';
	out[20] = '\0';
	return out;
}

int64_t
ts_year(int64_t t, int64_t off)
{
	int64_t y;
	int m, d;

	civil_from_days(floordiv(t + off, 86400), &y, &m, &d);
	return y;
}

static int
days_in_month(int64_t y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

/* Read exactly n digits at *p. */
static int
digits(const char **p, const char *end, int n, int *out)
{
	int v = 0;

	if (end - *p < n)
		return -1;
	while (n--) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	*out = v;
	return 0;
}

/* Digits capped just past TS_MAX: a time too far is told from no time. */
static int
unix_seconds(const char *p, const char *end, int64_t *t)
{
	int neg = 0;
	int64_t v = 0;

	if (p < end && *p == '-')
		neg = 1, p++;
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
		if (v > TS_MAX)
			v = TS_MAX + 1;
	}
	*t = neg ? -v : v;
	return 0;
}

static int zone(const char *, const char *, int64_t *);

/* "Z", "+08:00", "+0800" or "+08": seconds east of UTC. */
int
ts_parse_offset(const char *s, size_t n, int64_t *off)
{
	return zone(s, s + n, off);
}

static int
zone(const char *p, const char *end, int64_t *off)
{
	int sign, h, m = 0;

	if (end - p == 1 && (*p == 'Z' || *p == 'z')) {
		*off = 0;
		return 0;
	}
	if (p == end || (*p != '+' && *p != '-'))
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, end, 2, &h) < 0)
		return -1;
	if (p < end && *p == ':')
		p++;
	if (p < end && digits(&p, end, 2, &m) < 0)
		return -1;
	if (p != end || h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

static int
local_time(int64_t y, int mo, int d, int h, int mi, int s, int64_t *t)
{
	struct tm tm;
	time_t r;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	tm.tm_wday = -1;
	r = mktime(&tm);
	if (tm.tm_wday == -1)	/* mktime(3) failed: -1 is also a time */
		return -1;
	*t = (int64_t)r;
	return 0;
}

/*
 * The form written, YYYY-MM-DDTHH:MM:SSZ, most times of a file, read
 * in one go: 1 with *t; 0 when s is not of that form or not a time
 * in it, for parse() to read as it reads any other.
 */
static int
written(const char *s, size_t n, int64_t *t)
{
	static const unsigned char at[14] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12,
	    14, 15, 17, 18 };
	unsigned v[14], bad = 0, y, mo, d, h, mi, sec;
	size_t k;

	if (n != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return 0;
	for (k = 0; k < 14; k++) {	/* no branch per digit */
		v[k] = (unsigned char)s[at[k]] - (unsigned)'0';
		bad |= v[k] > 9;
	}
	if (bad)
		return 0;
	y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	mo = v[4] * 10 + v[5];
	d = v[6] * 10 + v[7];
	h = v[8] * 10 + v[9];
	mi = v[10] * 10 + v[11];
	sec = v[12] * 10 + v[13];
	if (mo < 1 || mo > 12 || d < 1 || d > (unsigned)days_in_month(y,
	    (int)mo) || h > 23 || mi > 59 || sec > 59)
		return 0;
	*t = ts_days_from_civil(y, (int)mo, (int)d) * 86400 +
	    (int64_t)(h * 3600 + mi * 60 + sec);
	return 1;
}

static int
parse(const char *s, size_t n, int64_t *t)
{
	const char *p = s, *end = s + n;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t off, days;

	if (written(s, n, t))
		return 0;
	if (n > 0 && *p == '@')
		return unix_seconds(p + 1, end, t);
	if (digits(&p, end, 4, &y) < 0 || p == end || *p++ != '-' ||
	    digits(&p, end, 2, &mo) < 0 || p == end || *p++ != '-' ||
	    digits(&p, end, 2, &d) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (p == end)
		return local_time(y, mo, d, 0, 0, 0, t);
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, end, 2, &h) < 0 || p == end || *p++ != ':' ||
	    digits(&p, end, 2, &mi) < 0)
		return -1;
	if (p < end && *p == ':') {
		p++;
		if (digits(&p, end, 2, &sec) < 0)
			return -1;
		if (p < end && *p == '.') {	/* fractions of a second: dropped */
			if (++p == end || !isdigit((unsigned char)*p))
				return -1;
			while (p < end && isdigit((unsigned char)*p))
				p++;
		}
	}
	if (h > 23 || mi > 59 || sec > 59)
		return -1;
	if (p == end)
		return local_time(y, mo, d, h, mi, sec, t);
	if (zone(p, end, &off) < 0)
		return -1;
	days = ts_days_from_civil(y, mo, d);
	*t = days * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

int
ts_parse(const char *s, size_t n, int64_t *t)
{
	int64_t v;

	if (parse(s, n, &v) < 0)
		return -1;
	if (v < TS_MIN || v > TS_MAX)
		return TS_RANGE;
	*t = v;
	return 0;
}

int
ts_add(int64_t t, int64_t secs, int64_t *out)
{
	int64_t v;

	if (__builtin_add_overflow(t, secs, &v) || v < TS_MIN || v > TS_MAX)
		return TS_RANGE;
	*out = v;
	return 0;
}

int
ts_parse_rel(const char *s, size_t n, int64_t now, int64_t *t)
{
	int64_t d;
	int rc;

	if (n < 3 || memcmp(s, "now", 3) != 0)
		return ts_parse(s, n, t);
	if (n == 3)
		return ts_add(now, 0, t);
	if (s[3] != '-' && s[3] != '+')
		return -1;
	if ((rc = dur_parse(s + 4, n - 4, &d)) < 0)
		return rc == DUR_RANGE ? TS_RANGE : -1;
	return ts_add(now, s[3] == '-' ? -d : d, t);
}

const char *
ts_error(int rc)
{
	return rc == TS_RANGE ? "is out of range (times run from "
	    "1970-01-01T00:00:00Z through 9999-12-31T23:59:59Z)" :
	    "is not a timestamp";
}
