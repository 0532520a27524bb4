#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/diag.h"
#include "records/out.h"
#include "records/writer.h"
#include "refund/policy.h"
#include "values/dur.h"
#include "values/ts.h"

/* Alibaba Cloud's international site. */
static const struct policy intl = {
	"intl", ROUND_HALF_UP, 0, 30, 1500000,
	{ { 0, 1000000 }, { 365, 850000 }, { 730, 700000 }, { 1095, 550000 } },
	4, 0, 5 * 86400, 0, 1, { "Red Hat", "SUSE" }, 2
};

/* The China site: the same, plus the five-day no-reason refund, once a
 * calendar year in UTC+8, for a new subscription of any period (as its
 * ECS refund page has it since an older one limited it to monthly ones:
 * no_reason_max_period: 31d reads it so). */
static const struct policy cn = {
	"cn", ROUND_HALF_UP, 8 * 3600, 30, 1500000,
	{ { 0, 1000000 }, { 365, 850000 }, { 730, 700000 }, { 1095, 550000 } },
	4, 1, 5 * 86400, 0, 1, { "Red Hat", "SUSE" }, 2
};

const struct discount_step *
policy_discount(const struct policy *p, int64_t days)
{
	size_t i = p->ndiscount;

	while (i > 1 && days < p->discount[i - 1].days)
		i--;
	return &p->discount[i - 1];
}

/* ---- loading ---- */

struct loader {
	const char	*file;
	yaml_document_t	 doc;
	struct diag	*d;
};

static int
bad(struct loader *l, yaml_node_t *n, const char *key, const char *want)
{
	char q[QUOTE_MAX];
	const char *v = "";
	size_t len = 0;

	if (n->type == YAML_SCALAR_NODE) {
		v = (const char *)n->data.scalar.value;
		len = n->data.scalar.length;
	}
	diag_set(l->d, l->file, (long)n->start_mark.line + 1,
	    (long)n->start_mark.column + 1, "%s must be %s%s%s", key, want,
	    n->type == YAML_SCALAR_NODE ? ", not " : "",
	    n->type == YAML_SCALAR_NODE ? diag_quote(q, v, len) : "");
	return -1;
}

/* A scalar's text; NULL for a collection, and for a scalar holding a NUL
 * ("\0" in double quotes), which no name or key of a policy can be. */
static const char *
text(yaml_node_t *n, size_t *len)
{
	if (n->type != YAML_SCALAR_NODE ||
	    memchr(n->data.scalar.value, '\0', n->data.scalar.length))
		return NULL;
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static int
count(struct loader *l, yaml_node_t *n, const char *key, int64_t *out)
{
	size_t len, i;
	const char *s = text(n, &len);
	int64_t v = 0;

	if (s == NULL || len == 0 || len > 9)
		return bad(l, n, key, "a whole number");
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return bad(l, n, key, "a whole number");
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* A decimal in (0, max], as millionths. */
static int
ratio(struct loader *l, yaml_node_t *n, const char *key, int64_t max,
    const char *want, int64_t *out)
{
	size_t len;
	const char *s = text(n, &len);
	int64_t v;

	if (s == NULL || money_parse(s, len, &v, NULL) < 0 || v <= 0 ||
	    v > max)
		return bad(l, n, key, want);
	*out = v;
	return 0;
}

static int
boolean(struct loader *l, yaml_node_t *n, const char *key, int *out)
{
	size_t len;
	const char *s = text(n, &len);

	if (s && strcmp(s, "true") == 0)
		*out = 1;
	else if (s && strcmp(s, "false") == 0)
		*out = 0;
	else
		return bad(l, n, key, "true or false");
	return 0;
}

static int
duration(struct loader *l, yaml_node_t *n, const char *key, int64_t *out)
{
	size_t len;
	const char *s = text(n, &len);

	if (s == NULL || dur_parse(s, len, out) < 0)
		return bad(l, n, key, "a duration such as 5d or 120h");
	return 0;
}

static int
discount(struct loader *l, yaml_node_t *n, struct policy *p)
{
	yaml_node_item_t *it;
	size_t k = 0;

	if (n->type != YAML_SEQUENCE_NODE ||
	    n->data.sequence.items.top == n->data.sequence.items.start)
		return bad(l, n, "discount", "a list of {from_days, rate}");
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++, k++) {
		yaml_node_t *step = yaml_document_get_node(&l->doc, *it);
		yaml_node_pair_t *pr;
		int have_days = 0, have_rate = 0;

		if (k == POLICY_STEPS)
			return bad(l, step, "discount", "at most 16 steps");
		if (step->type != YAML_MAPPING_NODE)
			return bad(l, step, "a discount step",
			    "a mapping of from_days and rate");
		for (pr = step->data.mapping.pairs.start;
		    pr < step->data.mapping.pairs.top; pr++) {
			yaml_node_t *key = yaml_document_get_node(&l->doc,
			    pr->key);
			yaml_node_t *val = yaml_document_get_node(&l->doc,
			    pr->value);
			size_t len;
			const char *name = text(key, &len);

			if (name && strcmp(name, "from_days") == 0) {
				if (count(l, val, "from_days",
				    &p->discount[k].days) < 0)
					return -1;
				have_days = 1;
			} else if (name && strcmp(name, "rate") == 0) {
				if (ratio(l, val, "rate", 1000000,
				    "a decimal above 0, at most 1",
				    &p->discount[k].rate) < 0)
					return -1;
				have_rate = 1;
			} else
				return bad(l, key, "a discount step's key",
				    "from_days or rate");
		}
		if (!have_days || !have_rate)
			return bad(l, step, "a discount step",
			    "a mapping of from_days and rate");
		if (k == 0 && p->discount[0].days != 0)
			return bad(l, step, "the first discount step",
			    "from_days 0");
		if (k > 0 && p->discount[k].days <= p->discount[k - 1].days)
			return bad(l, step, "discount steps",
			    "in increasing from_days");
	}
	p->ndiscount = k;
	return 0;
}

static int
images(struct loader *l, yaml_node_t *n, struct policy *p)
{
	yaml_node_item_t *it;
	size_t k = 0, len;

	if (n->type != YAML_SEQUENCE_NODE)
		return bad(l, n, "non_refundable_images", "a list of names");
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++, k++) {
		yaml_node_t *img = yaml_document_get_node(&l->doc, *it);
		const char *s = text(img, &len);

		if (k == POLICY_IMAGES)
			return bad(l, img, "non_refundable_images",
			    "at most 16 names");
		if (s == NULL || len == 0 || len >= sizeof p->images[0])
			return bad(l, img, "an image name",
			    "text of 1 to 63 bytes");
		memcpy(p->images[k], s, len + 1);
	}
	p->nimages = k;
	return 0;
}

static int
pair(struct loader *l, const char *key, yaml_node_t *v, struct policy *p)
{
	size_t len;
	const char *s;

	if (strcmp(key, "name") == 0) {
		if ((s = text(v, &len)) == NULL || len == 0 ||
		    len >= sizeof p->name)
			return bad(l, v, "name", "text of 1 to 255 bytes");
		memcpy(p->name, s, len + 1);
	} else if (strcmp(key, "rounding") == 0) {
		s = text(v, &len);
		if (s && strcmp(s, "half-up") == 0)
			p->rounding = ROUND_HALF_UP;
		else if (s && strcmp(s, "half-even") == 0)
			p->rounding = ROUND_HALF_EVEN;
		else
			return bad(l, v, "rounding", "half-up or half-even");
	} else if (strcmp(key, "calendar_timezone") == 0) {
		if ((s = text(v, &len)) == NULL ||
		    ts_parse_offset(s, len, &p->tz_offset) < 0)
			return bad(l, v, key, "an offset such as +08:00");
	} else if (strcmp(key, "short_use_days") == 0)
		return count(l, v, key, &p->short_days);
	else if (strcmp(key, "short_use_coefficient") == 0)
		return ratio(l, v, key, 100 * MONEY_ONE,
		    "a decimal above 0, at most 100", &p->short_coef);
	else if (strcmp(key, "discount") == 0)
		return discount(l, v, p);
	else if (strcmp(key, "no_reason_refund") == 0)
		return boolean(l, v, key, &p->no_reason);
	else if (strcmp(key, "no_reason_window") == 0)
		return duration(l, v, key, &p->no_reason_window);
	else if (strcmp(key, "no_reason_max_period") == 0) {
		if (duration(l, v, key, &p->no_reason_max_period) < 0)
			return -1;
		if (p->no_reason_max_period == 0)
			return bad(l, v, key, "a duration above 0, such as 31d "
			    "(leave it out for any period)");
	}
	else if (strcmp(key, "no_reason_per_year") == 0)
		return count(l, v, key, &p->no_reason_per_year);
	else if (strcmp(key, "non_refundable_images") == 0)
		return images(l, v, p);
	else
		return -2;
	return 0;
}

static int
load_doc(struct loader *l, struct policy *p)
{
	yaml_node_t *root = yaml_document_get_root_node(&l->doc);
	yaml_node_pair_t *pr, *q;

	if (root == NULL) {
		diag_set(l->d, l->file, 0, 0, "empty policy file");
		return -1;
	}
	if (root->type != YAML_MAPPING_NODE)
		return bad(l, root, "a policy", "a mapping of keys");
	for (pr = root->data.mapping.pairs.start;
	    pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&l->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&l->doc, pr->value);
		size_t len;
		const char *name = text(k, &len);
		char q1[QUOTE_MAX];
		int rc;

		if (name == NULL)
			return bad(l, k, "a key", "text");
		for (q = root->data.mapping.pairs.start; q < pr; q++) {
			size_t l2;
			const char *other = text(yaml_document_get_node(
			    &l->doc, q->key), &l2);

			if (other && strcmp(other, name) == 0) {
				diag_set(l->d, l->file,
				    (long)k->start_mark.line + 1,
				    (long)k->start_mark.column + 1,
				    "key %s given twice",
				    diag_quote(q1, name, len));
				return -1;
			}
		}
		if ((rc = pair(l, name, v, p)) == -2) {
			diag_set(l->d, l->file, (long)k->start_mark.line + 1,
			    (long)k->start_mark.column + 1,
			    "unknown key %s (see --print-policy)",
			    diag_quote(q1, name, len));
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
policy_read(struct policy *p, FILE *f, const char *name, struct diag *d)
{
	struct loader l;
	yaml_parser_t ps;
	int rc;

	memset(&l, 0, sizeof l);
	l.file = name;
	l.d = d;
	*p = intl;
	snprintf(p->name, sizeof p->name, "%s", name);
	yaml_parser_initialize(&ps);
	yaml_parser_set_input_file(&ps, f);
	if (!yaml_parser_load(&ps, &l.doc)) {
		diag_set(d, name, (long)ps.problem_mark.line + 1,
		    (long)ps.problem_mark.column + 1, "%s%s%s%s",
		    ps.problem ? ps.problem : "malformed YAML",
		    ps.context ? " (" : "", ps.context ? ps.context : "",
		    ps.context ? ")" : "");
		yaml_parser_delete(&ps);
		return -1;
	}
	rc = load_doc(&l, p);
	yaml_document_delete(&l.doc);
	yaml_parser_delete(&ps);
	return rc;
}

static int
load_file(struct policy *p, const char *path, struct diag *d)
{
	FILE *f;
	int rc;

	if ((f = fopen(path, "rb")) == NULL) {
		diag_set(d, path, 0, 0, "%s (a policy is intl, cn or a file)",
		    strerror(errno));
		return -1;
	}
	rc = policy_read(p, f, path, d);
	fclose(f);
	return rc;
}

int
policy_load(struct policy *p, const char *name, struct diag *d)
{
	if (name == NULL || *name == '\0')
		name = getenv("ECS_POLICY");
	if (name == NULL || *name == '\0' || strcmp(name, "intl") == 0)
		*p = intl;
	else if (strcmp(name, "cn") == 0)
		*p = cn;
	else
		return load_file(p, name, d);
	return 0;
}

/* ---- writing ---- */

static void
put_decimal(struct out *o, const char *key, int64_t millionths, int places)
{
	struct buf b = BUF_INIT;

	money_format(&b, millionths, places);
	out_puts(o, key);
	out_puts(o, ": ");
	wr_yaml_scalar(o, b.p, b.len);
	out_putc(o, '\n');
	buf_free(&b);
}

static void
put_duration(struct out *o, const char *key, int64_t secs)
{
	struct buf b = BUF_INIT;

	dur_format(&b, secs);
	buf_addc(&b, '\n');
	out_puts(o, key);
	out_puts(o, ": ");
	out_write(o, b.p, b.len);
	buf_free(&b);
}

void
policy_write(struct out *o, const struct policy *p)
{
	char tz[16], num[32];
	int64_t off = p->tz_offset < 0 ? -p->tz_offset : p->tz_offset;
	size_t i;

	out_puts(o, "# An ecs-orders refund policy: refund-quote --policy FILE "
	    "reads it.\nname: ");
	wr_yaml_scalar(o, p->name, strlen(p->name));
	out_puts(o, p->rounding == ROUND_HALF_EVEN ?
	    "\nrounding: half-even\n" : "\nrounding: half-up\n");
	snprintf(tz, sizeof tz, "%c%02d:%02d", p->tz_offset < 0 ? '-' : '+',
	    (int)(off / 3600), (int)(off / 60 % 60));
	out_puts(o, "# the calendar years of the no-reason quota\n"
	    "calendar_timezone: ");
	wr_yaml_scalar(o, tz, strlen(tz));
	snprintf(num, sizeof num, "%" PRId64, p->short_days);
	out_puts(o, "\n# used fewer days than this, consumption is charged "
	    "times the coefficient\nshort_use_days: ");
	out_puts(o, num);
	out_putc(o, '\n');
	put_decimal(o, "short_use_coefficient", p->short_coef, 1);
	out_puts(o, "# the rate consumption is charged at, by days used\n"
	    "discount:\n");
	for (i = 0; i < p->ndiscount; i++) {
		snprintf(num, sizeof num, "%" PRId64, p->discount[i].days);
		out_puts(o, "  - from_days: ");
		out_puts(o, num);
		out_putc(o, '\n');
		put_decimal(o, "    rate", p->discount[i].rate, 2);
	}
	out_puts(o, "# a New order given back within the window is refunded in "
	    "full, this many\n# times a calendar year\n"
	    "no_reason_refund: ");
	out_puts(o, p->no_reason ? "true\n" : "false\n");
	put_duration(o, "no_reason_window", p->no_reason_window);
	if (p->no_reason_max_period > 0)
		put_duration(o, "no_reason_max_period",
		    p->no_reason_max_period);
	else
		out_puts(o, "# no_reason_max_period: not set, so a New order "
		    "of any period (31d: monthly only)\n");
	snprintf(num, sizeof num, "%" PRId64, p->no_reason_per_year);
	out_puts(o, "no_reason_per_year: ");
	out_puts(o, num);
	out_puts(o, "\n# instances whose os_name contains one of these are not "
	    "refunded\nnon_refundable_images:");
	if (p->nimages == 0)
		out_puts(o, " []");
	out_putc(o, '\n');
	for (i = 0; i < p->nimages; i++) {
		out_puts(o, "  - ");
		wr_yaml_scalar(o, p->images[i], strlen(p->images[i]));
		out_putc(o, '\n');
	}
}
