/*
 * JSON records (SPEC 2.1) from the JSON parser (json.h): the same records
 * the YAML reader makes of the same text, JSON being YAML's flow style.
 * A top-level array of objects, an object holding such an array (an API
 * export of envelope.h, or "orders": [...]), or one bare object; nested objects flatten to dotted
 * names, arrays of scalars join with ";", and the ECS tag list becomes
 * tags=k=v;k=v.  Streams: one record at a time.
 */
#ifndef JSONIO_H
#define JSONIO_H

#include <stddef.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "records/json.h"
#include "records/rec.h"

struct diag;
struct envelope;
struct input;
struct jframe;
struct jplace;

struct jsonin {
	struct json	 j;
	struct strtab	 names;
	struct jframe	*stk;
	size_t		 depth;
	struct buf	 path;		/* dotted name being built */
	int		 envelope;	/* the document holds a list of records */
	const struct envelope *env;	/* the export it is, if one */
	size_t		 skip;		/* nesting levels being ignored */
	struct buf	 tagkey, tagval;
	size_t		 adds;		/* fields set or joined so far */
	struct jplace	*place;		/* where each field of the record was */
	size_t		 capplace;
	int		 lone;		/* the record was a whole document */
	struct buf	 listpath;	/* where a lone document holds a list
					 * of objects, first of them */
};

void	jsonin_open(struct jsonin *, struct input *);
/* 1 with a record, 0 at the end, -1 on error. */
int	jsonin_next(struct jsonin *, struct rec *, struct diag *);
/* When the record just read was a whole document holding a list of
 * objects deeper down: where the first such list is; else NULL. */
const char *jsonin_lone_list(struct jsonin *);
void	jsonin_close(struct jsonin *);

#endif
