/* Records of a file by one key field, such as an instances file by
 * instance_id: read whole (such files are small), looked up by hash. */
#ifndef RECMAP_H
#define RECMAP_H

#include <stddef.h>

#include "hindex.h"
#include "recsort.h"
#include "strtab.h"

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
const struct rec *recmap_get(const struct recmap *, const char *);
void	recmap_free(struct recmap *);

#endif
