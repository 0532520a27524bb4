/*
 * gen: deterministic test data for benchmarks.
 *
 *	gen orders N [csv|yaml]		N order rows, a ledger
 *	gen instances N [json|csv]	N instances, DescribeInstances JSON
 *
 * The same N always gives the same bytes.  Orders come ten or so to an
 * instance (a New order, monthly or yearly renewals, the odd upgrade),
 * about 2% Unpaid and 1% Cancelled, in CNY, USD and KRW, with vouchers
 * now and then and one row in a hundred needing CSV quotes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "values/ts.h"

static uint64_t seed = 0x9E3779B97F4A7C15u;

static uint64_t
rnd(void)	/* splitmix64 */
{
	uint64_t z = (seed += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static unsigned
below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static const char *const regions[] = { "cn-hangzhou", "ap-southeast-1",
	"ap-northeast-2" };
static const char *const currency[] = { "CNY", "USD", "KRW" };
static const char *const types[] = { "ecs.g7.large", "ecs.c7.xlarge",
	"ecs.r7.2xlarge", "ecs.t6-c1m2.large", "ecs.hfc7.large",
	"ecs.gn6i-c4g1.xlarge", "ecs.g7.2xlarge", "ecs.c7.large" };
static const char *const names[] = { "web", "api", "db", "cache", "batch",
	"웹서버", "결제", "분석", "worker", "edge" };

static void
instance_id(char *buf, size_t n, uint64_t k)
{
	static const char a[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char s[21];
	uint64_t x = k * 0x2545F4914F6CDD1Du + 12345;
	int i;

	for (i = 0; i < 20; i++) {
		s[i] = a[x % 36];
		x = x / 36 ^ (x * 6364136223846793005u + (uint64_t)i);
	}
	s[20] = '\0';
	snprintf(buf, n, "i-%s", s);
}

static void
amount(char *buf, size_t n, uint64_t minor, int cur)
{
	if (cur == 2)
		snprintf(buf, n, "%" PRIu64, minor);
	else
		snprintf(buf, n, "%" PRIu64 ".%02" PRIu64, minor / 100,
		    minor % 100);
}

struct order {
	uint64_t	 id, inst;
	const char	*type, *charge, *status, *region, *cur, *norefund;
	int64_t		 created, paid, start, end;
	char		 gross[32], paidamt[32], voucher[32], related[32];
};

static void
put_csv(const struct order *o)
{
	char iid[32], c[TS_BUFSZ], p[TS_BUFSZ], s[TS_BUFSZ], e[TS_BUFSZ];

	instance_id(iid, sizeof iid, o->inst);
	printf("%" PRIu64 ",%s,%s,ecs,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
	    o->id, iid, o->related, o->type, o->charge, o->status,
	    ts_format(o->created, c), o->paid ? ts_format(o->paid, p) : "",
	    o->start ? ts_format(o->start, s) : "",
	    o->end ? ts_format(o->end, e) : "", o->gross, o->paidamt,
	    o->voucher, o->cur, o->region, o->norefund);
}

static void
put_yaml(const struct order *o)
{
	char iid[32], c[TS_BUFSZ], p[TS_BUFSZ], s[TS_BUFSZ], e[TS_BUFSZ];

	instance_id(iid, sizeof iid, o->inst);
	printf("  - order_id: '%" PRIu64 "'\n    instance_id: %s\n"
	    "    related_order_id: '%s'\n    product: ecs\n"
	    "    order_type: %s\n    charge_type: %s\n    status: %s\n"
	    "    created_at: '%s'\n    paid_at: '%s'\n    period_start: '%s'\n"
	    "    period_end: '%s'\n    gross_amount: '%s'\n"
	    "    paid_amount: '%s'\n    voucher_amount: '%s'\n"
	    "    currency: %s\n    region: %s\n    no_refund: '%s'\n",
	    o->id, iid, o->related, o->type, o->charge, o->status,
	    ts_format(o->created, c), o->paid ? ts_format(o->paid, p) : "",
	    o->start ? ts_format(o->start, s) : "",
	    o->end ? ts_format(o->end, e) : "", o->gross, o->paidamt,
	    o->voucher, o->cur, o->region, o->norefund);
}

static void
orders(uint64_t n, int yaml)
{
	const int64_t day = 86400, t0 = 1577836800;	/* 2020-01-01 */
	uint64_t made = 0, inst = 0, id = 200000000000000;

	if (yaml)
		printf("orders:\n");
	else
		printf("order_id,instance_id,related_order_id,product,"
		    "order_type,charge_type,status,created_at,paid_at,"
		    "period_start,period_end,gross_amount,paid_amount,"
		    "voucher_amount,currency,region,no_refund\n");
	while (made < n) {
		int r = (int)below(3), payg = below(10) == 0;
		int64_t t = t0 + (int64_t)below(1800) * day + below(86400);
		int64_t len = below(3) == 0 ? 365 * day : 30 * day;
		unsigned k, count = 3 + below(15);
		uint64_t price = (r == 2 ? 20000 : 100) * (50 + below(2000));
		uint64_t first = id + 1;

		for (k = 0; k < count && made < n; k++, made++) {
			struct order o;
			unsigned roll = below(100);

			memset(&o, 0, sizeof o);
			o.id = ++id;
			o.inst = inst;
			o.region = regions[r];
			o.cur = currency[r];
			o.norefund = "";
			o.type = k == 0 ? "New" : below(12) == 0 ? "Upgrade" :
			    "Renew";
			o.charge = payg ? "PayAsYouGo" : "Subscription";
			o.status = roll < 2 ? "Unpaid" : roll < 3 ? "Cancelled" :
			    "Paid";
			o.created = t - below(3 * 86400);
			o.paid = roll < 3 ? 0 : o.created + below(600);
			if (k > 0)
				snprintf(o.related, sizeof o.related,
				    "%" PRIu64, first);
			if (!payg) {
				o.start = t;
				o.end = t + len;
				amount(o.gross, sizeof o.gross, price, r);
				amount(o.paidamt, sizeof o.paidamt,
				    len > 30 * day ? price * 85 / 100 : price, r);
				if (below(20) == 0)
					amount(o.voucher, sizeof o.voucher,
					    price / 10, r);
			} else {
				amount(o.gross, sizeof o.gross, 0, r);
				amount(o.paidamt, sizeof o.paidamt, 0, r);
			}
			if (below(100) == 0)	/* a row CSV must quote */
				o.region = "\"ap-northeast-2, Seoul\"";
			if (below(500) == 0)
				o.norefund = "true";
			(yaml ? put_yaml : put_csv)(&o);
			t += len;
		}
		inst++;
	}
}

static void
instances(uint64_t n, int csv)
{
	const int64_t t0 = 1577836800;
	uint64_t i;

	if (csv)
		printf("instance_id,name,region,zone,instance_type,cpu,"
		    "memory_gib,os_type,status,charge_type,created_at,"
		    "expires_at,deletion_protection,spot_strategy,tags\n");
	else
		printf("{\n\t\"Instances\": {\n\t\t\"Instance\": [\n");
	for (i = 0; i < n; i++) {
		char iid[32], c[TS_BUFSZ], e[TS_BUFSZ];
		int r = (int)below(3), prepaid = below(4) != 0;
		const char *type = types[below(8)];
		const char *status = below(5) == 0 ? "Stopped" : "Running";
		int64_t t = t0 + (int64_t)below(1800) * 86400;
		unsigned cpu = 2u << below(4);

		instance_id(iid, sizeof iid, i);
		ts_format(t, c);
		ts_format(prepaid ? t + 365 * 86400 : 4102444740, e);
		if (csv) {
			printf("%s,%s-%" PRIu64 ",%s,%s-a,%s,%u,%u,linux,%s,%s,"
			    "%s,%s,%s,NoSpot,env=prod;team=t%u\n", iid,
			    names[below(10)], i, regions[r], regions[r], type,
			    cpu, cpu * 4, status, prepaid ? "PrePaid" :
			    "PostPaid", c, e, below(50) ? "false" : "true",
			    below(9));
			continue;
		}
		c[16] = e[16] = '\0';	/* the API's minute form */
		printf("\t\t\t{\n"
		    "\t\t\t\t\"CreationTime\": \"%sZ\",\n"
		    "\t\t\t\t\"Cpu\": %u,\n"
		    "\t\t\t\t\"DeletionProtection\": %s,\n"
		    "\t\t\t\t\"ExpiredTime\": \"%sZ\",\n"
		    "\t\t\t\t\"InstanceChargeType\": \"%s\",\n"
		    "\t\t\t\t\"InstanceId\": \"%s\",\n"
		    "\t\t\t\t\"InstanceName\": \"%s-%" PRIu64 "\",\n"
		    "\t\t\t\t\"InstanceNetworkType\": \"vpc\",\n"
		    "\t\t\t\t\"InstanceType\": \"%s\",\n"
		    "\t\t\t\t\"Memory\": %u,\n"
		    "\t\t\t\t\"OSName\": \"Alibaba Cloud Linux  3.2104 LTS 64 bit\",\n"
		    "\t\t\t\t\"OSType\": \"linux\",\n"
		    "\t\t\t\t\"PublicIpAddress\": {\n\t\t\t\t\t\"IpAddress\": []\n\t\t\t\t},\n"
		    "\t\t\t\t\"RegionId\": \"%s\",\n"
		    "\t\t\t\t\"SecurityGroupIds\": {\n\t\t\t\t\t\"SecurityGroupId\": [\n"
		    "\t\t\t\t\t\t\"sg-%016" PRIx64 "\"\n\t\t\t\t\t]\n\t\t\t\t},\n"
		    "\t\t\t\t\"SpotStrategy\": \"NoSpot\",\n"
		    "\t\t\t\t\"Status\": \"%s\",\n"
		    "\t\t\t\t\"Tags\": {\n\t\t\t\t\t\"Tag\": [\n"
		    "\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"TagKey\": \"env\",\n"
		    "\t\t\t\t\t\t\t\"TagValue\": \"prod\"\n\t\t\t\t\t\t}\n"
		    "\t\t\t\t\t]\n\t\t\t\t},\n"
		    "\t\t\t\t\"VpcAttributes\": {\n"
		    "\t\t\t\t\t\"PrivateIpAddress\": {\n\t\t\t\t\t\t\"IpAddress\": [\n"
		    "\t\t\t\t\t\t\t\"172.16.%u.%u\"\n\t\t\t\t\t\t]\n\t\t\t\t\t},\n"
		    "\t\t\t\t\t\"VSwitchId\": \"vsw-%016" PRIx64 "\",\n"
		    "\t\t\t\t\t\"VpcId\": \"vpc-%016" PRIx64 "\"\n\t\t\t\t},\n"
		    "\t\t\t\t\"ZoneId\": \"%s-a\"\n"
		    "\t\t\t}%s\n",
		    c, cpu, below(50) ? "false" : "true", e,
		    prepaid ? "PrePaid" : "PostPaid", iid, names[below(10)], i,
		    type, cpu * 4096, regions[r], rnd(), status, below(256),
		    below(256), rnd(), rnd(), regions[r], i + 1 < n ? "," : "");
	}
	if (!csv)
		printf("\t\t]\n\t},\n\t\"NextToken\": \"\",\n"
		    "\t\"PageNumber\": 1,\n\t\"PageSize\": %" PRIu64 ",\n"
		    "\t\"RequestId\": \"5A4F8C2E-0000-4000-8000-000000000000\",\n"
		    "\t\"TotalCount\": %" PRIu64 "\n}\n", n, n);
}

int
main(int argc, char **argv)
{
	uint64_t n;

	if (argc < 3) {
		fprintf(stderr, "usage: gen orders N [csv|yaml]\n"
		    "       gen instances N [json|csv]\n");
		return 2;
	}
	n = strtoull(argv[2], NULL, 10);
	if (strcmp(argv[1], "orders") == 0)
		orders(n, argc > 3 && strcmp(argv[3], "yaml") == 0);
	else if (strcmp(argv[1], "instances") == 0)
		instances(n, argc > 3 && strcmp(argv[3], "csv") == 0);
	else {
		fprintf(stderr, "gen: unknown kind %s\n", argv[1]);
		return 2;
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
