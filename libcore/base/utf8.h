/*
 * UTF-8: decoding, validation and display width.  Width comes from our own
 * table, not wcwidth(3), so table output is the same whatever the locale.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one character; invalid bytes decode as U+FFFD, one byte each. */
size_t	utf8_decode(const char *, size_t, uint32_t *);
/* Encode scalar value c (not a surrogate, at most U+10FFFF) into s, which
 * has room for 4 bytes; returns the length. */
size_t	utf8_encode(char *, uint32_t);
/* Offset of the first invalid byte, or n if the text is valid UTF-8. */
size_t	utf8_invalid(const char *, size_t);
/* Columns a terminal uses for one character: 0, 1 or 2. */
int	uc_width(uint32_t);
size_t	utf8_width(const char *, size_t);
/* Characters (not bytes) in s[0..n): for 1-based column numbers. */
size_t	utf8_chars(const char *, size_t);

#endif
