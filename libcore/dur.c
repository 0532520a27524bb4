#include <ctype.h>
#include <inttypes.h>

#include "buf.h"
#include "dur.h"

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
			if (v > (INT64_MAX - 9) / 10)
				return -1;
			v = v * 10 + (*p++ - '0');
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
		if (v > (INT64_MAX - total) / unit)
			return -1;
		total += v * unit;
	}
	*out = total;
	return 0;
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
