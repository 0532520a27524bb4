/* Policies and the refund engine, driven directly (SPEC 5). */
#include <time.h>

#include "base/buf.h"
#include "base/diag.h"
#include "records/out.h"
#include "records/rec.h"
#include "refund/policy.h"
#include "refund/refund.h"
#include "tap.h"
#include "values/ts.h"

/* One order row, from "field=value|field=value": 0, or -1 with d set. */
static int
add(struct orders *os, const char *spec, struct diag *d)
{
	struct rec r;
	char buf[512], *p, *f, *save = NULL;
	int rc;

	rec_init(&r);
	snprintf(buf, sizeof buf, "%s", spec);
	for (p = buf; (f = strtok_r(p, "|", &save)) != NULL; p = NULL) {
		char *eq = strchr(f, '=');

		*eq = '\0';
		rec_add(&r, f, eq + 1, strlen(eq + 1));
	}
	r.line = (long)os->n + 2;
	rc = orders_add(os, &r, os->n, d);
	rec_free(&r);
	return rc;
}

static int64_t
at(const char *s)
{
	int64_t t = 0;

	ts_parse(s, strlen(s), &t);
	return t;
}

static char *
quote_text(const struct policy *p, const char *spec, const char *when)
{
	static struct buf b;
	struct orders os;
	struct quotes qs = { 0 };
	struct diag d = { "", 0, 0, "" };

	memset(&os, 0, sizeof os);
	buf_reset(&b);
	if (add(&os, spec, &d) < 0 ||
	    refund_quote(p, &os, &os.in[0], NULL, at(when), NULL, 0, &qs,
	    &d) < 0)
		buf_addf(&b, "error: %s", d.msg);
	else {
		buf_addf(&b, "%s ", qs.q[0].rule);
		money_format(&b, qs.q[0].consumed, qs.q[0].places);
		buf_addc(&b, ' ');
		money_format(&b, qs.q[0].refund, qs.q[0].places);
	}
	quotes_free(&qs);
	orders_free(&os);
	return (char *)buf_str(&b);
}

static void
examples(void)
{
	struct policy intl;
	struct diag d;

	policy_load(&intl, "intl", &d);
	is_str(quote_text(&intl, "order_id=A|instance_id=i|order_type=New|"
	    "status=Paid|period_start=2021-01-01T00:00:00Z|"
	    "period_end=2024-01-01T00:00:00Z|gross_amount=5040.00|"
	    "paid_amount=2736.00|currency=CNY", "2021-12-31T01:00:00Z"),
	    "partial 1428.00 1308.00", "SPEC 5 example A");
	is_str(quote_text(&intl, "order_id=B|instance_id=i|order_type=New|"
	    "status=Paid|period_start=2025-03-01T00:00:00Z|"
	    "period_end=2025-03-31T00:00:00Z|gross_amount=300.00|"
	    "paid_amount=300.00|currency=USD", "2025-03-03T01:00:00Z"),
	    "partial 45.00 255.00", "SPEC 5 example B");
	is_str(quote_text(&intl, "order_id=B|instance_id=i|order_type=New|"
	    "status=Paid|period_start=2025-03-01T00:00:00Z|"
	    "period_end=2025-03-31T00:00:00Z|gross_amount=300.00|"
	    "paid_amount=300.00|voucher_amount=50.00|currency=USD",
	    "2025-03-03T01:00:00Z"), "partial 45.00 205.00",
	    "SPEC 5 example B with a voucher");
	is_str(quote_text(&intl, "order_id=C|instance_id=i|order_type=Renew|"
	    "status=Paid|period_start=2025-04-01T00:00:00Z|"
	    "period_end=2025-05-01T00:00:00Z|gross_amount=120.00|"
	    "paid_amount=120.00|currency=USD", "2025-03-15T00:00:00Z"),
	    "not-started 0.00 120.00", "SPEC 5 example C");
	is_str(quote_text(&intl, "order_id=D|instance_id=i|order_type=New|"
	    "status=Paid|charge_type=PayAsYouGo|gross_amount=0|paid_amount=0|"
	    "currency=USD", "2025-03-15T00:00:00Z"),
	    "not-refundable 0.00 0.00", "SPEC 5 example D");
	is_str(quote_text(&intl, "order_id=E|instance_id=i|order_type=New|"
	    "status=Paid|gross_amount=1|paid_amount=1|currency=USD",
	    "2025-03-15T00:00:00Z"), "error: order E: a paid subscription "
	    "needs period_start and period_end to be refunded",
	    "a paid subscription without a period cannot be quoted");
	is_str(quote_text(&intl, "order_id=F|instance_id=i|order_type=New|"
	    "status=Paid|period_start=2025-01-01T00:00:00Z|"
	    "period_end=2026-01-01T00:00:00Z|"
	    "gross_amount=1000000000000.00|paid_amount=1|currency=USD",
	    "2025-06-15T00:00:00Z"), "partial 452054794520.55 0.00",
	    "the largest amount: still exact");
	is_str(quote_text(&intl, "order_id=F|instance_id=i|order_type=New|"
	    "status=Paid|period_start=2025-01-01T00:00:00Z|"
	    "period_end=2026-01-01T00:00:00Z|"
	    "gross_amount=9000000000000.00|paid_amount=1|currency=USD",
	    "2025-06-15T00:00:00Z"), "error: order F: gross_amount "
	    "\"9000000000000.00\" is too large (the largest is 1000000000000)",
	    "nine trillion is refused");
}

/* What policy_write prints, policy_load reads back the same. */
static void
round_trip(void)
{
	static const char *const names[] = { "intl", "cn" };
	char path[] = "/tmp/ecs-orders-policy.XXXXXX";
	struct policy p, q;
	struct diag d;
	struct out o;
	size_t i;
	int fd;

	for (i = 0; i < 2; i++) {
		policy_load(&p, names[i], &d);
		if ((fd = mkstemp(path)) < 0)
			return;
		out_init(&o, fd);
		policy_write(&o, &p);
		out_close(&o);
		close(fd);
		ok(policy_load(&q, path, &d) == 0, "%s: its YAML loads",
		    names[i]);
		/* the name is the file's; compare all the rest */
		memset(p.name, 0, sizeof p.name);
		memset(q.name, 0, sizeof q.name);
		ok(memcmp(&p, &q, sizeof p) == 0,
		    "%s: loading what --print-policy wrote gives the same "
		    "policy", names[i]);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
}

static void
validation(void)
{
	static const struct {
		const char *yaml, *err;
	} c[] = {
		{ "rounding: up\n",
		  "1:11: rounding must be half-up or half-even, not \"up\"" },
		{ "name: x\nname: y\n", "2:1: key \"name\" given twice" },
		{ "nmae: x\n",
		  "1:1: unknown key \"nmae\" (see --print-policy)" },
		{ "short_use_days: -1\n",
		  "1:17: short_use_days must be a whole number, not \"-1\"" },
		{ "short_use_coefficient: 0\n", "1:24: short_use_coefficient "
		  "must be a decimal above 0, at most 100, not \"0\"" },
		{ "discount:\n  - {from_days: 1, rate: 0.5}\n",
		  "2:5: the first discount step must be from_days 0" },
		{ "discount:\n  - {from_days: 0, rate: 1}\n"
		  "  - {from_days: 0, rate: 0.5}\n",
		  "3:5: discount steps must be in increasing from_days" },
		{ "discount:\n  - {from_days: 0, rate: 1.5}\n",
		  "2:26: rate must be a decimal above 0, at most 1, not \"1.5\"" },
		{ "discount:\n  - {from_days: 0}\n",
		  "2:5: a discount step must be a mapping of from_days and rate" },
		{ "discount: []\n",
		  "1:11: discount must be a list of {from_days, rate}" },
		{ "no_reason_refund: yes\n",
		  "1:19: no_reason_refund must be true or false, not \"yes\"" },
		{ "no_reason_window: 5 days\n", "1:19: no_reason_window must "
		  "be a duration such as 5d or 120h, not \"5 days\"" },
		{ "calendar_timezone: Asia/Shanghai\n", "1:20: "
		  "calendar_timezone must be an offset such as +08:00, not "
		  "\"Asia/Shanghai\"" },
		{ "non_refundable_images: SUSE\n", "1:24: "
		  "non_refundable_images must be a list of names, not \"SUSE\"" },
		{ "name: \"a\\x00b\"\n", "1:7: name must be text of 1 to 255 "
		  "bytes, not \"a\\x00b\"" },
		{ "\"name\\0\": x\n", "1:1: a key must be text, not "
		  "\"name\\x00\"" },
		{ "- a\n", "1:1: a policy must be a mapping of keys" },
		{ "name: [x\n", "2:1: did not find expected ',' or ']' (while "
		  "parsing a flow sequence)" },
		{ "", "empty policy file" },
	};
	struct policy p;
	struct diag d;
	struct buf b = BUF_INIT;
	size_t i;
	char *path;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		path = scratch_file(c[i].yaml, strlen(c[i].yaml));
		buf_reset(&b);
		if (policy_load(&p, path, &d) == 0)
			buf_adds(&b, "(loaded)");
		else if (d.line > 0)
			buf_addf(&b, "%ld:%ld: %s", d.line, d.col, d.msg);
		else
			buf_adds(&b, d.msg);
		is_str(buf_str(&b), c[i].err, "policy error: %s", c[i].err);
		unlink(path);
	}
	path = scratch_file("name: mine\nrounding: half-even\n", 31);
	ok(policy_load(&p, path, &d) == 0 && p.rounding == ROUND_HALF_EVEN &&
	    p.discount[1].rate == 850000 && strcmp(p.name, "mine") == 0,
	    "a policy file sets the keys it names over intl's");
	unlink(path);
	ok(policy_load(&p, "/nonexistent/policy.yaml", &d) < 0 &&
	    strstr(d.msg, "a policy is intl, cn or a file") != NULL,
	    "a policy that is neither built in nor a file");
	buf_free(&b);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	examples();
	round_trip();
	validation();
	return done();
}
