#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"

void
diag_set(struct diag *d, const char *file, long line, long col,
    const char *fmt, ...)
{
	va_list ap;

	/* d is filled here, never read: callers pass a fresh one */
	/* cppcheck-suppress ctuuninitvar */
	snprintf(d->file, sizeof d->file, "%s", file ? file : "");
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
}

void
diag_print(const struct diag *d, const char *prog)
{
	if (d->file[0] == '\0')
		fprintf(stderr, "%s: %s\n", prog, d->msg);
	else if (d->line <= 0)
		fprintf(stderr, "%s: %s: %s\n", prog, d->file, d->msg);
	else if (d->col <= 0)
		fprintf(stderr, "%s: %s:%ld: %s\n", prog, d->file, d->line,
		    d->msg);
	else
		fprintf(stderr, "%s: %s:%ld:%ld: %s\n", prog, d->file, d->line,
		    d->col, d->msg);
}

/*
 * Quote offending text for a message: in double quotes, control bytes and
 * invalid UTF-8 escaped, cut to a readable length between characters.
 */
const char *
diag_quote(char dst[QUOTE_MAX], const char *s, size_t n)
{
	const size_t max = 40;
	size_t i, o = 0, k;
	uint32_t cp;

	dst[o++] = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i >= max) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		if (c >= 0x80) {
			k = utf8_decode(s + i, n - i, &cp);
			if (cp == 0xFFFD && k == 1)
				o += (size_t)sprintf(dst + o, "\\x%02x", c);
			else {
				memcpy(dst + o, s + i, k);
				o += k;
				i += k - 1;
			}
			continue;
		}
		if (c == '"' || c == '\\')
			o += (size_t)sprintf(dst + o, "\\%c", c);
		else if (c == '\n')
			o += (size_t)sprintf(dst + o, "\\n");
		else if (c == '\r')
			o += (size_t)sprintf(dst + o, "\\r");
		else if (c == '\t')
			o += (size_t)sprintf(dst + o, "\\t");
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)sprintf(dst + o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o++] = '"';
	dst[o] = '\0';
	return dst;
}
