#include <string.h>

#include "base/buf.h"
#include "values/shq.h"

/* Characters sh(1) gives no meaning to, wherever they are in a word. */
static int
plain(unsigned char c)
{
	static const char also[] = "._:/@%+=,-";

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    memchr(also, c, sizeof also - 1) != NULL);
}

void
shq_add(struct buf *b, const char *s)
{
	const char *p;

	for (p = s; *p && plain((unsigned char)*p); p++)
		;
	if (*s && *p == '\0') {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '\'');
	for (p = s; *p; p++)
		if (*p == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *p);
	buf_addc(b, '\'');
}
