#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "dec.h"
#include "fields.h"
#include "hash.h"
#include "ts.h"

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

static const char *const canonical[] = {
	"instance_id", "name", "region", "zone", "instance_type", "family",
	"category", "cpu", "memory_gib", "os_type", "os_name", "status",
	"charge_type", "network_type", "vpc_id", "bandwidth_out_mbps",
	"created_at", "expires_at", "deletion_protection", "spot_strategy",
	"tags", "order_id", "related_order_id", "product", "order_type",
	"paid_at", "period_start", "period_end", "gross_amount", "paid_amount",
	"voucher_amount", "currency", "no_refund", "refund_rule",
	"refund_amount", "refunded_at",
};

/*
 * Every name of the two tables above, found by hash: readers look up each
 * key of each record, and a DescribeInstances record has dozens of keys.
 * The index is built on first use; it holds 1 + the position of a name,
 * canonical names first, then the aliases.
 */
#define NCANON	(sizeof canonical / sizeof canonical[0])
#define NALIAS	(sizeof aliases / sizeof aliases[0])
#define NSLOT	256

static unsigned char slots[NSLOT];
_Static_assert(2 * (NCANON + NALIAS) <= NSLOT, "the index is kept half empty");

/* Whether s, n bytes long, is name. */
static int
same(const char *s, size_t n, const char *name)
{
	return strncmp(s, name, n) == 0 && strlen(name) == n;
}

static const char *
name_at(size_t i)
{
	return i < NCANON ? canonical[i] : aliases[i - NCANON].alias;
}

static void
build_index(void)
{
	size_t i, j;

	for (i = 0; i < NCANON + NALIAS; i++) {
		const char *s = name_at(i);

		j = hash_bytes(s, strlen(s)) & (NSLOT - 1);
		while (slots[j] != 0)
			j = (j + 1) & (NSLOT - 1);
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

	return i >= (long)NCANON ? &aliases[i - (long)NCANON] : NULL;
}

const char *
field_canonical(const char *s, size_t n)
{
	long i = lookup(s, n);

	if (i < 0)
		return NULL;
	return i < (long)NCANON ? canonical[i] : aliases[i - (long)NCANON].name;
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
	if (a->conv == CONV_MIB_TO_GIB)
		return dec_div_pow2(out, v, n, 10) < 0 ?
		    "is not a number (MiB)" : NULL;
	if ((rc = ts_parse(v, n, &secs)) < 0)
		return ts_error(rc);
	buf_adds(out, ts_format(secs, t));
	return NULL;
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
	for (i = 0; i < sizeof cat / sizeof cat[0]; i++)
		if (same(f, len, cat[i].letters))
			return cat[i].category;
	return "other";
}
