/*
 * ecs-list: list and filter ECS instances from a DescribeInstances export
 * or an instances file.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "dur.h"
#include "fields.h"
#include "listing.h"
#include "ts.h"

#define PROG "ecs-list"

enum {
	OPT_STATUS = OPT_CMD, OPT_REGION, OPT_CHARGE, OPT_CATEGORY, OPT_TYPE,
	OPT_EXPIRING
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
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf("Usage: %s [-f FILE] [OPTION]... [INSTANCE_ID... | -]\n"
"List and filter ECS instances (DescribeInstances JSON, CSV, YAML).\n"
"\n"
"  -f, --file FILE          instances file, - for standard input\n"
"                           (default: $ECS_INSTANCES)\n"
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
"                           (these four: any of the values, any letter case)\n"
"      --type GLOB          instance type pattern, e.g. 'ecs.g7.*'\n"
"      --expiring-within D  PrePaid instances expiring between now and\n"
"                           now + D (e.g. 7d, 2w, 1d12h)\n"
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

struct shortcuts {
	const char *status, *region, *charge, *category, *type, *expiring;
};

static int
own(void *arg, int ch, const char *v, struct diag *d)
{
	struct shortcuts *s = arg;

	(void)d;
	switch (ch) {
	case OPT_STATUS: s->status = v; break;
	case OPT_REGION: s->region = v; break;
	case OPT_CHARGE: s->charge = v; break;
	case OPT_CATEGORY: s->category = v; break;
	case OPT_TYPE: s->type = v; break;
	case OPT_EXPIRING: s->expiring = v; break;
	default: return -2;
	}
	return 0;
}

/* --expiring-within: PrePaid, expires_at between now and now + DUR. */
static int
expiring(struct opts *o, const char *arg, struct diag *d)
{
	int64_t dur, until;
	char t[32];
	int rc;

	if ((rc = dur_parse(arg, strlen(arg), &dur)) < 0) {
		diag_set(d, NULL, 0, 0, "--expiring-within \"%s\" %s", arg,
		    dur_error(rc));
		return -1;
	}
	if ((rc = ts_add(o->now, dur, &until)) < 0) {
		diag_set(d, NULL, 0, 0, "--expiring-within \"%s\": now + %s %s",
		    arg, arg, ts_error(rc));
		return -1;
	}
	snprintf(t, sizeof t, "@%lld", (long long)until);
	if (opts_cond(o, "charge_type", OP_ONE_OF, "PrePaid", d) < 0 ||
	    opts_cond(o, "expires_at", OP_LE, t, d) < 0)
		return -1;
	snprintf(t, sizeof t, "@%lld", (long long)o->now);
	return opts_cond(o, "expires_at", OP_GE, t, d);
}

/* The conditions of the shortcut options. */
static int
conds(struct opts *o, void *arg, struct diag *d)
{
	const struct shortcuts *s = arg;

	if ((s->status && opts_cond(o, "status", OP_ONE_OF, s->status,
	    d) < 0) ||
	    (s->region && opts_cond(o, "region", OP_ONE_OF, s->region,
	    d) < 0) ||
	    (s->charge && opts_cond(o, "charge_type", OP_ONE_OF, s->charge,
	    d) < 0) ||
	    (s->category && opts_cond(o, "category", OP_ONE_OF, s->category,
	    d) < 0) ||
	    (s->type && opts_cond(o, "instance_type", OP_GLOB, s->type,
	    d) < 0) ||
	    (s->expiring && expiring(o, s->expiring, d) < 0))
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct shortcuts s = { NULL, NULL, NULL, NULL, NULL, NULL };
	struct opts o;
	struct listing L = { &o, derive, derived, 2 };
	int rc;

	opts_init(&o, PROG, keys, sizeof keys / sizeof keys[0]);
	if ((rc = opts_parse(&o, argc, argv, COMMON_SHORT, longopts, own, &s,
	    usage)) >= 0) {
		opts_free(&o);
		return rc;
	}
	return listing_main(&L, "ECS_INSTANCES", argc - optind,
	    argv + optind, conds, &s);
}
