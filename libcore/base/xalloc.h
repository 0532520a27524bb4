/* Allocation that cannot fail: out of memory aborts with a message. */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xmemdup(const void *, size_t);	/* NUL-terminated copy */
/* Array p, of *cap elements of size bytes, with room for element i: moved
 * if it had to grow (to twice its size, or at least 16). */
void	*xgrow(void *p, size_t *cap, size_t i, size_t size);

#endif
