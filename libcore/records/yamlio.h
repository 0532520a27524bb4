/*
 * YAML records (SPEC 2.1) through libyaml's event parser: a list
 * of mappings, a mapping holding such a list ("orders: [...]", an API
 * export of envelope.h), or one bare mapping.  Nested mappings flatten to dotted names, lists of scalars join
 * with ";", and the ECS tag list becomes tags=k=v;k=v.  Streams: one
 * record at a time, whatever the size of the list.
 */
#ifndef YAMLIO_H
#define YAMLIO_H

#include <stddef.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/strtab.h"
#include "records/rec.h"

struct envelope;
struct input;
struct frame;

struct yamlin {
	struct input	*in;
	yaml_parser_t	 p;
	struct strtab	 names;
	struct frame	*stk;
	size_t		 depth, cap;
	struct buf	 path;		/* dotted name being built */
	struct rec	 cand;		/* a bare mapping, until it proves not */
	int		 envelope;	/* the document holds a list of records */
	const struct envelope *env;	/* the export it is, if one */
	size_t		 skip;		/* nesting levels being ignored */
	struct buf	 tagkey, tagval;
	size_t		 adds;		/* fields set or joined so far */
	yaml_event_t	 held;		/* one event of look-ahead */
	int		 have_held;
	/* recent input, to quote the text an error points at */
	struct buf	 win;
	long		 win_line;	/* line (0-based) of win.p[0]; -1 lost */
	size_t		 win_off;	/* byte offset of win.p[0] */
	int		 spans;		/* record where fields are */
	int		 lone;		/* the record was a whole document */
	struct buf	 listpath;	/* where a lone document holds a list
					 * of mappings, first of them */
	int		 flow_list;	/* the record list is [flow] style */
	size_t		 sources;	/* record lists, exports' one records
					 * and whole documents read so far */
	int		 rd_failed;
	struct diag	 rd_diag;
};

int	yamlin_open(struct yamlin *, struct input *, struct diag *);
/* 1 with a record, 0 at the end, -1 on error. */
int	yamlin_next(struct yamlin *, struct rec *, struct diag *);
/* When the record just read was a whole document holding a list of
 * mappings deeper down: where the first such list is; else NULL. */
const char *yamlin_lone_list(struct yamlin *);
void	yamlin_close(struct yamlin *);

#endif
