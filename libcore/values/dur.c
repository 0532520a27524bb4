#include <ctype.h>
#include <inttypes.h>

#include "base/buf.h"
#include "values/dur.h"

/*
 * Numbers are capped just past DUR_MAX as they are read, so that a
 * duration too long is told from text that is none, and nothing
 * overflows: the capped number times a week still fits.
 */
int
dur_parse(const char *s, size_t n, int64_t *out)
{
	const char *p = s, *end = s + n;
	int64_t total = 0;

	if (n == 0)
		return -1;
	while (p < end) {
		int64_t v = 0, unit;

		if (!isdigit((unsigned char)*p))
			return -1;
		while (p < end && isdigit((unsigned char)*p)) {
			v = v * 10 + (*p++ - '0');
			if (v > DUR_MAX)
				v = DUR_MAX + 1;
		}
		if (p == end)
			return -1;	/* a number needs its unit */
		switch (*p++) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		default: return -1;
		}
		total += v * unit;
		if (total > DUR_MAX)
			total = DUR_MAX + 1;
	}
	if (total > DUR_MAX)
		return DUR_RANGE;
	*out = total;
	return 0;
}

const char *
dur_error(int rc)
{
	return rc == DUR_RANGE ? "is too long (the longest is "
	    "2932896d23h59m59s, from 1970 through 9999)" :
	    "is not a duration (like 90s, 30m, 12h, 5d, 2w, 1d12h)";
}

void
dur_format(struct buf *b, int64_t secs)
{
	static const struct {
		char unit;
		int64_t secs;
	} u[] = { { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	size_t i;

	if (secs <= 0) {
		buf_adds(b, "0s");
		return;
	}
	for (i = 0; i < sizeof u / sizeof u[0]; i++)
		if (secs >= u[i].secs) {
			buf_addf(b, "%" PRId64 "%c", secs / u[i].secs, u[i].unit);
			secs %= u[i].secs;
		}
}
