/*
 * What the records of a reader must be (rd_expect, reader.h): the key of
 * what the command reads, and not that of another kind of file.  A first
 * record without it makes the reader read on, to tell a record gone wrong
 * from a file that is not what was asked for, or from an envelope of the
 * API whose records it does not know where to find.  With --for (rd_for),
 * the file's one record is given its instance_id.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "records/envelope.h"
#include "records/readpriv.h"

void
rd_expect(struct reader *rd, const char *const *keys, size_t nkeys,
    const char *foreign)
{
	rd->keys = keys;
	rd->nkeys = nkeys;
	rd->key0 = nkeys > 0 ? rd_own_name(keys[0]) : NULL;
	rd->foreign = foreign;
}

void
rd_for(struct reader *rd, const char *id)
{
	rd->for_id = id;
	rd->for_offered = 1;
}

/* Does r have a value for name?  hint as for rec_find (may be NULL). */
static int
has(const struct rec *r, const char *name, size_t *hint)
{
	size_t n;

	return rec_get_at(r, name, hint, &n) != NULL && n > 0;
}

static int
has_key(struct reader *rd, const struct rec *r)
{
	size_t i;

	for (i = 0; i < rd->nkeys; i++)
		if (i == 0 ? has(r, rd->key0, &rd->key_hint) :
		    has(r, rd->keys[i], NULL))
			return 1;
	return 0;
}

/* "order_id", or "order_id or instance_id". */
static const char *
keys_text(const struct reader *rd, char *buf, size_t n)
{
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < rd->nkeys && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", i == 0 ? "" :
		    i + 1 == rd->nkeys ? " or " : ", ", rd->keys[i]);
	return buf;
}

static const char *
lone_list(struct reader *rd)
{
	switch (rd->fmt) {
	case FMT_JSON:
		return jsonin_lone_list(&rd->json);
	case FMT_YAML:
		return yamlin_lone_list(&rd->yaml);
	default:
		return NULL;
	}
}

/* A guess at what the file is, from a record that is not what was
 * expected. */
static const char *
hint(const struct reader *rd, const struct rec *r)
{
	if (rd->nkeys == 1 && strcmp(rd->keys[0], "order_id") == 0 &&
	    has(r, "instance_id", NULL))
		return "; is this an instances file?";
	if (rd->foreign && has(r, rd->foreign, NULL))
		return "; is this an orders file?";
	if (has(r, "renew_price", NULL) && rd->for_offered)
		return "; DescribeRenewalPrice's answer does not say which "
		    "instance it prices: name it with --for ID";
	if (has(r, "renew_price", NULL))
		return "; DescribeRenewalPrice's answer does not say which "
		    "instance it prices";
	return "";
}

/*
 * A whole document that is one record without the key, but holds a list
 * of mappings: an envelope of the API that is not one of those read,
 * whose records were flattened into one.  Say what it is.
 */
static int
unknown_shape(struct reader *rd, const struct rec *r, const char *list,
    struct diag *d)
{
	struct buf keys = BUF_INIT, shapes = BUF_INIT;
	size_t i, n;

	for (i = 0; i < r->n; i++) {
		const char *name = r->f[i].name, *dot = strchr(name, '.');

		n = dot ? (size_t)(dot - name) : strlen(name);
		/* a nested mapping's names come one after another */
		if (i > 0 && strncmp(r->f[i - 1].name, name, n) == 0 &&
		    (r->f[i - 1].name[n] == '.' || r->f[i - 1].name[n] == 0))
			continue;
		buf_adds(&keys, keys.len ? ", " : "");
		buf_add(&keys, name, n);
	}
	envelope_list(&shapes);
	diag_set(d, rd->in.name, r->line, 0, "a mapping of %s, holding a list "
	    "at %s, is not a shape that is read: read are a list of records, "
	    "one record, a mapping whose one list holds the records, %s",
	    buf_str(&keys), list, buf_str(&shapes));
	buf_free(&keys);
	buf_free(&shapes);
	return -1;
}

/* rd_for: the one record of the file is given the id, or refused. */
int
rd_check_for(struct reader *rd, int rc, struct diag *d)
{
	const char *v, *list;
	char q[QUOTE_MAX];
	size_t n;
	long line, col;

	if (rc < 0)
		return rc;
	if (rc == 0 && rd->nraw == 0) {
		diag_set(d, rd->in.name, 0, 0, "no record for --for %s to "
		    "name", rd->for_id);
		return -1;
	}
	if (rc == 0)
		return 0;
	if ((list = lone_list(rd)) != NULL)
		return unknown_shape(rd, &rd->cur, list, d);
	if (++rd->nraw > 1) {
		diag_set(d, rd->in.name, rd->cur.line, 0, "a second record: "
		    "--for %s names the instance of a file of one record, "
		    "such as DescribeRenewalPrice's answer", rd->for_id);
		return -1;
	}
	if ((v = rec_get(&rd->cur, "instance_id", &n)) != NULL && n > 0) {
		rd_where(&rd->cur, "instance_id", &line, &col);
		diag_set(d, rd->in.name, line, col, "the record names its "
		    "instance, instance_id %s: --for %s is for a record that "
		    "does not", diag_quote(q, v, n), rd->for_id);
		return -1;
	}
	rec_set(&rd->cur, "instance_id", rd->for_id, strlen(rd->for_id));
	return 1;
}

/* The record lacks the key: if no record before it had it, read on to
 * tell a record gone wrong from a file that is not what was expected. */
static int
keyless(struct reader *rd, struct diag *d)
{
	struct diag later;
	long line = rd->cur.line;
	const char *h = hint(rd, &rd->cur), *list;
	char keys[256];
	int rc = 0;

	if ((list = lone_list(rd)) != NULL)
		return unknown_shape(rd, &rd->cur, list, d);
	while (!rd->keyed && (rc = rd_next_raw(rd, &later)) > 0)
		rd->keyed = has_key(rd, &rd->cur);
	if (rc < 0) {	/* malformed further on: that is what to mend */
		*d = later;
		return -1;
	}
	keys_text(rd, keys, sizeof keys);
	if (rd->keyed)
		diag_set(d, rd->in.name, line, 0, "a record without %s", keys);
	else
		diag_set(d, rd->in.name, 0, 0, "no record has %s%s", keys, h);
	return -1;
}

int
rd_check_key(struct reader *rd, struct diag *d)
{
	if (!has_key(rd, &rd->cur))
		return keyless(rd, d);
	rd->keyed = 1;
	if (rd->foreign && has(&rd->cur, rd->foreign, &rd->foreign_hint)) {
		diag_set(d, rd->in.name, rd->cur.line, 0, "a record with %s%s",
		    rd->foreign, hint(rd, &rd->cur));
		return -1;
	}
	return 0;
}

