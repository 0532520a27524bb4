/*
 * Conditions on records (SPEC 6): "FIELD OP VALUE" with OP one of
 * = != < <= > >= ~ !~.  A field of a known type compares as its type
 * (created_at as a time, paid_amount as an amount), and a value that is
 * not of that type is an error; for other fields, a value that reads as a
 * number compares as a number, one that reads as a timestamp ("now-3d"
 * too) as a time, anything else as text.  A field that cannot be read the
 * same way never satisfies an ordering (an empty created_at is not
 * "before" anything).
 */
#ifndef WHERE_H
#define WHERE_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "records/fields.h"
#include "records/rec.h"
#include "values/dec.h"

struct diag;

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_RE, OP_NRE,
	OP_ONE_OF,	/* comma-separated alternatives, any letter case */
	OP_GLOB		/* fnmatch(3) pattern */
};

enum kind { K_TEXT, K_NUM, K_TIME };

struct cond {
	const char	*field;
	enum op		 op;
	char		*value;
	size_t		 len;
	enum kind	 kind;
	struct dec	 num;
	int64_t		 t;
	regex_t		 re;
	size_t		 hint;
	char		*owned;		/* field name, when not canonical */
};

/*
 * Parse "FIELD OP VALUE"; now is the time "now" stands for.  A field that
 * records of kind k have (fields.h) takes only values of its type, and
 * only the operators that mean something for it; RK_ANY checks nothing.
 */
int	cond_parse(struct cond *, const char *, int64_t now, enum rkind k,
	    struct diag *);
/* A condition built by a command: field OP value, checked as cond_parse
 * does; opt names the option in messages ("--status"). */
int	cond_make(struct cond *, const char *field, enum op, const char *,
	    int64_t now, enum rkind k, const char *opt, struct diag *);
int	cond_match(struct cond *, const struct rec *);
void	cond_free(struct cond *);

#endif
