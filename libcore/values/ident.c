#include <stdint.h>
#include <string.h>

#include "base/swar.h"
#include "values/ident.h"

/* The bytes an id may hold, one bit each: "-", ".", digits and ":" of
 * the first 64; letters and "_" of the next. */
#define ID_LOW	(UINT64_C(3) << 45 | UINT64_C(0x7ff) << 48)
#define ID_HIGH	(UINT64_C(0x3ffffff) << 1 | UINT64_C(1) << 31 | \
	UINT64_C(0x3ffffff) << 33)

/* The high bit of each byte of w, all ASCII, from lo (1 or more) to hi:
 * no sum carries out of its byte. */
static uint64_t
in_range(uint64_t w, unsigned lo, unsigned hi)
{
	return (w + SWAR_ONES * (0x80 - lo)) & ~(w + SWAR_ONES * (0x7f - hi)) &
	    SWAR_HIGH;
}

/* Are all eight bytes of w bytes of an id? The same set as the table:
 * letters are those that are lower case once bit 0x20 is set. */
static int
word_ok(uint64_t w)
{
	if (w & SWAR_HIGH)
		return 0;
	return (in_range(w, '-', '.') | in_range(w, '0', ':') |
	    in_range(w | SWAR_ONES * 0x20, 'a', 'z') |
	    swar_eq(w, '_')) == SWAR_HIGH;
}

int
ident_ok(const char *s, size_t n)
{
	/* not isalnum(3): its letters are the locale's */
	static const uint64_t ok[4] = { ID_LOW, ID_HIGH, 0, 0 };
	uint64_t bad = 0;
	size_t i;

	if (n == 0 || n > IDENT_MAX)
		return 0;
	if (n >= 8) {	/* by words, the last one overlapping if need be */
		for (i = 0; i + 8 <= n; i += 8)
			if (!word_ok(swar_load(s + i)))
				return 0;
		return i == n || word_ok(swar_load(s + n - 8));
	}
	for (i = 0; i < n; i++) {	/* no branch per byte */
		unsigned char c = (unsigned char)s[i];

		bad |= ~ok[c >> 6] >> (c & 63);
	}
	return (bad & 1) == 0;
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
