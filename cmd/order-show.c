/*
 * order-show: list, filter and convert order records (a CSV/YAML ledger,
 * or a BSS QueryOrders / GetOrderDetail export).
 */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/listing.h"

#define PROG "order-show"

enum {	/* as in shortcuts[] */
	OPT_STATUS = OPT_CMD, OPT_TYPE, OPT_INSTANCE, OPT_SINCE, OPT_UNTIL
};

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
"                           (both: any of the known values, any letter\n"
"                           case)\n"
"      --instance ID        orders of this instance\n"
"      --since TIME         created at or after TIME (e.g. now-30d)\n"
"      --until TIME         created before TIME\n"
"  -H, --no-header          no header line in csv, tsv and table output\n"
"      --wide               table: every column, no cell cut\n"
"      --color[=WHEN]       bold table header: auto, always or never\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"ID arguments select orders by order or instance id; - reads IDs or\n"
"records from standard input.  Exit status: 0 done, 1 some IDs not found,\n"
"2 bad usage or input.  See order-show(1) and ecs-orders(7).\n", PROG);
}

static const char *const keys[] = { "order_id", "instance_id" };

/* The options, each a condition on one field, in the order of the OPT_
 * values. */
static const struct shortcut shortcuts[] = {
	{ "--status", "status", OP_ONE_OF },
	{ "--order-type", "order_type", OP_ONE_OF },
	{ "--instance", "instance_id", OP_EQ },
	{ "--since", "created_at", OP_GE },
	{ "--until", "created_at", OP_LT },
};
#define NSHORTCUT	(sizeof shortcuts / sizeof shortcuts[0])

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	const char **given = arg;

	(void)d;
	if (ch < OPT_STATUS || ch >= OPT_STATUS + (int)NSHORTCUT)
		return -2;
	given[ch - OPT_STATUS] = v;
	return 0;
}

static int
conds(struct opts *o, void *arg, struct diag *d)
{
	return opts_shortcuts(o, shortcuts, NSHORTCUT, arg, d);
}

int
main(int argc, char **argv)
{
	const char *given[NSHORTCUT] = { NULL };
	struct opts o;
	struct listing L = { &o, NULL, NULL, 0, NULL };
	int rc;

	opts_init(&o, PROG, keys, sizeof keys / sizeof keys[0]);
	o.kind = RK_ORDER;
	if ((rc = opts_parse(&o, argc, argv, COMMON_SHORT, longopts, own, given,
	    usage)) >= 0) {
		opts_free(&o);
		return rc;
	}
	return listing_main(&L, "ECS_ORDERS", argc - optind, argv + optind,
	    conds, given);
}
