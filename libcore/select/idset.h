/*
 * The IDs a command was asked about: positional arguments, or read from
 * standard input ("-") as plain lines or as the records another command
 * printed.  Remembers which were found, to name the rest.
 */
#ifndef IDSET_H
#define IDSET_H

#include <stddef.h>

struct diag;
struct rec;
struct recmap;

#include "base/hindex.h"

struct idset {
	struct id	*ids;		/* in the order given */
	size_t		 n, cap;
	struct hindex	 index;
};

struct id {
	char	*s;
	size_t	 len;
	int	 seen;
};

void	idset_add(struct idset *, const char *, size_t);
/* The entry for s, or NULL. */
struct id *idset_find(struct idset *, const char *, size_t);
/* Does r's value of any of the fields name an ID?  Marks it seen. */
int	idset_match(struct idset *, const struct rec *, const char *const *,
	    size_t nfields);
/* IDs from a file ("-": standard input): records (YAML, JSON, or CSV with
 * one of the key columns), each giving the first key it has a value for;
 * else one or more IDs a line, "#" starting a comment.  Records of
 * instances (an instance_id, no order_id) are kept in facts, when not
 * NULL, for what they say of them. */
int	idset_read(struct idset *, const char *path, const char *const *keys,
	    size_t nkeys, struct recmap *facts, struct diag *);
void	idset_free(struct idset *);

#endif
