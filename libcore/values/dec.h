/*
 * Decimal numbers as text ("-12.50"), handled exactly: validity,
 * comparison, and the one division the formats need (MiB to GiB).
 */
#ifndef DEC_H
#define DEC_H

#include <stddef.h>

struct buf;

struct dec {
	int		 neg;
	const char	*ip, *fp;	/* integer and fraction digits */
	size_t		 in, fn;
};

/* [+-]DIGITS[.DIGITS]; 0 when valid. */
int	dec_parse(const char *, size_t, struct dec *);
int	dec_cmp(const struct dec *, const struct dec *);
/* Append s / 2^k exactly, without trailing zeros; -1 if s is no number. */
int	dec_div_pow2(struct buf *, const char *, size_t, int k);

#endif
