/* Strings that live as long as the arena: appended to big blocks, never
 * moved, freed all at once. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena {
	char	**blocks;
	size_t	  n;
	char	 *cur;
	size_t	  left;
};

const char *arena_dup(struct arena *, const char *, size_t);
void	arena_free(struct arena *);

#endif
