#include <string.h>

#include "values/ident.h"

int
ident_ok(const char *s, size_t n)
{
	static const char also[] = "-_.:";
	size_t i;

	if (n == 0 || n > IDENT_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* not isalnum(3): its letters are the locale's */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != '\0' &&
		    memchr(also, c, sizeof also - 1) != NULL)))
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
