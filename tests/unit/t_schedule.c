/*
 * What refund-quote --schedule says changed from one day to the next
 * (refund/schedule.h), at each boundary of SPEC 5's rules: the five-day
 * window closing, the coefficient ending on the 30th day used, a
 * discount step, a renewal starting, an order used up; and nothing on a
 * day when nothing but the days used changed.
 */
#include <time.h>

#include "base/buf.h"
#include "base/diag.h"
#include "records/rec.h"
#include "refund/orders.h"
#include "refund/policy.h"
#include "refund/refund.h"
#include "refund/schedule.h"
#include "tap.h"
#include "values/ts.h"

/* An order book of rows "field=value|field=value". */
static void
book(struct orders *os, const char *const *rows)
{
	struct diag d;
	size_t k;

	memset(os, 0, sizeof *os);
	for (k = 0; rows[k] != NULL; k++) {
		struct rec r;
		char buf[512], *p, *f, *save = NULL;

		rec_init(&r);
		snprintf(buf, sizeof buf, "%s", rows[k]);
		for (p = buf; (f = strtok_r(p, "|", &save)) != NULL; p = NULL) {
			char *eq = strchr(f, '=');

			*eq = '\0';
			rec_adds(&r, f, eq + 1);
		}
		r.line = (long)k + 2;
		if (orders_add(os, &r, k, &d) < 0)
			printf("# bad row %s: %s\n", rows[k], d.msg);
		rec_free(&r);
	}
}

static int64_t
at(const char *s)
{
	int64_t t = 0;

	ts_parse(s, strlen(s), &t);
	return t;
}

/* What changed from day1 to day2, in the first currency's quote. */
static const char *
changed(const char *policy, const char *const *rows, const char *day1,
    const char *day2)
{
	static struct buf b;
	struct quotes q1 = { 0 }, q2 = { 0 };
	struct policy p;
	struct orders os;
	struct diag d;

	policy_load(&p, policy, &d);
	book(&os, rows);
	buf_reset(&b);
	if (refund_quote(&p, &os, &os.in[0], NULL, at(day1), NULL, 0, &q1,
	    &d) < 0 || refund_quote(&p, &os, &os.in[0], NULL, at(day2), NULL,
	    0, &q2, &d) < 0)
		buf_addf(&b, "error: %s", d.msg);
	else
		schedule_change(&b, &p, &q1.q[0], &q2.q[0]);
	quotes_free(&q1);
	quotes_free(&q2);
	orders_free(&os);
	return buf_str(&b);
}

#define NEW(start, end) "order_id=N1|instance_id=i-a|order_type=New|" \
	"charge_type=Subscription|status=Paid|created_at=" start \
	"|period_start=" start "|period_end=" end "|gross_amount=300.00|" \
	"paid_amount=300.00|currency=CNY"

int
main(void)
{
	static const char *const month[] = {
	    NEW("2025-03-01T00:00:00Z", "2025-03-31T00:00:00Z"), NULL };
	static const char *const years[] = {
	    NEW("2025-01-01T00:00:00Z", "2028-01-01T00:00:00Z"), NULL };
	static const char *const renewed[] = {
	    NEW("2025-01-01T00:00:00Z", "2025-07-01T00:00:00Z"),
	    "order_id=R1|instance_id=i-a|order_type=Renew|"
	    "charge_type=Subscription|status=Paid|"
	    "created_at=2025-06-20T00:00:00Z|period_start=2025-07-01T00:00:00Z"
	    "|period_end=2026-07-01T00:00:00Z|gross_amount=600.00|"
	    "paid_amount=600.00|currency=CNY", NULL };

	static const char *const cheap[] = {
	    "order_id=N1|instance_id=i-a|order_type=New|"
	    "charge_type=Subscription|status=Paid|"
	    "created_at=2025-03-01T00:00:00Z|period_start=2025-03-01T00:00:00Z"
	    "|period_end=2025-03-31T00:00:00Z|gross_amount=300.00|"
	    "paid_amount=30.00|currency=CNY", NULL };

	setenv("TZ", "UTC", 1);
	tzset();
	is_str(changed("cn", month, "2025-03-05T23:59:59Z",
	    "2025-03-06T00:00:01Z"),
	    "order N1: the no-reason refund is over",
	    "cn: the five-day window closes 120 h after the order");
	is_str(changed("cn", month, "2025-03-04T00:00:00Z",
	    "2025-03-05T00:00:00Z"), "",
	    "... and within it, nothing changes");
	is_str(changed("intl", years, "2025-01-29T00:00:00Z",
	    "2025-01-31T00:00:00Z"),
	    "order N1: the coefficient 1.5 ends, 30 days used",
	    "x1.5 ends on the 30th day used");
	is_str(changed("intl", years, "2025-01-28T00:00:00Z",
	    "2025-01-29T00:00:00Z"), "",
	    "... the day before, only the days used change");
	is_str(changed("intl", years, "2025-12-31T00:00:00Z",
	    "2026-01-01T00:00:01Z"),
	    "order N1: discount 0.85 from 365 days used",
	    "the discount steps down at a year used");
	is_str(changed("intl", years, "2026-12-31T00:00:00Z",
	    "2027-01-01T00:00:01Z"),
	    "order N1: discount 0.70 from 730 days used",
	    "... and at two years");
	is_str(changed("intl", renewed, "2025-06-30T23:59:59Z",
	    "2025-07-01T00:00:00Z"),
	    "order N1 is used up; renewal R1 starts",
	    "a renewal starts when its order is used up");
	is_str(changed("intl", month, "2025-03-30T00:00:00Z",
	    "2025-03-31T00:00:00Z"), "order N1 is used up",
	    "an order is used up at its period's end");
	is_str(changed("intl", cheap, "2025-03-01T12:00:00Z",
	    "2025-03-02T12:00:00Z"), "order N1: nothing left to refund",
	    "paid 30.00 of 300.00: two days at x1.5 use it all");
	is_str(changed("intl", cheap, "2025-03-01T00:30:00Z",
	    "2025-03-01T12:00:00Z"), "",
	    "... one day leaves 15.00, and says nothing");
	return done();
}
