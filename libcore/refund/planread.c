/* Plan files: reading them back (planfile.h), every value checked, with
 * FILE:LINE:COL for anything plan_file_write would not have written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "records/rec.h"
#include "refund/plan.h"
#include "refund/planfile.h"
#include "refund/refund.h"
#include "values/ts.h"

struct reading {
	const char	*path;
	yaml_document_t	 doc;
	struct strtab	 seen[2];	/* the keys of facts, receipts */
	struct diag	*d;
};

static int
bad(struct reading *rd, const yaml_node_t *n, const char *what)
{
	diag_set(rd->d, rd->path, (long)n->start_mark.line + 1,
	    (long)n->start_mark.column + 1, "%s", what);
	return -1;
}

/* A scalar's text, or NULL (said) for anything else or a NUL in it. */
static const char *
scalar(struct reading *rd, const yaml_node_t *n, const char *key)
{
	char what[128];

	if (n->type == YAML_SCALAR_NODE && memchr(n->data.scalar.value, '\0',
	    n->data.scalar.length) == NULL)
		return (const char *)n->data.scalar.value;
	snprintf(what, sizeof what, "%s must be text", key);
	bad(rd, n, what);
	return NULL;
}

static yaml_node_t *
node(struct reading *rd, int i)
{
	return yaml_document_get_node(&rd->doc, i);
}

static int
list(struct reading *rd, const yaml_node_t *n, const char *key,
    struct plan_file *pf, int ids)
{
	const yaml_node_item_t *it;
	const char *s;
	char what[128];

	if (n->type != YAML_SEQUENCE_NODE) {
		snprintf(what, sizeof what, "%s must be a list", key);
		return bad(rd, n, what);
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((s = scalar(rd, node(rd, *it), key)) == NULL)
			return -1;
		if (ids)
			plan_file_id(pf, s);
		else
			plan_file_where(pf, s);
	}
	return 0;
}

/* The static name among names[] that s is, or NULL. */
static const char *
known(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return names[i];
	return NULL;
}

/* Whether r has the key of an earlier record of its list, which seen
 * remembers: its order_id and instance_id (receipts), or its instance_id
 * (facts). */
static int
again(struct strtab *seen, const struct rec *r, int receipts)
{
	struct buf k = BUF_INIT;
	size_t n = seen->n;

	buf_adds(&k, rec_get(r, "instance_id", NULL));
	if (receipts) {
		buf_addc(&k, '\n');	/* in no ID */
		buf_adds(&k, rec_get(r, "order_id", NULL));
	}
	strtab_intern(seen, k.p, k.len);
	buf_free(&k);
	return seen->n == n;
}

/* A list of records whose fields are among names (all of them, when all
 * says so). */
static int
records(struct reading *rd, const yaml_node_t *n, const char *key,
    const char *const *names, size_t nnames, int all, struct recs *out)
{
	const yaml_node_item_t *it;
	const yaml_node_pair_t *pr;
	char what[256], q[QUOTE_MAX];

	if (n->type != YAML_SEQUENCE_NODE) {
		snprintf(what, sizeof what, "%s must be a list of records",
		    key);
		return bad(rd, n, what);
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		const yaml_node_t *m = node(rd, *it);
		struct rec *r;
		size_t i;

		if (m->type != YAML_MAPPING_NODE) {
			snprintf(what, sizeof what, "each of %s must be a "
			    "record", key);
			return bad(rd, m, what);
		}
		r = recs_add(out);
		for (pr = m->data.mapping.pairs.start;
		    pr < m->data.mapping.pairs.top; pr++) {
			const yaml_node_t *k = node(rd, pr->key);
			const char *name = scalar(rd, k, "a field's name");
			const char *v;

			if (name == NULL)
				return -1;
			if (known(name, names, nnames) == NULL) {
				snprintf(what, sizeof what, "%s: no field %s "
				    "in a plan", key, diag_quote(q, name,
				    strlen(name)));
				return bad(rd, k, what);
			}
			if (rec_get(r, name, NULL) != NULL) {
				snprintf(what, sizeof what, "%s: field %s "
				    "given twice", key, diag_quote(q, name,
				    strlen(name)));
				return bad(rd, k, what);
			}
			if ((v = scalar(rd, node(rd, pr->value), name)) ==
			    NULL)
				return -1;
			rec_add(r, known(name, names, nnames), v,
			    node(rd, pr->value)->data.scalar.length);
		}
		for (i = 0; i < (all ? nnames : PLAN_FACT_HEAD); i++)
			if (rec_get(r, names[i], NULL) == NULL) {
				snprintf(what, sizeof what, "%s: a record "
				    "without %s", key, names[i]);
				return bad(rd, m, what);
			}
		if (again(&rd->seen[all], r, all)) {
			if (all)
				snprintf(what, sizeof what, "%s: order %s of %s "
				    "given twice", key, rec_get(r, "order_id",
				    NULL), rec_get(r, "instance_id", NULL));
			else
				snprintf(what, sizeof what, "%s: instance %s "
				    "given twice", key, rec_get(r,
				    "instance_id", NULL));
			return bad(rd, m, what);
		}
	}
	return 0;
}

static int
digest(struct reading *rd, const yaml_node_t *n, const char *key,
    char hex[SHA256_HEX])
{
	const char *s = scalar(rd, n, key);
	size_t i;
	char what[128];

	if (s == NULL)
		return -1;
	for (i = 0; i < SHA256_HEX - 1 && s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			break;
	if (i != SHA256_HEX - 1 || s[i] != '\0') {
		snprintf(what, sizeof what, "%s must be 64 hexadecimal "
		    "digits", key);
		return bad(rd, n, what);
	}
	memcpy(hex, s, SHA256_HEX);
	return 0;
}

static const char *const top_keys[] = { "plan", "ledger", "ledger_sha256",
	"policy", "policy_sha256", "at", "force", "max", "instances", "ids",
	"where", "facts", "receipts" };
#define NTOP	(sizeof top_keys / sizeof top_keys[0])

static int
value(struct reading *rd, size_t key, const yaml_node_t *v,
    struct plan_file *pf)
{
	const char *fact_names[PLAN_FACT_HEAD + NFACTS], *s = NULL;
	char *end;
	size_t i;

	if (key < 9 && key != 0 && (s = scalar(rd, v, top_keys[key])) ==
	    NULL)
		return -1;
	switch (key) {
	case 0:
		if ((s = scalar(rd, v, "plan")) == NULL)
			return -1;
		if (strcmp(s, PLAN_FILE_VERSION) != 0)
			return bad(rd, v, "not a plan of this order-cancel "
			    "(plan: \"" PLAN_FILE_VERSION "\")");
		return 0;
	case 1: pf->ledger = xstrdup(s); return 0;
	case 2: return digest(rd, v, "ledger_sha256", pf->ledger_sha256);
	case 3: pf->policy = xstrdup(s); return 0;
	case 4: return digest(rd, v, "policy_sha256", pf->policy_sha256);
	case 5:
		if (ts_parse(s, strlen(s), &pf->at) < 0)
			return bad(rd, v, "at must be a timestamp");
		return 0;
	case 6:
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
			return bad(rd, v, "force must be true or false");
		pf->force = strcmp(s, "true") == 0;
		return 0;
	case 7:
		errno = 0;
		pf->max = strtol(s, &end, 10);
		if (*s < '0' || *s > '9' || *end != '\0' || errno == ERANGE)
			return bad(rd, v, "max must be a whole number");
		return 0;
	case 8:
		pf->instances = *s ? xstrdup(s) : NULL;
		return 0;
	case 9: return list(rd, v, "ids", pf, 1);
	case 10: return list(rd, v, "where", pf, 0);
	case 11:
		for (i = 0; i < PLAN_FACT_HEAD; i++)
			fact_names[i] = plan_fact_head[i];
		for (i = 0; i < NFACTS; i++)
			fact_names[PLAN_FACT_HEAD + i] = refund_facts[i];
		return records(rd, v, "facts", fact_names, PLAN_FACT_HEAD +
		    NFACTS, 0, &pf->facts);
	default:
		return records(rd, v, "receipts", plan_receipt_cols,
		    PLAN_RECEIPT_COLS, 1, &pf->receipts);
	}
}

static int
document(struct reading *rd, struct plan_file *pf)
{
	yaml_node_t *root = yaml_document_get_root_node(&rd->doc);
	const yaml_node_pair_t *pr;
	unsigned char seen[NTOP] = { 0 };
	char what[256], q[QUOTE_MAX];
	const char *name;
	size_t i;

	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		diag_set(rd->d, rd->path, 0, 0, "not a plan: a plan is a "
		    "mapping of plan, ledger, ... receipts");
		return -1;
	}
	for (pr = root->data.mapping.pairs.start;
	    pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(rd, pr->key);

		if ((name = scalar(rd, k, "a key")) == NULL)
			return -1;
		for (i = 0; i < NTOP && strcmp(name, top_keys[i]) != 0; i++)
			;
		if (i == NTOP || seen[i]) {
			snprintf(what, sizeof what, "%s key %s", i == NTOP ?
			    "unknown" : "a second", diag_quote(q, name,
			    strlen(name)));
			return bad(rd, k, what);
		}
		seen[i] = 1;
		if (value(rd, i, node(rd, pr->value), pf) < 0)
			return -1;
	}
	for (i = 0; i < NTOP; i++)
		if (!seen[i]) {
			diag_set(rd->d, rd->path, 0, 0, "not a whole plan: no "
			    "%s", top_keys[i]);
			return -1;
		}
	return 0;
}

int
plan_file_load(struct plan_file *pf, FILE *f, const char *name,
    struct diag *d)
{
	struct reading rd;
	yaml_parser_t ps;
	int rc;

	plan_file_init(pf);
	memset(&rd, 0, sizeof rd);
	rd.path = name;
	rd.d = d;
	yaml_parser_initialize(&ps);
	yaml_parser_set_input_file(&ps, f);
	if (!yaml_parser_load(&ps, &rd.doc)) {
		diag_set(d, name, (long)ps.problem_mark.line + 1,
		    (long)ps.problem_mark.column + 1, "%s",
		    ps.problem ? ps.problem : "malformed YAML");
		rc = -1;
	} else {
		rc = document(&rd, pf);
		yaml_document_delete(&rd.doc);
	}
	strtab_free(&rd.seen[0]);
	strtab_free(&rd.seen[1]);
	yaml_parser_delete(&ps);
	if (rc < 0)
		plan_file_free(pf);
	return rc;
}

int
plan_file_read(struct plan_file *pf, const char *path, struct diag *d)
{
	FILE *f;
	int rc;

	plan_file_init(pf);
	if ((f = fopen(path, "rb")) == NULL) {
		diag_set(d, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	rc = plan_file_load(pf, f, path, d);
	fclose(f);
	return rc;
}
