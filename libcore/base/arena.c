#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/xalloc.h"

#define BLOCK	(1 << 20)

const char *
arena_dup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n + 1 > a->left) {
		size_t size = n + 1 > BLOCK ? n + 1 : BLOCK;

		a->blocks = xreallocarray(a->blocks, a->n + 1,
		    sizeof *a->blocks);
		a->cur = a->blocks[a->n++] = xmalloc(size);
		a->left = size;
	}
	p = a->cur;
	memcpy(p, s, n);
	p[n] = '\0';
	a->cur += n + 1;
	a->left -= n + 1;
	return p;
}

void
arena_free(struct arena *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->blocks[i]);
	free(a->blocks);
	memset(a, 0, sizeof *a);
}
