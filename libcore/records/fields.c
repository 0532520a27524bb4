/*
 * Field names (fields.h): the tables of canonical names, API aliases,
 * types and known values, the amounts of money, and what is derived from
 * an instance type.  At some 570 lines it is one unit: the tables, and
 * the index over names that every reader consults, are read together.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/strtab.h"
#include "records/rec.h"
#include "records/fields.h"
#include "values/dec.h"
#include "values/ts.h"

static const struct alias aliases[] = {
	{ "InstanceId", "instance_id", CONV_NONE },
	{ "InstanceName", "name", CONV_NONE },
	{ "RegionId", "region", CONV_NONE },
	{ "ZoneId", "zone", CONV_NONE },
	{ "InstanceType", "instance_type", CONV_NONE },
	{ "InstanceTypeFamily", "family", CONV_NONE },
	{ "Cpu", "cpu", CONV_NONE },
	{ "Memory", "memory_gib", CONV_MIB_TO_GIB },
	{ "OSType", "os_type", CONV_NONE },
	{ "OSName", "os_name", CONV_NONE },
	{ "Status", "status", CONV_NONE },
	{ "InstanceChargeType", "charge_type", CONV_NONE },
	{ "InstanceNetworkType", "network_type", CONV_NONE },
	{ "VpcAttributes.VpcId", "vpc_id", CONV_NONE },
	{ "InternetMaxBandwidthOut", "bandwidth_out_mbps", CONV_NONE },
	{ "CreationTime", "created_at", CONV_TIME },
	{ "ExpiredTime", "expires_at", CONV_TIME },
	{ "DeletionProtection", "deletion_protection", CONV_NONE },
	{ "SpotStrategy", "spot_strategy", CONV_NONE },
	{ "Tags.Tag", "tags", CONV_NONE },
	{ "Tags", "tags", CONV_NONE },
	{ "InstanceID", "instance_id", CONV_NONE },
	{ "RenewStatus", "renew_status", CONV_NONE },
	{ "RenewalStatus", "renew_status", CONV_RENEW },
	{ "SubStatus", "sub_status", CONV_NONE },
	{ "OperationLocks.LockReason.LockReason", "lock_reason", CONV_NONE },
	{ "OperationLocks.LockReason", "lock_reason", CONV_NONE },
	{ "StoppedMode", "stopped_mode", CONV_NONE },
	{ "SaleCycle", "sale_cycle", CONV_NONE },
	{ "OrderId", "order_id", CONV_NONE },
	{ "InstanceIDs", "instance_id", CONV_IDS },
	{ "RelatedOrderId", "related_order_id", CONV_NONE },
	{ "ProductCode", "product", CONV_NONE },
	{ "OrderType", "order_type", CONV_NONE },
	{ "SubscriptionType", "charge_type", CONV_NONE },
	{ "PaymentStatus", "status", CONV_NONE },
	{ "CreateTime", "created_at", CONV_TIME },
	{ "PaymentTime", "paid_at", CONV_TIME },
	{ "UsageStartTime", "period_start", CONV_TIME },
	{ "UsageEndTime", "period_end", CONV_TIME },
	{ "PretaxGrossAmount", "gross_amount", CONV_NONE },
	{ "PretaxAmount", "paid_amount", CONV_NONE },
	{ "Currency", "currency", CONV_NONE },
	{ "Region", "region", CONV_NONE },
};

/* The known values of the fields that have a set of them: a value the
 * API adds is one more word here. */
static const char *const inst_status[] = { "Pending", "Starting", "Running",
	"Stopping", "Stopped", NULL };
static const char *const inst_charge[] = { "PrePaid", "PostPaid", NULL };
static const char *const categories[] = { "general-purpose",
	"compute-optimized", "memory-optimized", "burstable", "high-clock",
	"big-data", "local-ssd", "gpu", "bare-metal", "other", NULL };
static const char *const os_types[] = { "linux", "windows", NULL };
static const char *const networks[] = { "vpc", "classic", NULL };
static const char *const spots[] = { "NoSpot", "SpotWithPriceLimit",
	"SpotAsPriceGo", NULL };
static const char *const renewals[] = { "AutoRenewal", "ManualRenewal",
	"NotRenewal", "RenewChange", NULL };
static const char *const stopped_modes[] = { "KeepCharging",
	"StopCharging", "Not-applicable", NULL };
static const char *const order_types[] = { "New", "Renew", "Upgrade",
	"TempUpgrade", "Downgrade", "Refund", "Convert", NULL };
static const char *const order_charge[] = { "Subscription", "PayAsYouGo",
	NULL };
static const char *const order_status[] = { "Unpaid", "Paid", "Cancelled",
	"Refunded", NULL };
static const char *const rules[] = { "none", "not-refundable", "no-reason",
	"partial", "not-started", "used-up", NULL };

#define I	RK_INSTANCE
#define O	RK_ORDER
#define Q	RK_QUOTE
#define R	RK_QUOTE_ROW
#define S	RK_SCHEDULE
#define B	RK_BEST
#define FILES	(RK_INSTANCE | RK_ORDER)	/* canonical names of files */

/* Every field of SPEC 2.3, then those refund-quote writes; files use the
 * names of the first kind. */
static const struct fieldspec specs[] = {
	{ "instance_id", I | O | Q | R | S | B, FT_ID, NULL, NULL },
	{ "name", I, FT_TEXT, NULL, NULL },
	{ "region", I | O, FT_TEXT, NULL, NULL },
	{ "zone", I, FT_TEXT, NULL, NULL },
	{ "instance_type", I, FT_TEXT, NULL, NULL },
	{ "family", I, FT_TEXT, NULL, NULL },
	{ "category", I, FT_ENUM, "a category", categories },
	{ "cpu", I, FT_INTEGER, NULL, NULL },
	{ "memory_gib", I, FT_NUMBER, NULL, NULL },
	{ "os_type", I, FT_ENUM, "an OS type", os_types },
	{ "os_name", I, FT_TEXT, NULL, NULL },
	{ "status", I, FT_ENUM, "an instance status", inst_status },
	{ "charge_type", I, FT_ENUM, "an instance charge type", inst_charge },
	{ "network_type", I, FT_ENUM, "a network type", networks },
	{ "vpc_id", I, FT_ID, NULL, NULL },
	{ "bandwidth_out_mbps", I, FT_INTEGER, NULL, NULL },
	{ "created_at", I | O, FT_TIME, NULL, NULL },
	{ "expires_at", I, FT_TIME, NULL, NULL },
	{ "deletion_protection", I, FT_BOOL, NULL, NULL },
	{ "spot_strategy", I, FT_ENUM, "a spot strategy", spots },
	{ "tags", I, FT_TEXT, NULL, NULL },
	{ "lock_reason", I, FT_TEXT, NULL, NULL },
	{ "stopped_mode", I, FT_ENUM, "a stopped mode", stopped_modes },
	{ "sale_cycle", I, FT_TEXT, NULL, NULL },
	{ "renew_status", I, FT_ENUM, "a renewal status", renewals },
	{ "renew_duration", I, FT_INTEGER, NULL, NULL },
	{ "renew_unit", I, FT_TEXT, NULL, NULL },
	{ "renew_price", I, FT_MONEY, NULL, NULL },
	{ "renew_list_price", I, FT_MONEY, NULL, NULL },
	{ "renew_discount", I, FT_MONEY, NULL, NULL },
	{ "billing_status", I, FT_TEXT, NULL, NULL },
	{ "sub_status", I, FT_TEXT, NULL, NULL },
	{ "order_id", O | R, FT_ID, NULL, NULL },
	{ "related_order_id", O, FT_ID, NULL, NULL },
	{ "product", O, FT_TEXT, NULL, NULL },
	{ "order_type", O | R, FT_ENUM, "an order type", order_types },
	{ "charge_type", O, FT_ENUM, "an order charge type", order_charge },
	{ "status", O, FT_ENUM, "an order status", order_status },
	{ "paid_at", O, FT_TIME, NULL, NULL },
	{ "period_start", O | R, FT_TIME, NULL, NULL },
	{ "period_end", O | R, FT_TIME, NULL, NULL },
	{ "gross_amount", O, FT_MONEY, NULL, NULL },
	{ "paid_amount", O, FT_MONEY, NULL, NULL },
	{ "voucher_amount", O, FT_MONEY, NULL, NULL },
	{ "currency", O | Q | R | S | B, FT_TEXT, NULL, NULL },
	{ "no_refund", O, FT_BOOL, NULL, NULL },
	{ "refund_rule", O, FT_TEXT, NULL, NULL },
	{ "refund_amount", O | Q | R | S | B, FT_MONEY, NULL, NULL },
	{ "refunded_at", O, FT_TIME, NULL, NULL },
	{ "cloud_order_id", O, FT_ID, NULL, NULL },
	{ "refund_diff", O, FT_MONEY, NULL, NULL },
	{ "order_ids", Q, FT_ID, NULL, NULL },
	{ "rule", Q | S | B, FT_TEXT, NULL, NULL },
	{ "rule", R, FT_ENUM, "a refund rule", rules },
	{ "usage_days", R, FT_INTEGER, NULL, NULL },
	{ "order_days", R, FT_INTEGER, NULL, NULL },
	{ "discount", R, FT_NUMBER, NULL, NULL },
	{ "coefficient", R, FT_NUMBER, NULL, NULL },
	{ "cash_paid", Q | R | S, FT_MONEY, NULL, NULL },
	{ "consumed", Q | R | S, FT_MONEY, NULL, NULL },
	{ "at", Q | R | S | B, FT_TIME, NULL, NULL },
	{ "policy", Q | R, FT_TEXT, NULL, NULL },
	{ "reason", Q | R, FT_TEXT, NULL, NULL },
	{ "change", S, FT_TEXT, NULL, NULL },
	{ "today", B, FT_MONEY, NULL, NULL },
	{ "gain", B, FT_MONEY, NULL, NULL },
};

#undef I
#undef O
#undef Q
#undef R
#undef S
#undef B

/*
 * The canonical names of files and the aliases, found by hash: readers
 * look up each key of each record, and a DescribeInstances record has
 * dozens of keys.  The index is built on first use; it holds 1 + the
 * position of a name, the specs first, then the aliases.
 */
#define NSPEC	(sizeof specs / sizeof specs[0])
#define NALIAS	(sizeof aliases / sizeof aliases[0])
#define NSLOT	256

static unsigned char slots[NSLOT];
_Static_assert(2 * (NSPEC + NALIAS) <= NSLOT, "the index is kept half empty");

/* Whether s, n bytes long, is name. */
static int
same(const char *s, size_t n, const char *name)
{
	return strncmp(s, name, n) == 0 && strlen(name) == n;
}

static const char *
name_at(size_t i)
{
	return i < NSPEC ? specs[i].name : aliases[i - NSPEC].alias;
}

/* Names of files only, each once (status is an instance's and an
 * order's). */
static void
build_index(void)
{
	size_t i, j;

	for (i = 0; i < NSPEC + NALIAS; i++) {
		const char *s = name_at(i);

		if (i < NSPEC && (specs[i].kinds & FILES) == 0)
			continue;
		j = hash_bytes(s, strlen(s)) & (NSLOT - 1);
		while (slots[j] != 0 && !same(s, strlen(s),
		    name_at(slots[j] - 1u)))
			j = (j + 1) & (NSLOT - 1);
		if (slots[j] == 0)
			slots[j] = (unsigned char)(i + 1);
	}
}

/* The position of name s (n bytes) in the tables, or -1. */
static long
lookup(const char *s, size_t n)
{
	static int built;
	size_t j;

	if (!built) {
		build_index();
		built = 1;
	}
	for (j = hash_bytes(s, n) & (NSLOT - 1); slots[j] != 0;
	    j = (j + 1) & (NSLOT - 1)) {
		if (same(s, n, name_at(slots[j] - 1u)))
			return slots[j] - 1;
	}
	return -1;
}

const struct alias *
field_alias(const char *s, size_t n)
{
	long i = lookup(s, n);

	return i >= (long)NSPEC ? &aliases[i - (long)NSPEC] : NULL;
}

const char *
field_canonical(const char *s, size_t n)
{
	long i = lookup(s, n);

	if (i < 0)
		return NULL;
	return i < (long)NSPEC ? specs[i].name : aliases[i - (long)NSPEC].name;
}

/* v into out, word a1 as b1 and a2 as b2 (a2 may be NULL); any other
 * word is kept, or is what bad says when bad is given. */
static const char *
renamed(struct buf *out, const char *v, size_t n, const char *a1,
    const char *b1, const char *a2, const char *b2, const char *bad)
{
	if (same(v, n, a1))
		buf_adds(out, b1);
	else if (a2 != NULL && same(v, n, a2))
		buf_adds(out, b2);
	else if (bad != NULL)
		return bad;
	else
		buf_add(out, v, n);
	return NULL;
}

const char *
field_convert(const struct alias *a, const char *v, size_t n, struct buf *out)
{
	char t[TS_BUFSZ];
	int64_t secs;
	int rc;

	buf_reset(out);
	if (n == 0 || a->conv == CONV_NONE || a->conv == CONV_IDS) {
		buf_add(out, v, n);
		return NULL;
	}
	if (a->conv == CONV_PREPAID)
		return renamed(out, v, n, "Subscription", "PrePaid",
		    "PayAsYouGo", "PostPaid", "is not Subscription or PayAsYouGo");
	if (a->conv == CONV_RENEW)
		return renamed(out, v, n, "Normal", "ManualRenewal", NULL, NULL,
		    NULL);
	if (a->conv == CONV_MIB_TO_GIB)
		return dec_div_pow2(out, v, n, 10) < 0 ?
		    "is not a number (MiB)" : NULL;
	if ((rc = ts_parse(v, n, &secs)) < 0)
		return ts_error(rc);
	buf_adds(out, ts_format(secs, t));
	return NULL;
}

/*
 * The amounts of the order exports that have no canonical name, with the
 * field that gives their currency: they are shared among an order's
 * instances as the canonical amounts are (SPEC 2.3).
 */
static const struct {
	const char	*name, *currency;
} api_money[] = {
	{ "AfterTaxAmount", "currency" },
	{ "Tax", "currency" },
	{ "PretaxAmountLocal", "PaymentCurrency" },
	{ "PaymentAmount", "currency" },
	{ "DeductedByCoupons", "currency" },
	{ "DeductedByCashCoupons", "currency" },
	{ "DeductedByPrepaidCard", "currency" },
	{ "OutstandingAmount", "currency" },
	{ "CashAmount", "currency" },
	{ "AdjustAmount", "currency" },
	{ "InvoiceDiscount", "currency" },
};

int
field_money(const char *name, const char **currency)
{
	const struct fieldspec *f = field_spec(RK_ORDER, name);
	size_t i;

	*currency = "currency";
	if (f != NULL)
		return f->type == FT_MONEY;
	for (i = 0; i < sizeof api_money / sizeof api_money[0]; i++)
		if (strcmp(name, api_money[i].name) == 0) {
			*currency = api_money[i].currency;
			return 1;
		}
	return 0;
}

int
field_take(const struct alias *a, const char **v, size_t *n,
    struct buf *conv, char *why, size_t whysz)
{
	const char *bad;

	if (a == NULL || a->conv == CONV_NONE)
		return 0;
	if ((bad = field_convert(a, *v, *n, conv)) != NULL) {
		snprintf(why, whysz, "%s %s", a->alias, bad);
		return -1;
	}
	*v = conv->p;
	*n = conv->len;
	return 0;
}

int
field_is_tags(const char *raw, size_t len)
{
	return (len == 8 && memcmp(raw, "Tags.Tag", 8) == 0) ||
	    (len == 4 && memcmp(raw, "Tags", 4) == 0);
}

int
field_add_tag(struct rec *r, const char *s, size_t n)
{
	long i;

	if ((i = rec_find(r, "tags", NULL)) < 0) {
		rec_add(r, "tags", s, n);
		return 1;
	}
	if (r->f[i].len == 0)
		rec_set(r, "tags", s, n);
	else
		rec_join(r, (size_t)i, ';', s, n);
	return 0;
}

/* The family is the type up to its size: "ecs.g7" of "ecs.g7.large", and
 * "ecs.t6" of "ecs.t6-c1m2.large", as the API's InstanceTypeFamily has it. */
size_t
field_family(const char *t, size_t n, const char **fam)
{
	const char *dot = memchr(t, '.', n), *p, *end = t + n;

	*fam = t;
	if (dot == NULL)
		return 0;
	for (p = dot + 1; p < end && *p != '.' && *p != '-'; p++)
		;
	return p < end && p > dot + 1 ? (size_t)(p - t) : 0;
}

const char *
field_category(const char *f, size_t n)
{
	static const struct {
		const char *letters, *category;
	} cat[] = {
		{ "g", "general-purpose" }, { "c", "compute-optimized" },
		{ "r", "memory-optimized" }, { "t", "burstable" },
		{ "d", "big-data" }, { "i", "local-ssd" }, { "gn", "gpu" },
		{ "vgn", "gpu" },
	};
	const char *dot = memchr(f, '.', n), *p, *end = f + n;
	size_t i, len;

	if (dot != NULL)
		f = dot + 1;
	for (p = f; p < end && isalpha((unsigned char)*p); p++)
		;
	len = (size_t)(p - f);
	if (len >= 2 && f[0] == 'h' && f[1] == 'f')
		return "high-clock";
	/* ebmg6, ebmc6, ebmhfg7, ...: elastic bare metal, of any letters */
	if (len >= 3 && strncmp(f, "ebm", 3) == 0)
		return "bare-metal";
	for (i = 0; i < sizeof cat / sizeof cat[0]; i++)
		if (same(f, len, cat[i].letters))
			return cat[i].category;
	return "other";
}

/* ---- types ---- */

const struct fieldspec *
field_spec(enum rkind k, const char *name)
{
	size_t i;

	for (i = 0; i < NSPEC; i++)
		if ((specs[i].kinds & (unsigned)k) && strcmp(specs[i].name,
		    name) == 0)
			return &specs[i];
	return NULL;
}

static const char *const brief_instance[] = { "instance_id", "name",
	"status", "instance_type", "region", "charge_type", "expires_at" };
static const char *const brief_order[] = { "order_id", "instance_id",
	"paid_amount", "currency", "order_type", "status", "period_start",
	"period_end" };
static const char *const brief_quote[] = { "instance_id", "refund_amount",
	"currency", "rule", "reason", "cash_paid", "consumed" };
static const char *const brief_row[] = { "order_id", "instance_id", "rule",
	"refund_amount", "currency", "usage_days", "order_type", "reason" };
static const char *const brief_schedule[] = { "instance_id", "at",
	"refund_amount", "currency", "change", "rule" };
static const char *const brief_best[] = { "instance_id", "at",
	"refund_amount", "gain", "currency", "today", "rule" };

#define BRIEF(a)	(*n = sizeof a / sizeof a[0], a)

const char *const *
field_brief(enum rkind k, size_t *n)
{
	switch (k) {
	case RK_INSTANCE: return BRIEF(brief_instance);
	case RK_ORDER: return BRIEF(brief_order);
	case RK_QUOTE: return BRIEF(brief_quote);
	case RK_QUOTE_ROW: return BRIEF(brief_row);
	case RK_SCHEDULE: return BRIEF(brief_schedule);
	case RK_BEST: return BRIEF(brief_best);
	default: *n = 0; return NULL;
	}
}

const char *
field_kind_name(enum rkind k)
{
	switch (k) {
	case RK_INSTANCE: return "an instance field";
	case RK_ORDER: return "an order field";
	case RK_QUOTE:
	case RK_QUOTE_ROW: return "a field of the quotes";
	case RK_SCHEDULE: return "a field of the schedule";
	case RK_BEST: return "a field of the best days";
	default: return "a known field";
	}
}

const char *
field_nth(enum rkind k, size_t n)
{
	size_t i;

	for (i = 0; i < NSPEC; i++)
		if ((specs[i].kinds & (unsigned)k) && n-- == 0)
			return specs[i].name;
	return NULL;
}

const char *
field_value(const struct fieldspec *f, const char *v, size_t n)
{
	size_t i;

	for (i = 0; f->values != NULL && f->values[i] != NULL; i++)
		if (strlen(f->values[i]) == n &&
		    strncasecmp(f->values[i], v, n) == 0)
			return f->values[i];
	return NULL;
}

void
field_values_text(struct buf *b, const struct fieldspec *f)
{
	size_t i;

	for (i = 0; f->values != NULL && f->values[i] != NULL; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		buf_adds(b, f->values[i]);
	}
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Edits (insert, delete or change a letter, case aside) from a to b; a
 * number above max once it is sure to be above. */
static size_t
distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, diag, up, best;
	size_t row[64];

	if (la >= 64 || lb >= sizeof row / sizeof row[0])
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = best = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = min3(up + 1, row[j - 1] + 1, diag +
			    (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1])));
			diag = up;
			best = row[j] < best ? row[j] : best;
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}

const char *
field_nearest(const char *s, const char *(*names)(const void *, size_t),
    const void *arg)
{
	size_t i, d, max = strlen(s) < 6 ? 2 : strlen(s) / 3, best = max + 1;
	const char *n, *near = NULL;

	for (i = 0; (n = names(arg, i)) != NULL; i++)
		if ((d = distance(s, n, max)) < best) {
			best = d;
			near = n;
		}
	return near;
}
