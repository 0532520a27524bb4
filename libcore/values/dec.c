#include "base/buf.h"
#include "values/dec.h"

/* isdigit(3) as it is in every locale, without its table. */
static int
digit(char c)
{
	return (unsigned char)c - (unsigned)'0' <= 9;
}

int
dec_parse(const char *s, size_t n, struct dec *d)
{
	const char *p = s, *end = s + n;

	d->neg = 0;
	if (p < end && (*p == '-' || *p == '+'))
		d->neg = *p++ == '-';
	d->ip = p;
	while (p < end && digit(*p))
		p++;
	d->in = (size_t)(p - d->ip);
	d->fp = p;
	d->fn = 0;
	if (p < end && *p == '.') {
		d->fp = ++p;
		while (p < end && digit(*p))
			p++;
		d->fn = (size_t)(p - d->fp);
		if (d->fn == 0)
			return -1;
	}
	if (d->in == 0 || p != end)
		return -1;
	/* Canonical form for comparison: no leading or trailing zeros. */
	while (d->in > 0 && *d->ip == '0')
		d->ip++, d->in--;
	while (d->fn > 0 && d->fp[d->fn - 1] == '0')
		d->fn--;
	if (d->in == 0 && d->fn == 0)
		d->neg = 0;	/* -0 = 0 */
	return 0;
}

static int
cmp_abs(const struct dec *a, const struct dec *b)
{
	size_t i;

	if (a->in != b->in)
		return a->in < b->in ? -1 : 1;
	for (i = 0; i < a->in; i++)
		if (a->ip[i] != b->ip[i])
			return a->ip[i] < b->ip[i] ? -1 : 1;
	for (i = 0; i < a->fn || i < b->fn; i++) {
		char x = i < a->fn ? a->fp[i] : '0';
		char y = i < b->fn ? b->fp[i] : '0';

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int
dec_cmp(const struct dec *a, const struct dec *b)
{
	if (a->neg != b->neg)
		return a->neg ? -1 : 1;
	return a->neg ? -cmp_abs(a, b) : cmp_abs(a, b);
}

/*
 * x / 2^k = x * 5^k / 10^k: multiply the digits by 5 k times, then put the
 * decimal point k places further left.  Digit strings, so no size limit.
 */
int
dec_div_pow2(struct buf *out, const char *s, size_t n, int k)
{
	struct dec d;
	struct buf dig = BUF_INIT;
	size_t i, point;
	int j;

	if (dec_parse(s, n, &d) < 0)
		return -1;
	buf_add(&dig, d.ip, d.in);
	buf_add(&dig, d.fp, d.fn);
	for (j = 0; j < k; j++) {
		int carry = 0;

		for (i = dig.len; i-- > 0;) {
			int v = (dig.p[i] - '0') * 5 + carry;

			dig.p[i] = (char)('0' + v % 10);
			carry = v / 10;
		}
		if (carry) {
			buf_addc(&dig, '0');
			memmove(dig.p + 1, dig.p, dig.len - 1);
			dig.p[0] = (char)('0' + carry);
		}
	}
	point = d.fn + (size_t)k;	/* digits after the point */
	while (dig.len < point + 1) {	/* at least one integer digit */
		buf_addc(&dig, '0');
		memmove(dig.p + 1, dig.p, dig.len - 1);
		dig.p[0] = '0';
	}
	while (point > 0 && dig.p[dig.len - 1] == '0')
		dig.len--, point--;
	i = 0;
	while (i + 1 < dig.len - point && dig.p[i] == '0')
		i++;
	if (d.neg && !(dig.len - i == 1 && dig.p[i] == '0'))
		buf_addc(out, '-');
	buf_add(out, dig.p + i, dig.len - point - i);
	if (point) {
		buf_addc(out, '.');
		buf_add(out, dig.p + dig.len - point, point);
	}
	buf_free(&dig);
	return 0;
}
