#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "values/dec.h"
#include "values/money.h"

static const int64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

int
money_parse(const char *s, size_t n, int64_t *out, int *places)
{
	static const size_t most = 13;	/* digits of MONEY_MAX's units */
	struct dec d;
	int64_t v = 0;
	size_t i, fn;

	if (dec_parse(s, n, &d) < 0)
		return -1;
	/* dec_parse trimmed trailing zeros; count what was written, all
	 * that follows where the fraction starts (the end, without one). */
	fn = (size_t)(s + n - d.fp);
	if (d.fn > MONEY_PLACES)
		return -1;
	if (d.in > most)
		return MONEY_RANGE;
	for (i = 0; i < d.in; i++)
		v = v * 10 + (d.ip[i] - '0');
	if (v > MONEY_MAX / MONEY_ONE)
		return MONEY_RANGE;
	v *= MONEY_ONE;
	for (i = 0; i < d.fn; i++)
		v += (d.fp[i] - '0') * pow10[MONEY_PLACES - 1 - i];
	if (v > MONEY_MAX)
		return MONEY_RANGE;
	*out = d.neg ? -v : v;
	if (places)
		*places = fn > MONEY_PLACES ? MONEY_PLACES : (int)fn;
	return 0;
}

const char *
money_error(int rc, const char *s)
{
	if (rc != MONEY_RANGE)
		return "is not an amount";
	return *s == '-' ? "is too small (the smallest is -1000000000000)" :
	    "is too large (the largest is 1000000000000)";
}

int
money_add(int64_t *sum, int64_t v)
{
	int64_t r;

	if (__builtin_add_overflow(*sum, v, &r))
		return -1;
	*sum = r;
	return 0;
}

int
currency_places(const char *c, size_t n)
{
	static const char *const zero[] = { "BIF", "CLP", "DJF", "GNF", "ISK",
	    "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV",
	    "XAF", "XOF", "XPF" };
	static const char *const three[] = { "BHD", "IQD", "JOD", "KWD", "LYD",
	    "OMR", "TND" };
	size_t i;

	if (n != 3)
		return 2;
	for (i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (memcmp(c, zero[i], 3) == 0)
			return 0;
	for (i = 0; i < sizeof three / sizeof three[0]; i++)
		if (memcmp(c, three[i], 3) == 0)
			return 3;
	return 2;
}

void
money_format(struct buf *b, int64_t v, int places)
{
	uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t ip = a / MONEY_ONE, fp = a % MONEY_ONE;
	int p = places;
	char d[24];	/* the digits, written from the last */
	size_t k = sizeof d;

	while (p < MONEY_PLACES && fp % pow10[MONEY_PLACES - p] != 0)
		p++;	/* never hide digits that are there */
	if (p > 0) {
		fp /= (uint64_t)pow10[MONEY_PLACES - p];
		while (p-- > 0) {
			d[--k] = (char)('0' + fp % 10);
			fp /= 10;
		}
		d[--k] = '.';
	}
	do {
		d[--k] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	if (v < 0)
		d[--k] = '-';
	buf_add(b, d + k, sizeof d - k);
}

/* No overflow: a part is at most the whole. */
int64_t
money_share(int64_t v, int places, size_t n, size_t i)
{
	int64_t unit = pow10[MONEY_PLACES - places];
	int64_t units = v / unit, part = units / (int64_t)n;

	if (i == 0)
		part += units % (int64_t)n;
	return part * unit;
}

int
money_div_round(money_wide num, money_wide den, int places, enum rounding r,
    int64_t *out)
{
	money_wide unit = pow10[MONEY_PLACES - places], q, rem;
	int neg = num < 0;

	if (neg)
		num = -num;
	if (__builtin_mul_overflow(den, unit, &den))
		return -1;
	q = num / den;
	rem = num - q * den;
	if (2 * rem > den || (2 * rem == den &&
	    (r == ROUND_HALF_UP || (q & 1) != 0)))
		q++;
	if (__builtin_mul_overflow(q, unit, &q) || q > INT64_MAX)
		return -1;
	*out = neg ? -(int64_t)q : (int64_t)q;
	return 0;
}
