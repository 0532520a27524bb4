/*
 * The API exports read (envelope.h).  Adding an export is a line in
 * envelopes[]; what aliyun --pager prints of one is a line too, as the
 * pager keeps only the last two names of the path to the list
 * ("OrderList.Order" of "Data.OrderList.Order").
 */
#include <string.h>

#include "base/buf.h"
#include "records/envelope.h"
#include "records/fields.h"

/*
 * BSS's list of subscriptions: its Status is the subscription's (Normal,
 * Expired), not the server's; its CreateTime is when it was bought, to
 * the second, not when ECS made the server (which DescribeInstances says
 * to the minute); its SubscriptionType says in
 * billing's words what DescribeInstances calls the charge type.
 */
static const struct alias available[] = {
	{ "Status", "billing_status", CONV_NONE },
	{ "CreateTime", "subscribed_at", CONV_TIME },
	{ "EndTime", "expires_at", CONV_TIME },
	{ "SubscriptionType", "charge_type", CONV_PREPAID },
};

/* Duration and PeriodUnit are those of the next renewal. */
static const struct alias autorenew[] = {
	{ "Duration", "renew_duration", CONV_NONE },
	{ "PeriodUnit", "renew_unit", CONV_NONE },
};

/* One renewal's price: the list price, the discount and what is paid. */
static const struct alias price[] = {
	{ "Price.OriginalPrice", "renew_list_price", CONV_NONE },
	{ "Price.DiscountPrice", "renew_discount", CONV_NONE },
	{ "Price.TradePrice", "renew_price", CONV_NONE },
	{ "Price.Currency", "currency", CONV_NONE },
};

/* A bill's times are a wall clock with no zone said ("2025-05-01
 * 00:00:00"): read as times, they would move with the reader's TZ; they
 * stay text, under names of their own. */
static const struct alias bill[] = {
	{ "UsageStartTime", "usage_start", CONV_NONE },
	{ "UsageEndTime", "usage_end", CONV_NONE },
};

#define OWN(a)	a, sizeof a / sizeof a[0]
#define LIST	0
#define ONE	1

static const struct envelope envelopes[] = {
	{ "Instances.Instance", "ECS DescribeInstances", LIST, NULL, 0 },
	{ "InstanceRenewAttributes.InstanceRenewAttribute",
	    "ECS DescribeInstanceAutoRenewAttribute", LIST, OWN(autorenew) },
	{ "PriceInfo", "ECS DescribeRenewalPrice", ONE, OWN(price) },
	{ "Data.OrderList.Order", "BSS QueryOrders or GetOrderDetail", LIST,
	    NULL, 0 },
	{ "OrderList.Order", "BSS QueryOrders --pager", LIST, NULL, 0 },
	{ "Data.InstanceList", "BSS QueryAvailableInstances", LIST,
	    OWN(available) },
	{ "Data.Items.Item", "BSS QueryInstanceBill", LIST, OWN(bill) },
	{ "Items.Item", "BSS QueryInstanceBill --pager", LIST, OWN(bill) },
};

#define NENVELOPE	(sizeof envelopes / sizeof envelopes[0])

static int
same(const char *s, size_t n, const char *name)
{
	return strncmp(s, name, n) == 0 && name[n] == '\0';
}

const struct envelope *
envelope_find(const char *path, size_t n)
{
	size_t i;

	for (i = 0; i < NENVELOPE; i++)
		if (same(path, n, envelopes[i].path))
			return &envelopes[i];
	return NULL;
}

const char *
envelope_field(const struct envelope *e, const char *name, size_t n,
    const struct alias **a)
{
	size_t i;

	for (i = 0; e != NULL && i < e->nown; i++)
		if (same(name, n, e->own[i].alias)) {
			*a = &e->own[i];
			return e->own[i].name;
		}
	*a = field_alias(name, n);
	return field_canonical(name, n);
}

void
envelope_list(struct buf *b)
{
	size_t i;

	for (i = 0; i < NENVELOPE; i++) {
		buf_adds(b, i == 0 ? "" : i + 1 < NENVELOPE ? ", " : " and ");
		buf_adds(b, envelopes[i].path);
		buf_adds(b, envelopes[i].one ? "{}" : "[]");
		buf_adds(b, " (");
		buf_adds(b, envelopes[i].api);
		buf_adds(b, ")");
	}
}
