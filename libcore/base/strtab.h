/* Interned strings: one stable copy of each distinct name. */
#ifndef STRTAB_H
#define STRTAB_H

#include <stddef.h>

struct strtab {
	char	**slot;
	size_t	  n, cap;
};

const char *strtab_intern(struct strtab *, const char *, size_t);
/* Every string held, in no particular order: an array of t->n the caller
 * frees. */
const char **strtab_all(const struct strtab *);
void	strtab_free(struct strtab *);

#endif
