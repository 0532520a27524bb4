#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/fields.h"
#include "records/input.h"
#include "records/reader.h"
#include "records/recmap.h"
#include "select/idset.h"

static const char *
id_key(const void *ctx, size_t i, size_t *len)
{
	const struct idset *set = ctx;

	*len = set->ids[i].len;
	return set->ids[i].s;
}

void
idset_add(struct idset *set, const char *s, size_t n)
{
	size_t *slot;

	hindex_room(&set->index, set->n, id_key, set);
	slot = hindex_slot(&set->index, s, n, id_key, set);
	if (*slot)
		return;
	set->ids = xgrow(set->ids, &set->cap, set->n, sizeof *set->ids);
	set->ids[set->n].s = xmemdup(s, n);
	set->ids[set->n].len = n;
	set->ids[set->n].seen = 0;
	*slot = ++set->n;
}

struct id *
idset_find(struct idset *set, const char *s, size_t n)
{
	size_t i = hindex_find(&set->index, s, n, id_key, set);

	return i == HINDEX_NONE ? NULL : &set->ids[i];
}

int
idset_match(struct idset *set, const struct rec *r, const char *const *fields,
    size_t nfields)
{
	size_t i, n;
	const char *v;
	struct id *id;
	int found = 0;

	for (i = 0; i < nfields; i++)
		if ((v = rec_get(r, fields[i], &n)) != NULL && n > 0 &&
		    (id = idset_find(set, v, n)) != NULL) {
			id->seen = 1;
			found = 1;
		}
	return found;
}

void
idset_free(struct idset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->ids[i].s);
	free(set->ids);
	hindex_free(&set->index);
	memset(set, 0, sizeof *set);
}

static int
is_key(const char *f, const char *const *keys, size_t nkeys)
{
	size_t i;

	for (i = 0; f != NULL && i < nkeys; i++)
		if (strcmp(f, keys[i]) == 0)
			return 1;
	return 0;
}

/* Does a CSV header line name one of the key columns? */
static int
keyed_header(const char *p, size_t n, const char *const *keys, size_t nkeys)
{
	const char *end = p + n;

	while (p < end) {
		const char *s = p, *f;
		size_t len;

		while (p < end && *p != ',' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			p++;
		len = (size_t)(p - s);
		if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
			s++, len -= 2;
		f = field_canonical(s, len);
		if (is_key(f, keys, nkeys))
			return 1;
		if (p < end && (*p == '\n' || *p == '\r'))
			break;
		p++;
	}
	return 0;
}

/* Each record gives the first of the keys it has a value for. */
static int
read_records(struct idset *set, struct reader *rd, const char *const *keys,
    size_t nkeys, struct recmap *facts, struct diag *d)
{
	struct rec *r;
	const char *v;
	size_t i, n;
	int rc;

	while ((rc = rd_next(rd, &r, d)) > 0) {
		for (i = 0; i < nkeys; i++)
			if ((v = rec_get(r, keys[i], &n)) != NULL && n > 0) {
				idset_add(set, v, n);
				break;
			}
		if (facts != NULL && rec_get(r, "order_id", NULL) == NULL &&
		    (v = rec_get(r, "instance_id", &n)) != NULL && n > 0)
			recmap_add(facts, r);
	}
	return rc;
}

static int
read_lines(struct idset *set, struct input *in, struct diag *d)
{
	const char *line, *p, *end, *s;
	size_t len;
	int err;

	while ((line = input_line(in, &len, &err, d)) != NULL) {
		input_keep(in);
		end = line + len;
		if ((p = memchr(line, '#', len)) != NULL)
			end = p;
		for (p = line; p < end;) {
			while (p < end && isspace((unsigned char)*p))
				p++;
			s = p;
			while (p < end && !isspace((unsigned char)*p))
				p++;
			if (p > s)
				idset_add(set, s, (size_t)(p - s));
		}
	}
	return err ? -1 : 0;
}

int
idset_read(struct idset *set, const char *path, const char *const *keys,
    size_t nkeys, struct recmap *facts, struct diag *d)
{
	struct input in;
	struct reader *rd;
	enum fmt fmt;
	size_t n;
	int rc;

	if (input_open(&in, path, d) < 0)
		return -1;
	n = input_peek(&in, 4096, d);
	if (in.err) {
		input_close(&in);
		return -1;
	}
	fmt = rd_fmt_detect(in.buf + in.pos, n);
	if ((fmt == FMT_CSV || fmt == FMT_TSV) &&
	    !keyed_header(in.buf + in.pos, n, keys, nkeys)) {
		rc = read_lines(set, &in, d);
		input_close(&in);
		return rc;
	}
	if ((rd = rd_open_input(&in, fmt, 0, d)) == NULL)
		return -1;
	rd_expect(rd, keys, nkeys, NULL);
	rc = read_records(set, rd, keys, nkeys, facts, d);
	rd_close(rd);
	return rc < 0 ? -1 : 0;
}
