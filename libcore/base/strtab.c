#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/strtab.h"
#include "base/xalloc.h"

static void
rehash(struct strtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64, i;
	char **slot = xcalloc(cap, sizeof *slot);

	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (t->slot[i] == NULL)
			continue;
		j = hash_bytes(t->slot[i], strlen(t->slot[i])) & (cap - 1);
		while (slot[j])
			j = (j + 1) & (cap - 1);
		slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
}

const char *
strtab_intern(struct strtab *t, const char *s, size_t n)
{
	size_t j;

	if (2 * (t->n + 1) > t->cap)
		rehash(t);
	j = hash_bytes(s, n) & (t->cap - 1);
	for (; t->slot[j]; j = (j + 1) & (t->cap - 1))
		if (strncmp(t->slot[j], s, n) == 0 && t->slot[j][n] == '\0')
			return t->slot[j];
	t->slot[j] = xmemdup(s, n);
	t->n++;
	return t->slot[j];
}

const char **
strtab_all(const struct strtab *t)
{
	const char **v = xcalloc(t->n + 1, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < t->cap; i++)
		if (t->slot[i] != NULL)
			v[k++] = t->slot[i];
	return v;
}

void
strtab_free(struct strtab *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slot[i]);
	free(t->slot);
	t->slot = NULL;
	t->n = t->cap = 0;
}
