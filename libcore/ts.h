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

int	 ts_parse(const char *, size_t, int64_t *);
/* Also "now", "now-3d", "now+1w", relative to now. */
int	 ts_parse_rel(const char *, size_t, int64_t now, int64_t *);
char	*ts_format(int64_t, char [TS_BUFSZ]);
/* A UTC offset: "Z", "+08:00", "+0800", "-05". */
int	 ts_parse_offset(const char *, size_t, int64_t *secs);
int64_t	 ts_days_from_civil(int64_t y, int m, int d);
/* Calendar year of t in a zone east of UTC by off seconds. */
int64_t	 ts_year(int64_t t, int64_t off);

#endif
