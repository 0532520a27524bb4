/*
 * The API exports read (SPEC 2.1): where each keeps its records, under
 * what name a person knows it, and the fields whose names mean something
 * else in it than in the others.  One table, for the JSON and YAML
 * readers and for the message that names the shapes read.
 */
#ifndef ENVELOPE_H
#define ENVELOPE_H

#include <stddef.h>

struct alias;
struct buf;

struct envelope {
	const char		*path;	/* dotted, from the document's root */
	const char		*api;	/* "ECS DescribeInstances" */
	int			 one;	/* path names one record, not a list */
	const struct alias	*own;	/* names read otherwise here, or NULL */
	size_t			 nown;
};

/* The export whose record list is at path (n bytes), or NULL. */
const struct envelope *envelope_find(const char *path, size_t n);
/*
 * The canonical name of a field of e's records (e may be NULL: a record
 * of no export), NULL when it has none; *a is the alias it was read
 * under, or NULL.
 */
const char	*envelope_field(const struct envelope *e, const char *name,
		    size_t n, const struct alias **a);
/* "Instances.Instance[] (ECS DescribeInstances), ...", every export. */
void		 envelope_list(struct buf *);

#endif
