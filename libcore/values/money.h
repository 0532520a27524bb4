/*
 * Money (SPEC 3.3): exact decimal amounts held as integer counts of
 * 10^-6 of the currency unit; never a binary float.  The minor unit of a
 * currency says where results are rounded.
 */
#ifndef MONEY_H
#define MONEY_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define MONEY_PLACES	6
#define MONEY_ONE	INT64_C(1000000)
/*
 * The largest amount read, either sign: 10^12 units of any currency, a
 * thousand times what one ECS order could cost even in won or yen.  In
 * micro-units that is 10^18, so any nine amounts add up within int64;
 * sums of more are checked (money_add).
 */
#define MONEY_MAX	(INT64_C(1000000000000) * MONEY_ONE)
/* What money_parse returns for an amount beyond MONEY_MAX (text that is
 * no amount at all gives -1). */
#define MONEY_RANGE	(-2)

enum rounding { ROUND_HALF_UP, ROUND_HALF_EVEN };

/* Intermediate products of refund arithmetic need more than 64 bits. */
__extension__ typedef __int128 money_wide;

/* Decimal text to micro-units; *places gets the decimals written. */
int	money_parse(const char *, size_t, int64_t *, int *places);
/* What is wrong with the amount s that money_parse refused with rc, for
 * a message: "is not an amount", or that it is too large or too small. */
const char *money_error(int rc, const char *s);
/* *sum += v: 0, or -1, *sum unchanged, when the result would not fit. */
int	money_add(int64_t *sum, int64_t v);
/* Decimal places of the minor unit: ISO 4217, 2 when unknown. */
int	currency_places(const char *, size_t);
/* Append v with exactly places decimals (more if v needs them). */
void	money_format(struct buf *, int64_t, int places);
/* num / den (den > 0) rounded once to the minor unit of a currency with
 * places decimals, in micro-units; -1 if the result does not fit. */
int	money_div_round(money_wide num, money_wide den, int places,
	    enum rounding, int64_t *out);
/* Split v into n parts at places decimals; part i (0-based) of n, the
 * remainder going to part 0. */
int64_t	money_share(int64_t, int places, size_t n, size_t i);

#endif
