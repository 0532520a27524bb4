#include <stdint.h>
#include <string.h>

#include "values/ident.h"

/* The bytes an id may hold, one bit each: "-", ".", digits and ":" of
 * the first 64; letters and "_" of the next. */
#define ID_LOW	(UINT64_C(3) << 45 | UINT64_C(0x7ff) << 48)
#define ID_HIGH	(UINT64_C(0x3ffffff) << 1 | UINT64_C(1) << 31 | \
	UINT64_C(0x3ffffff) << 33)

int
ident_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > IDENT_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* not isalnum(3): its letters are the locale's */
		if (c >= 128 || !((c < 64 ? ID_LOW >> c :
		    ID_HIGH >> (c - 64)) & 1))
			return 0;
	}
	return 1;
}

int
ident_list_ok(const char *s, size_t n)
{
	const char *end = s + n, *semi;

	for (;;) {
		semi = memchr(s, ';', (size_t)(end - s));
		if (!ident_ok(s, (size_t)((semi ? semi : end) - s)))
			return 0;
		if (semi == NULL)
			return 1;
		s = semi + 1;
	}
}
