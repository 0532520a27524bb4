#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/*
 * There is no sensible way to go on without memory, and returning the
 * failure up through every parser would hide the real logic; so, like
 * git's xmalloc, stop here.  abort() rather than exit(): the library never
 * chooses an exit status.
 */
static void *
oom(void *p)
{
	if (p == NULL) {
		fputs("ecs-orders: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
xmalloc(size_t n)
{
	return oom(malloc(n ? n : 1));
}

void *
xcalloc(size_t n, size_t m)
{
	return oom(calloc(n ? n : 1, m ? m : 1));
}

void *
xrealloc(void *p, size_t n)
{
	return oom(realloc(p, n ? n : 1));
}

void *
xreallocarray(void *p, size_t n, size_t m)
{
	if (m && n > SIZE_MAX / m)
		return oom(NULL);
	return xrealloc(p, n * m);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *
xmemdup(const void *p, size_t n)
{
	char *s = xmalloc(n + 1);

	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

void *
xgrow(void *p, size_t *cap, size_t i, size_t size)
{
	size_t n = *cap ? *cap : 16;

	if (i < *cap)
		return p;
	while (n <= i)
		n *= 2;
	*cap = n;
	return xreallocarray(p, n, size);
}
