/* Records of a file by one key field, such as an instances file by
 * instance_id: read whole (such files are small), looked up by hash. */
#ifndef RECMAP_H
#define RECMAP_H

#include <stddef.h>

#include "base/hindex.h"
#include "base/strtab.h"
#include "records/rec.h"

struct diag;

struct recmap {
	struct recs	 rs;
	const char	*key;
	struct hindex	 index;		/* of rs, by key */
	struct strtab	 names;		/* field names outlive the reader */
};

/* Records lacking key, or having foreign, are an error (rd_expect). */
int	recmap_load(struct recmap *, const char *path, const char *key,
	    const char *foreign, struct diag *);
/* Keep a copy of r, which has a value for m->key (set it before the
 * first); the first record of a key is the one found. */
void	recmap_add(struct recmap *, const struct rec *r);
const struct rec *recmap_get(const struct recmap *, const char *);
/*
 * The fields of the record of key k, each from the first of the maps
 * whose record has the field (an empty value too), into out: what a
 * command knows of an instance from the records piped to it and from an
 * instances file.  Returns a bit 1 << i for each names[i] found.
 */
unsigned recmap_fields(const struct recmap *const *, size_t nmaps,
	    const char *k, const char *const *names, size_t nnames,
	    struct rec *out);
void	recmap_free(struct recmap *);

#endif
