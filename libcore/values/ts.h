/*
 * Timestamps (SPEC 3.1): int64 seconds since 1970-01-01T00:00:00Z.
 * Read RFC 3339 / ISO 8601 with or without offset (none: local time of
 * TZ), "YYYY-MM-DD", "@SECONDS"; written as YYYY-MM-DDTHH:MM:SSZ.
 */
#ifndef TS_H
#define TS_H

#include <stddef.h>
#include <stdint.h>

#define TS_LEN 20	/* strlen("2025-03-01T08:00:00Z") */
#define TS_BUFSZ 32	/* room for any year an int64 time can have */

/*
 * The times there are: 1970-01-01T00:00:00Z through 9999-12-31T23:59:59Z,
 * the years a four-digit date can write from the Unix epoch on.  Every
 * time read is one of them, so no difference or sum of two times, nor a
 * time plus a duration (dur.h), can overflow.
 */
#define TS_MIN		INT64_C(0)
#define TS_MAX		INT64_C(253402300799)
/* What ts_parse and ts_parse_rel return for a time outside them (text
 * that is no time at all gives -1). */
#define TS_RANGE	(-2)

int	 ts_parse(const char *, size_t, int64_t *);
/* Also "now", "now-3d", "now+1w", relative to now. */
int	 ts_parse_rel(const char *, size_t, int64_t now, int64_t *);
/* t + secs: 0, or TS_RANGE when that is outside the times there are. */
int	 ts_add(int64_t t, int64_t secs, int64_t *);
/* What is wrong with a time ts_parse refused with rc, for a message:
 * "is not a timestamp", or that it is out of range. */
const char *ts_error(int rc);
char	*ts_format(int64_t, char [TS_BUFSZ]);
/* A UTC offset: "Z", "+08:00", "+0800", "-05". */
int	 ts_parse_offset(const char *, size_t, int64_t *secs);
int64_t	 ts_days_from_civil(int64_t y, int m, int d);
/* Calendar year of t in a zone east of UTC by off seconds. */
int64_t	 ts_year(int64_t t, int64_t off);

#endif
