/*
 * The records of several files as one view (ecs-list -f A -f B): those
 * of one key, such as an instance's DescribeInstances record and its
 * auto-renewal attributes, become one record with the fields of both.
 * A field two files give different values is an error naming both; a
 * record in one file only is kept as that file has it.
 */
#ifndef MERGE_H
#define MERGE_H

#include <stddef.h>

#include "base/hindex.h"
#include "base/strtab.h"
#include "records/rec.h"

struct diag;
struct reader;
struct morigin;

struct merge {
	const char	*key;
	struct recs	 rs;		/* in order of first appearance */
	struct hindex	 index;		/* of rs, by key */
	struct strtab	 names;		/* field names outlive the readers */
	struct morigin	**from;		/* per record: where each field was */
	size_t		 capfrom;
	size_t		 file;		/* files merged so far */
};

void	merge_init(struct merge *, const char *key);
/* Every record of rd (each has the key: rd_expect) into m: 0, or -1
 * with d set. */
int	merge_file(struct merge *, struct reader *rd, struct diag *);
void	merge_free(struct merge *);

#endif
