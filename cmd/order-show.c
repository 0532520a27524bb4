/*
 * order-show: list, filter and convert order records (a CSV/YAML ledger,
 * or a BSS QueryOrders / GetOrderDetail export).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "listing.h"
#include "ts.h"

#define PROG "order-show"

enum { OPT_STATUS = OPT_CMD, OPT_TYPE, OPT_INSTANCE, OPT_SINCE, OPT_UNTIL };

static const struct option longopts[] = {
	COMMON_LONG,
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "order-type", required_argument, NULL, OPT_TYPE },
	{ "instance", required_argument, NULL, OPT_INSTANCE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("Usage: %s [-f FILE] [OPTION]... [ID... | -]\n"
"List, filter and convert orders (CSV or YAML ledger, BSS API JSON).\n"
"\n"
"  -f, --file FILE          orders file, - for standard input\n"
"                           (default: $ECS_ORDERS)\n"
"  -i, --input-format FMT   csv, tsv, yaml or json (default: from content)\n"
"  -d, --delimiter C        field separator of CSV input ('\\t' or tab)\n"
"  -o, --output FMT         csv, tsv, table, yaml, json, jsonl\n"
"                           (default: table on a terminal, else csv)\n"
"  -c, --columns A,B,...    these fields, in this order\n"
"  -w, --where 'F OP V'     keep records where field F compares to V;\n"
"                           OP: = != < <= > >= ~ !~ (repeatable, ANDed)\n"
"      --sort F[:asc|:desc] sort by field F\n"
"      --at TIME            the time \"now\" stands for (default: the clock)\n"
"      --status S[,S...]    Unpaid, Paid, Cancelled, Refunded\n"
"      --order-type T[,T..] New, Renew, Upgrade, Refund, ...\n"
"                           (both: any of the values, any letter case)\n"
"      --instance ID        orders of this instance\n"
"      --since TIME         created at or after TIME (e.g. now-30d)\n"
"      --until TIME         created before TIME\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"ID arguments select orders by order or instance id; - reads IDs or\n"
"records from standard input.  Exit status: 0 done, 1 some IDs not found,\n"
"2 bad usage or input.  See order-show(1) and ecs-orders(7).\n", PROG);
}

static const char *const keys[] = { "order_id", "instance_id" };

/* A time option as a condition on created_at. */
static int
time_cond(struct opts *o, const char *opt, const char *arg, enum op op,
    struct diag *d)
{
	int64_t t;
	char v[32];
	int rc;

	if ((rc = ts_parse_rel(arg, strlen(arg), o->now, &t)) < 0) {
		diag_set(d, NULL, 0, 0, "%s \"%s\" %s", opt, arg, ts_error(rc));
		return -1;
	}
	snprintf(v, sizeof v, "@%lld", (long long)t);
	return opts_cond(o, "created_at", op, v, d);
}

struct shortcuts {
	const char *status, *type, *instance, *since, *until;
};

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct shortcuts *s = arg;

	(void)d;
	switch (ch) {
	case OPT_STATUS: s->status = v; break;
	case OPT_TYPE: s->type = v; break;
	case OPT_INSTANCE: s->instance = v; break;
	case OPT_SINCE: s->since = v; break;
	case OPT_UNTIL: s->until = v; break;
	default: return -2;
	}
	return 0;
}

/* The conditions of the shortcut options. */
static int
conds(struct opts *o, void *arg, struct diag *d)
{
	const struct shortcuts *s = arg;

	if ((s->status && opts_cond(o, "status", OP_ONE_OF, s->status,
	    d) < 0) ||
	    (s->type && opts_cond(o, "order_type", OP_ONE_OF, s->type,
	    d) < 0) ||
	    (s->instance && opts_cond(o, "instance_id", OP_EQ, s->instance,
	    d) < 0) ||
	    (s->since && time_cond(o, "--since", s->since, OP_GE, d) < 0) ||
	    (s->until && time_cond(o, "--until", s->until, OP_LT, d) < 0))
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct shortcuts s = { NULL, NULL, NULL, NULL, NULL };
	struct opts o;
	struct listing L = { &o, NULL, NULL, 0 };
	int rc;

	opts_init(&o, PROG, keys, sizeof keys / sizeof keys[0]);
	if ((rc = opts_parse(&o, argc, argv, COMMON_SHORT, longopts, own, &s,
	    usage)) >= 0) {
		opts_free(&o);
		return rc;
	}
	return listing_main(&L, "ECS_ORDERS", argc - optind, argv + optind,
	    conds, &s);
}
