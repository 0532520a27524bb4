/*
 * ecs-list: list and filter ECS instances from a DescribeInstances export
 * or an instances file, or from several exports merged by instance_id.
 */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "records/fields.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/listing.h"
#include "values/dur.h"
#include "values/ts.h"

#define PROG "ecs-list"

enum {	/* the first five as in shortcuts[] */
	OPT_STATUS = OPT_CMD, OPT_REGION, OPT_CHARGE, OPT_CATEGORY, OPT_TYPE,
	OPT_EXPIRING, OPT_FOR
};

static const struct option longopts[] = {
	COMMON_LONG,
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "charge-type", required_argument, NULL, OPT_CHARGE },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "expiring-within", required_argument, NULL, OPT_EXPIRING },
	{ "for", required_argument, NULL, OPT_FOR },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("Usage: %s [-f FILE] [OPTION]... [INSTANCE_ID... | -]\n"
"List and filter ECS instances (DescribeInstances JSON, CSV, YAML).\n"
"\n"
"  -f, --file FILE          instances file, - for standard input\n"
"                           (default: $ECS_INSTANCES); given again, the\n"
"                           records of every file merged by instance_id\n"
"      --for ID             the instance that the file of the -f just\n"
"                           before is about, when it does not say\n"
"                           (DescribeRenewalPrice's answer)\n"
"  -i, --input-format FMT   csv, tsv, yaml or json (default: from content)\n"
"  -d, --delimiter C        field separator of CSV input ('\\t' or tab)\n"
"  -o, --output FMT         csv, tsv, table, yaml, json, jsonl\n"
"                           (default: table on a terminal, else csv)\n"
"  -c, --columns A,B,...    these fields, in this order\n"
"  -w, --where 'F OP V'     keep records where field F compares to V;\n"
"                           OP: = != < <= > >= ~ !~ (repeatable, ANDed)\n"
"      --sort F[:asc|:desc] sort by field F\n"
"      --at TIME            the time \"now\" stands for (default: the clock)\n"
"      --status S[,S...]    Running, Stopped, ...\n"
"      --region R[,R...]    region id, e.g. ap-northeast-2\n"
"      --charge-type T[,T]  PrePaid (subscription) or PostPaid\n"
"      --category C[,C...]  general-purpose, compute-optimized, gpu, ...\n"
"                           (these four: any of the values, any letter\n"
"                           case; all but --region, known values only)\n"
"      --type GLOB          instance type pattern, e.g. 'ecs.g7.*'\n"
"      --expiring-within D  PrePaid instances expiring between now and\n"
"                           now + D (e.g. 7d, 2w, 1d12h)\n"
"  -H, --no-header          no header line in csv, tsv and table output\n"
"      --wide               table: every column, no cell cut\n"
"      --color[=WHEN]       bold table header: auto, always or never\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"INSTANCE_ID arguments select instances; - reads IDs or records from\n"
"standard input.  Exit status: 0 done, 1 some IDs not found, 2 bad usage\n"
"or input.  See ecs-list(1) and ecs-orders(7).\n", PROG);
}

static const char *const keys[] = { "instance_id" };
static const char *const derived[] = { "family", "category" };

/* family from instance_type and category from family, when absent. */
static void
derive(struct rec *r)
{
	char fam[256];
	const char *v, *f;
	size_t n, fn;

	if ((v = rec_get(r, "family", &n)) == NULL || n == 0) {
		if ((v = rec_get(r, "instance_type", &n)) == NULL || n == 0)
			return;
		if ((fn = field_family(v, n, &f)) == 0 || fn >= sizeof fam)
			return;
		memcpy(fam, f, fn);	/* rec_set may move r's values */
		rec_set(r, "family", fam, fn);
	}
	if ((v = rec_get(r, "category", &n)) != NULL && n > 0)
		return;
	v = rec_get(r, "family", &n);
	f = field_category(v, n);
	rec_set(r, "category", f, strlen(f));
}

/* The options that are conditions on one field, in the order of the
 * OPT_ values; --expiring-within is two. */
static const struct shortcut shortcuts[] = {
	{ "--status", "status", OP_ONE_OF },
	{ "--region", "region", OP_ONE_OF },
	{ "--charge-type", "charge_type", OP_ONE_OF },
	{ "--category", "category", OP_ONE_OF },
	{ "--type", "instance_type", OP_GLOB },
};
#define NSHORTCUT	(sizeof shortcuts / sizeof shortcuts[0])

/* What the shortcut options were given, by OPT_ value. */
struct given {
	const char	*v[NSHORTCUT];
	const char	*expiring;
	struct opts	*o;		/* for --for */
};

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct given *g = arg;

	if (ch == OPT_FOR)
		return opts_for(g->o, v, d);
	if (ch == OPT_EXPIRING)
		g->expiring = v;
	else if (ch >= OPT_STATUS && ch < OPT_STATUS + (int)NSHORTCUT)
		g->v[ch - OPT_STATUS] = v;
	else
		return -2;
	return 0;
}

/* --expiring-within: PrePaid, expires_at between now and now + DUR. */
static int
expiring(struct opts *o, const char *arg, struct diag *d)
{
	static const char opt[] = "--expiring-within";
	int64_t dur, until;
	char t[32];
	int rc;

	if ((rc = dur_parse(arg, strlen(arg), &dur)) < 0) {
		diag_set(d, NULL, 0, 0, "%s \"%s\" %s", opt, arg,
		    dur_error(rc));
		return -1;
	}
	if ((rc = ts_add(o->now, dur, &until)) < 0) {
		diag_set(d, NULL, 0, 0, "%s \"%s\": now + %s %s", opt, arg,
		    arg, ts_error(rc));
		return -1;
	}
	snprintf(t, sizeof t, "@%lld", (long long)until);
	if (opts_cond(o, opt, "charge_type", OP_ONE_OF, "PrePaid", d) < 0 ||
	    opts_cond(o, opt, "expires_at", OP_LE, t, d) < 0)
		return -1;
	snprintf(t, sizeof t, "@%lld", (long long)o->now);
	return opts_cond(o, opt, "expires_at", OP_GE, t, d);
}

/* The conditions of the shortcut options. */
static int
conds(struct opts *o, void *arg, struct diag *d)
{
	const struct given *g = arg;

	if (opts_shortcuts(o, shortcuts, NSHORTCUT, g->v, d) < 0)
		return -1;
	return g->expiring ? expiring(o, g->expiring, d) : 0;
}

int
main(int argc, char **argv)
{
	struct given g;
	struct opts o;
	struct listing L = { &o, derive, derived, 2, "order_id" };
	int rc;

	memset(&g, 0, sizeof g);
	g.o = &o;
	opts_init(&o, PROG, keys, sizeof keys / sizeof keys[0]);
	o.kind = RK_INSTANCE;
	o.merge = 1;
	if ((rc = opts_parse(&o, argc, argv, COMMON_SHORT, longopts, own, &g,
	    usage)) >= 0) {
		opts_free(&o);
		return rc;
	}
	return listing_main(&L, "ECS_INSTANCES", argc - optind,
	    argv + optind, conds, &g);
}
