/*
 * Field names (SPEC 2.3): the canonical snake_case names, the Alibaba API
 * names accepted for them on input, and the fields derived from others.
 */
#ifndef FIELDS_H
#define FIELDS_H

#include <stddef.h>

/* What reading a field under its alias does to the value. */
enum conv {
	CONV_NONE,
	CONV_MIB_TO_GIB,	/* Memory: MiB in the API, GiB in files */
	CONV_TIME,		/* API times ("...T08:00Z") written in full */
	CONV_IDS		/* InstanceIDs: may list several instances */
};

struct alias {
	const char	*alias;
	const char	*name;
	enum conv	 conv;
};

/* The alias entry for an API name, or NULL. */
const struct alias *field_alias(const char *, size_t);
/* The canonical name for a canonical name or an alias, or NULL. */
const char	*field_canonical(const char *, size_t);
struct buf;

/* The value of a field read under alias a, converted into out; NULL, or
 * what is wrong ("is not a number"). */
const char	*field_convert(const struct alias *a, const char *, size_t,
		    struct buf *out);
/* "ecs.g7" from "ecs.g7.large"; length 0 if no family can be told. */
size_t		 field_family(const char *type, size_t, const char **);
/* "general-purpose" etc. from a family such as "ecs.g7". */
const char	*field_category(const char *family, size_t);

#endif
