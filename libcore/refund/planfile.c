/* Plan files: making, writing and comparing them (planfile.h); reading
 * them back is planread.c's. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "records/out.h"
#include "records/recmap.h"
#include "records/writer.h"
#include "refund/orders.h"
#include "refund/plan.h"
#include "refund/planfile.h"
#include "refund/policy.h"
#include "select/idset.h"
#include "values/ts.h"

const char *const plan_fact_head[PLAN_FACT_HEAD] = { "instance_id",
	"source" };

/* Receipt fields that follow the time of the run, not the decision. */
static int
of_the_run(const char *name)
{
	return strcmp(name, "api_call") == 0 || strcmp(name, "at") == 0 ||
	    strcmp(name, "ledger") == 0;
}

void
plan_file_init(struct plan_file *pf)
{
	memset(pf, 0, sizeof *pf);
	pf->max = 50;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
plan_file_free(struct plan_file *pf)
{
	free(pf->ledger);
	free(pf->policy);
	free(pf->instances);
	free_list(pf->ids, pf->nids);
	free_list(pf->where, pf->nwhere);
	recs_free(&pf->facts);
	recs_free(&pf->receipts);
	plan_file_init(pf);
}

static void
add_to(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
plan_file_id(struct plan_file *pf, const char *id)
{
	add_to(&pf->ids, &pf->nids, id);
}

void
plan_file_where(struct plan_file *pf, const char *w)
{
	add_to(&pf->where, &pf->nwhere, w);
}

void
plan_file_take(struct plan_file *pf, const struct plan *p,
    const struct recmap *piped, const struct recmap *inst)
{
	const struct recmap *maps[2] = { piped, inst };
	struct rec r, info;
	size_t i, j;

	rec_init(&r);
	rec_init(&info);
	for (i = 0; i < p->n; i++) {
		const char *id = p->in.os->o[p->rows[i].oi].instance;

		plan_receipt(p, i, &r);
		rec_copy(recs_add(&pf->receipts), &r);
		for (j = 0; j < i; j++)
			if (strcmp(p->in.os->o[p->rows[j].oi].instance,
			    id) == 0)
				break;
		if (j < i || recmap_fields(maps, 2, id, refund_facts, NFACTS,
		    &info) == 0)
			continue;
		rec_clear(&r);
		rec_adds(&r, "instance_id", id);
		rec_adds(&r, "source", piped && recmap_get(piped, id) ?
		    "stdin" : "file");
		for (j = 0; j < info.n; j++)
			rec_add(&r, info.f[j].name, rec_val(&info, j),
			    info.f[j].len);
		rec_copy(recs_add(&pf->facts), &r);
	}
	rec_free(&r);
	rec_free(&info);
}

/* path made absolute, into *out; -1 with d set when it cannot be. */
static int
absolute(const char *path, char **out, struct diag *d)
{
	char *p = realpath(path, NULL);

	if (p == NULL) {
		diag_set(d, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	*out = p;
	return 0;
}

int
plan_file_make(struct plan_file *pf, const struct plan *p,
    const struct plan_basis *b, struct diag *d)
{
	const char *pol = b->policy;
	size_t i;

	plan_file_init(pf);
	if (pol == NULL || *pol == '\0')
		pol = getenv("ECS_POLICY");
	if (pol == NULL || *pol == '\0')
		pol = "intl";
	if (strcmp(pol, "intl") == 0 || strcmp(pol, "cn") == 0)
		pf->policy = xstrdup(pol);
	else if (absolute(pol, &pf->policy, d) < 0)
		return -1;
	if (absolute(b->ledger, &pf->ledger, d) < 0 || (b->instances &&
	    absolute(b->instances, &pf->instances, d) < 0))
		return -1;
	sha256_hex(b->records, pf->ledger_sha256);
	plan_policy_digest(b->pol, pf->policy_sha256);
	pf->at = p->in.at;
	pf->force = p->in.force;
	pf->max = b->max;
	for (i = 0; i < b->ids->n; i++)
		plan_file_id(pf, b->ids->ids[i].s);
	for (i = 0; i < b->nwhere; i++)
		plan_file_where(pf, b->where[i]);
	plan_file_take(pf, p, p->in.piped, p->in.inst);
	return 0;
}

/* a and the file at the absolute path abs are one file. */
static int
same_file(const char *a, const char *abs)
{
	char *p = realpath(a, NULL);
	int same = p != NULL && strcmp(p, abs) == 0;

	free(p);
	return same;
}

int
plan_file_ledger(const struct plan_file *pf, const char *path,
    const char *given, const char **ledger, struct diag *d)
{
	const char *named;

	if (given != NULL) {
		if (!same_file(given, pf->ledger)) {
			diag_set(d, path, 0, 0, "the plan is of %s, not of -f "
			    "%s", pf->ledger, given);
			return -1;
		}
		*ledger = given;
		return 0;
	}
	named = pf->receipts.n ? rec_get(&pf->receipts.r[0], "ledger", NULL) :
	    NULL;
	*ledger = named && same_file(named, pf->ledger) ? named : pf->ledger;
	return 0;
}

void
plan_file_piped(const struct plan_file *pf, struct recmap *m)
{
	struct rec r;
	size_t i, j;

	rec_init(&r);
	if (m->key == NULL)
		m->key = "instance_id";
	for (i = 0; i < pf->facts.n; i++) {
		const struct rec *f = &pf->facts.r[i];

		if (strcmp(rec_get(f, "source", NULL), "stdin") != 0)
			continue;
		rec_clear(&r);
		for (j = 0; j < f->n; j++)
			if (strcmp(f->f[j].name, "source") != 0)
				rec_add(&r, f->f[j].name, rec_val(f, j),
				    f->f[j].len);
		recmap_add(m, &r);
	}
	rec_free(&r);
}

void
plan_policy_digest(const struct policy *pol, char hex[SHA256_HEX])
{
	struct buf b = BUF_INIT;
	struct out o;

	out_init_buf(&o, &b);
	policy_write(&o, pol);
	out_close(&o);
	sha256_of(b.p, b.len, hex);
	buf_free(&b);
}

void
plan_digest_record(struct sha256 *s, const struct rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		sha256_update(s, r->f[i].name, strlen(r->f[i].name) + 1);
		sha256_update(s, rec_val(r, i), r->f[i].len + 1);
	}
	sha256_update(s, "\n", 1);
}

/* ---- writing ---- */

static void
put(struct out *o, const char *key, const char *v)
{
	out_puts(o, key);
	out_puts(o, ": ");
	wr_yaml_scalar(o, v, strlen(v));
	out_putc(o, '\n');
}

static void
put_list(struct out *o, const char *key, char *const *v, size_t n)
{
	size_t i;

	out_puts(o, key);
	out_puts(o, n ? ":\n" : ": []\n");
	for (i = 0; i < n; i++) {
		out_puts(o, "- ");
		wr_yaml_scalar(o, v[i], strlen(v[i]));
		out_putc(o, '\n');
	}
}

static void
put_recs(struct out *o, const char *key, const struct recs *rs)
{
	size_t i, j;

	out_puts(o, key);
	out_puts(o, rs->n ? ":\n" : ": []\n");
	for (i = 0; i < rs->n; i++)
		for (j = 0; j < rs->r[i].n; j++) {
			out_puts(o, j ? "  " : "- ");
			out_puts(o, rs->r[i].f[j].name);
			out_puts(o, ": ");
			wr_yaml_scalar(o, rec_val(&rs->r[i], j),
			    rs->r[i].f[j].len);
			out_putc(o, '\n');
		}
}

void
plan_file_write(struct out *o, const struct plan_file *pf)
{
	char t[TS_BUFSZ], n[32];

	out_puts(o, "# What order-cancel would do, and what that rests on.  "
	    "Review it, then\n# carry out exactly this with: order-cancel "
	    "--apply FILE\n");
	put(o, "plan", PLAN_FILE_VERSION);
	put(o, "ledger", pf->ledger);
	put(o, "ledger_sha256", pf->ledger_sha256);
	put(o, "policy", pf->policy);
	put(o, "policy_sha256", pf->policy_sha256);
	put(o, "at", ts_format(pf->at, t));
	put(o, "force", pf->force ? "true" : "false");
	snprintf(n, sizeof n, "%ld", pf->max);
	put(o, "max", n);
	put(o, "instances", pf->instances ? pf->instances : "");
	put_list(o, "ids", pf->ids, pf->nids);
	put_list(o, "where", pf->where, pf->nwhere);
	put_recs(o, "facts", &pf->facts);
	put_recs(o, "receipts", &pf->receipts);
}

/* ---- comparing ---- */

static const struct rec *
find_fact(const struct recs *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rec_get(&rs->r[i], "instance_id", NULL), id) == 0)
			return &rs->r[i];
	return NULL;
}

static const struct rec *
find_receipt(const struct recs *rs, const struct rec *like)
{
	const char *o = rec_get(like, "order_id", NULL);
	const char *in = rec_get(like, "instance_id", NULL);
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rec_get(&rs->r[i], "order_id", NULL), o) == 0 &&
		    strcmp(rec_get(&rs->r[i], "instance_id", NULL), in) == 0)
			return &rs->r[i];
	return NULL;
}

/* "was X, now Y" for each field of a that b has otherwise (fields of the
 * run left out), after what. */
static size_t
fields_differ(const struct rec *a, const struct rec *b, const char *what,
    struct buf *out)
{
	const char *v, *was = rec_get(a, "status_before", NULL);
	size_t i, n = 0;
	/* an order whose status changed: the rest follows from that */
	int only = was && (v = rec_get(b, "status_before", NULL)) != NULL &&
	    strcmp(was, v) != 0;

	for (i = 0; i < a->n; i++) {
		if (of_the_run(a->f[i].name) || strcmp(a->f[i].name,
		    "source") == 0 || (only && strcmp(a->f[i].name,
		    "status_before") != 0))
			continue;
		v = rec_get(b, a->f[i].name, NULL);
		if (v != NULL && strcmp(v, rec_val(a, i)) == 0)
			continue;
		buf_addf(out, "%s: %s was \"%s\", now %s%s%s\n", what,
		    a->f[i].name, rec_val(a, i), v ? "\"" : "", v ? v :
		    "not known", v ? "\"" : "");
		n++;
	}
	for (i = 0; i < b->n && !only; i++)
		if (!of_the_run(b->f[i].name) && rec_get(a, b->f[i].name,
		    NULL) == NULL) {
			buf_addf(out, "%s: %s was not known, now \"%s\"\n",
			    what, b->f[i].name, rec_val(b, i));
			n++;
		}
	return n;
}

/* A receipt's field, "" when it has none. */
static const char *
field(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name, NULL);

	return v != NULL ? v : "";
}

/* Whether a receipt changes its order (cancel or refund), rather than
 * leaving it (none, refused). */
static int
changes(const struct rec *r)
{
	const char *a = field(r, "action");

	return strcmp(a, "none") != 0 && strcmp(a, "refused") != 0;
}

int
plan_file_done(const struct plan_file *was, const struct plan_file *now)
{
	const struct rec *a, *r;
	size_t i, acted = 0;

	/* now: nothing to change, and refused only what was refused (an
	 * order the plan did not answer, such as one cancelled long ago of
	 * an instance now refunded, may be answered as done) */
	for (i = 0; i < now->receipts.n; i++) {
		r = &now->receipts.r[i];
		a = find_receipt(&was->receipts, r);
		if (changes(r) || (strcmp(field(r, "action"), "refused") ==
		    0 && (a == NULL || strcmp(field(a, "action"), "refused") !=
		    0)))
			return 0;
	}
	/* each change of the plan: its order is where it would leave it */
	for (i = 0; i < was->receipts.n; i++) {
		a = &was->receipts.r[i];
		if ((r = find_receipt(&now->receipts, a)) == NULL)
			return 0;
		if (!changes(a))
			continue;
		if (strcmp(field(r, "action"), "none") != 0 ||
		    strcmp(field(r, "status_before"),
		    field(a, "status_after")) != 0)
			return 0;
		acted++;
	}
	return acted > 0;
}

size_t
plan_file_diff(const struct plan_file *was, const struct plan_file *now,
    struct buf *out)
{
	const struct rec *r;
	char what[256];
	size_t n = 0, i;

	if (strcmp(was->ledger_sha256, now->ledger_sha256) != 0) {
		buf_addf(out, "%s: the records the plan read have changed "
		    "since it was made\n", now->ledger);
		n++;
	}
	if (strcmp(was->policy_sha256, now->policy_sha256) != 0) {
		buf_addf(out, "policy %s: its rules have changed since the "
		    "plan was made\n", now->policy);
		n++;
	}
	for (i = 0; i < was->facts.n; i++) {
		const struct rec *f = &was->facts.r[i];
		const char *id = rec_get(f, "instance_id", NULL);

		snprintf(what, sizeof what, "instance %s", id);
		if ((r = find_fact(&now->facts, id)) == NULL) {
			buf_addf(out, "%s: nothing is known of it now\n", what);
			n++;
		} else
			n += fields_differ(f, r, what, out);
	}
	for (i = 0; i < was->receipts.n; i++) {
		const struct rec *a = &was->receipts.r[i];

		snprintf(what, sizeof what, "order %s of %s", rec_get(a,
		    "order_id", NULL), rec_get(a, "instance_id", NULL));
		if ((r = find_receipt(&now->receipts, a)) == NULL) {
			buf_addf(out, "%s: in the plan, not answered now\n",
			    what);
			n++;
		} else
			n += fields_differ(a, r, what, out);
	}
	for (i = 0; i < now->receipts.n; i++)
		if (find_receipt(&was->receipts, &now->receipts.r[i]) ==
		    NULL) {
			buf_addf(out, "order %s of %s: answered now, not in "
			    "the plan\n", rec_get(&now->receipts.r[i],
			    "order_id", NULL), rec_get(&now->receipts.r[i],
			    "instance_id", NULL));
			n++;
		}
	return n;
}

size_t
plan_file_stale(const struct plan_file *pf, const struct recmap *inst,
    struct buf *out)
{
	size_t i, j, n = 0;

	for (i = 0; i < pf->facts.n; i++) {
		const struct rec *f = &pf->facts.r[i], *now;
		const char *id = rec_get(f, "instance_id", NULL), *v;

		if (strcmp(rec_get(f, "source", NULL), "file") != 0)
			continue;
		if (inst == NULL || (now = recmap_get(inst, id)) == NULL) {
			buf_addf(out, "instance %s: no longer in the instances "
			    "file\n", id);
			n++;
			continue;
		}
		for (j = PLAN_FACT_HEAD; j < f->n; j++) {
			v = rec_get(now, f->f[j].name, NULL);
			if (v != NULL && strcmp(v, rec_val(f, j)) == 0)
				continue;
			buf_addf(out, "instance %s: %s was \"%s\", the "
			    "instances file now says %s%s%s\n", id,
			    f->f[j].name, rec_val(f, j), v ? "\"" : "",
			    v ? v : "nothing", v ? "\"" : "");
			n++;
		}
	}
	return n;
}
