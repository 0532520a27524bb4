/* --where conditions (SPEC 6): typed comparison, regexes, shortcuts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "select/cond.h"
#include "tap.h"

static int
matches_kind(enum rkind k, const char *expr, const char *field,
    const char *value)
{
	struct cond c;
	struct diag d;
	struct rec r;
	int m;

	if (cond_parse(&c, expr, 1740816000, k, &d) < 0)
		return -1;
	rec_init(&r);
	if (field)
		rec_add(&r, field, value, strlen(value));
	m = cond_match(&c, &r);
	rec_free(&r);
	cond_free(&c);
	return m;
}

static int
matches(const char *expr, const char *field, const char *value)
{
	return matches_kind(RK_ANY, expr, field, value);
}

/* The message a typed condition is refused with. */
static const char *
refused(enum rkind k, const char *expr)
{
	static struct diag d;
	struct cond c;

	if (cond_parse(&c, expr, 1740816000, k, &d) == 0) {
		cond_free(&c);
		return "(accepted)";
	}
	return d.msg;
}

int
main(void)
{
	static const struct {
		const char *expr, *field, *value;
		int want;
	} c[] = {
		{ "status = Paid", "status", "Paid", 1 },
		{ "status=Paid", "status", "Paid", 1 },
		{ "status == Paid", "status", "paid", 0 },
		{ "status != Paid", "status", "Unpaid", 1 },
		{ "cpu = 2", "cpu", "2.0", 1 },
		{ "cpu > 8", "cpu", "16", 1 },
		{ "cpu > 8", "cpu", "9.5", 1 },
		{ "cpu < 8", "cpu", "16", 0 },
		{ "cpu <= 8", "cpu", "8.00", 1 },
		{ "paid_amount >= 1000", "paid_amount", "999.99", 0 },
		{ "paid_amount >= -5", "paid_amount", "-4.5", 1 },
		{ "paid_amount < 10", "paid_amount", "", 0 },
		{ "paid_amount < 10", "paid_amount", "n/a", 0 },
		{ "created_at < now-3d", "created_at", "2025-02-20T00:00:00Z", 1 },
		{ "created_at < now-3d", "created_at", "2025-02-28T00:00:00Z", 0 },
		{ "created_at < now-3d", "created_at", "", 0 },
		{ "created_at < now-3d", NULL, NULL, 0 },
		{ "created_at >= 2025-03-01T08:00:00Z", "created_at",
		  "2025-03-01T16:00:00+08:00", 1 },
		{ "created_at = 2025-03-01T08:00Z", "created_at",
		  "2025-03-01T08:00:00Z", 1 },
		{ "expires_at <= now+1w", "expires_at", "2025-03-05T00:00:00Z", 1 },
		{ "name ~ ^웹", "name", "웹서버-01", 1 },
		{ "name ~ ^web", "name", "웹서버-01", 0 },
		{ "name !~ (db|cache)", "name", "web-1", 1 },
		{ "name ~ 'x y'", "name", "ax yb", 1 },
		{ "created_at ~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T", "created_at",
		  "2025-03-01T00:00:00Z", 1 },
		{ "name ~ a\\++", "name", "a++", 1 },
		{ "name = \" a \"", "name", " a ", 1 },
		{ "region > ap", "region", "cn-hangzhou", 1 },
		{ "tags ~ (^|;)env=prod(;|$)", "tags", "team=a;env=prod", 1 },
		{ "InstanceId = i-1", "instance_id", "i-1", 1 },
		{ "missing = ", "other", "x", 1 },
		{ "name ~ ^[\\1]x$", "name", "1x", 1 },
		{ "name ~ ^\\\\1$", "name", "\\1", 1 },
		{ "name ~ ^a[+*]$", "name", "a*", 1 },
		{ "name ~ ^[]a[:digit:][.-.]]+$", "name", "]9-", 1 },
	};
	static const char *const bad[] = { "status", "= Paid", "status Paid",
	    "status <> x", "name ~ (", "", "name ~ x++++++++++++++++",
	    "name ~ (a{99}){99}{99}", "name ~ a**", "name ~ (a)\\1",
	    "name ~ ^(a*)*[b]\\9$", "created_at < now+106751991167300d",
	    "created_at > @-1" };
	/* typed fields: the field's type decides, not what the value reads
	 * as */
	static const struct {
		enum rkind kind;
		const char *expr, *field, *value;
		int want;
	} typed[] = {
		{ RK_ORDER, "created_at < now-3d", "created_at",
		  "2025-02-20T00:00:00Z", 1 },
		{ RK_ORDER, "paid_amount > 1000", "paid_amount", "1000.01", 1 },
		{ RK_ORDER, "paid_amount = 12.5", "paid_amount", "12.50", 1 },
		{ RK_ORDER, "voucher_amount = ''", "voucher_amount", "", 1 },
		{ RK_ORDER, "voucher_amount != ''", "voucher_amount", "5", 1 },
		{ RK_ORDER, "status = Paid", "status", "Paid", 1 },
		{ RK_ORDER, "status != Unpaid", "status", "Paid", 1 },
		{ RK_ORDER, "order_id = 0123", "order_id", "123", 0 },
		{ RK_ORDER, "order_id = 0123", "order_id", "0123", 1 },
		{ RK_ORDER, "status ~ ^(Un)?paid$", "status", "Paid", 0 },
		{ RK_INSTANCE, "status = Running", "status", "Running", 1 },
		{ RK_INSTANCE, "cpu >= 4", "cpu", "16", 1 },
		{ RK_INSTANCE, "deletion_protection = true",
		  "deletion_protection", "true", 1 },
		{ RK_INSTANCE, "my_field > 3", "my_field", "10", 1 },
		{ RK_QUOTE, "refund_amount > 0", "refund_amount", "0.01", 1 },
		{ RK_QUOTE_ROW, "rule = partial", "rule", "partial", 1 },
	};
	static const struct {
		enum rkind kind;
		const char *expr, *msg;
	} no[] = {
		{ RK_ORDER, "created_at < now-3days", "--where 'created_at < "
		  "now-3days': \"now-3days\" is not a time (a timestamp, or "
		  "now\xC2\xB1" "DURATION such as now-3d)" },
		{ RK_ORDER, "created_at < now - 3d", "--where 'created_at < now "
		  "- 3d': \"now - 3d\" is not a time (a timestamp, or "
		  "now\xC2\xB1" "DURATION such as now-3d)" },
		{ RK_ORDER, "created_at < 3d", NULL },
		{ RK_ORDER, "created_at < 2025-06-31", NULL },
		{ RK_ORDER, "created_at < 2025/06/12", NULL },
		{ RK_ORDER, "created_at < ''", NULL },
		{ RK_ORDER, "created_at < now+3000000d", "--where 'created_at < "
		  "now+3000000d': \"now+3000000d\" is out of range (times run "
		  "from 1970-01-01T00:00:00Z through 9999-12-31T23:59:59Z)" },
		{ RK_ORDER, "paid_amount > 1,000", "--where 'paid_amount > "
		  "1,000': \"1,000\" is not an amount (a decimal number such as "
		  "1000 or 12.50)" },
		{ RK_ORDER, "status = Payed", "--where 'status = Payed': "
		  "\"Payed\" is not an order status (Unpaid, Paid, Cancelled, "
		  "Refunded); did you mean Paid?" },
		{ RK_ORDER, "status = paid", NULL },
		{ RK_ORDER, "status < Paid", "--where 'status < Paid': status "
		  "is an order status: compare it with = or != (or ~), not <" },
		{ RK_ORDER, "order_id >= 5", "--where 'order_id >= 5': "
		  "order_id is an identifier: compare it with = or != (or ~), "
		  "not >=" },
		{ RK_ORDER, "no_refund = yes", "--where 'no_refund = yes': "
		  "\"yes\" is not true or false" },
		{ RK_INSTANCE, "status = Paid", "--where 'status = Paid': "
		  "\"Paid\" is not an instance status (Pending, Starting, "
		  "Running, Stopping, Stopped)" },
		{ RK_INSTANCE, "cpu > 2.5", "--where 'cpu > 2.5': \"2.5\" is "
		  "not a whole number" },
		{ RK_INSTANCE, "memory_gib > lots", "--where 'memory_gib > "
		  "lots': \"lots\" is not a number (such as 4 or 0.5)" },
		{ RK_QUOTE_ROW, "rule = partal", "--where 'rule = partal': "
		  "\"partal\" is not a refund rule (none, not-refundable, "
		  "no-reason, partial, not-started, used-up); did you mean "
		  "partial?" },
	};
	struct cond k;
	struct diag d;
	struct rec r;
	size_t i;

	setenv("TZ", "UTC", 1);
	tzset();
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		is_int(matches(c[i].expr, c[i].field, c[i].value), c[i].want,
		    "%s with %s", c[i].expr, c[i].value ? c[i].value : "nothing");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(matches(bad[i], NULL, NULL), -1, "\"%s\" is refused",
		    bad[i]);
	for (i = 0; i < sizeof typed / sizeof typed[0]; i++)
		is_int(matches_kind(typed[i].kind, typed[i].expr,
		    typed[i].field, typed[i].value), typed[i].want,
		    "typed: %s with %s", typed[i].expr, typed[i].value);
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		const char *m = refused(no[i].kind, no[i].expr);

		if (no[i].msg)
			is_str(m, no[i].msg, "typed: \"%s\" is refused",
			    no[i].expr);
		else
			ok(strcmp(m, "(accepted)") != 0, "typed: \"%s\" is "
			    "refused", no[i].expr);
	}
	rec_init(&r);
	rec_add(&r, "status", "unpaid", 6);
	ok(cond_make(&k, "status", OP_ONE_OF, "Paid,Unpaid", 0, RK_ORDER,
	    "--status", &d) == 0 &&
	    cond_match(&k, &r), "one of, any letter case");
	cond_free(&k);
	rec_clear(&r);
	rec_add(&r, "instance_type", "ecs.g7.large", 12);
	ok(cond_make(&k, "status", OP_ONE_OF, "Paid,Payed", 0, RK_ORDER,
	    "--status", &d) < 0 && strcmp(d.msg, "--status \"Payed\" is not an "
	    "order status (Unpaid, Paid, Cancelled, Refunded); did you mean "
	    "Paid?") == 0, "one of: each value is a known one");
	ok(cond_make(&k, "instance_type", OP_GLOB, "ecs.g7.*", 0, RK_INSTANCE,
	    "--type", &d) == 0 &&
	    cond_match(&k, &r), "glob on instance type");
	cond_free(&k);
	rec_free(&r);
	return done();
}
