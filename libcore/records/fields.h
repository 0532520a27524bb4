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
	CONV_IDS,		/* InstanceIDs: may list several instances */
	CONV_PREPAID,		/* billing's Subscription is ECS's PrePaid */
	CONV_RENEW		/* ECS's renewal Normal is BSS's ManualRenewal */
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
struct rec;
struct strtab;

/* The value of a field read under alias a, converted into out; NULL, or
 * what is wrong ("is not a number"). */
const char	*field_convert(const struct alias *a, const char *, size_t,
		    struct buf *out);
/* Whether a field of an order is an amount of money, to be shared
 * among the instances of an order that lists several: its canonical or
 * its API name; *currency is the field that says in what. */
int		 field_money(const char *name, const char **currency);
/*
 * The value v (*n bytes) of a field read under an API name a (NULL: a
 * canonical name, or one the tables do not know): converted into conv
 * when a's values convert, *v and *n then saying conv.  0, or -1 with
 * what is wrong, after the API name, in why ("Memory is not a number").
 */
int		 field_take(const struct alias *a, const char **v, size_t *n,
		    struct buf *conv, char *why, size_t whysz);
/* Whether raw names the ECS tag list (Tags, Tags.Tag). */
int		 field_is_tags(const char *raw, size_t len);
/* Tag s (n bytes) into r's tags, ;-joined to those before: 1 when the
 * field is new, else 0. */
int		 field_add_tag(struct rec *r, const char *s, size_t n);
/* "ecs.g7" from "ecs.g7.large"; length 0 if no family can be told. */
size_t		 field_family(const char *type, size_t, const char **);
/* "general-purpose" etc. from a family such as "ecs.g7". */
const char	*field_category(const char *family, size_t);

/*
 * What the values of a field are (SPEC 2.3), so that a value a user types
 * for it can be checked before any input is read.  The same name may mean
 * different things in different records: an instance's status is Running,
 * an order's Paid.
 */
enum ftype {
	FT_TEXT,	/* anything; compares as numbers when both sides are */
	FT_ID,		/* an identifier: equal or not, never ordered */
	FT_TIME,	/* a timestamp (SPEC 3.1) */
	FT_MONEY,	/* a decimal amount (SPEC 3.3) */
	FT_NUMBER,	/* a decimal number */
	FT_INTEGER,	/* a whole number */
	FT_BOOL,	/* true or false */
	FT_ENUM		/* one of a known set of words */
};

/* The kinds of record the commands read and write. */
enum rkind {
	RK_ANY = 0,		/* untyped: any name, no checks */
	RK_INSTANCE = 1,	/* ecs-list */
	RK_ORDER = 2,		/* order-show, order-cancel */
	RK_QUOTE = 4,		/* refund-quote, one per instance */
	RK_QUOTE_ROW = 8,	/* refund-quote --per-order */
	RK_SCHEDULE = 16,	/* refund-quote --schedule */
	RK_BEST = 32		/* refund-quote --best */
};

struct fieldspec {
	const char		*name;
	unsigned		 kinds;		/* RK_ bits */
	enum ftype		 type;
	const char		*what;		/* FT_ENUM: "an order status" */
	const char *const	*values;	/* FT_ENUM: NULL-terminated */
};

/* The spec of a canonical field in records of this kind, or NULL. */
const struct fieldspec *field_spec(enum rkind, const char *);
/* "an order field", "an instance field", "a field of the quotes". */
const char	*field_kind_name(enum rkind);
/* The fields of a kind a table shows by default, those an admin looks at
 * first (ecs-list(1), order-show(1), refund-quote(1) list them), and how
 * many: into *n. */
const char *const *field_brief(enum rkind, size_t *n);
/* Every canonical field of a kind, in the table's order: i = 0, 1, ...
 * until NULL. */
const char	*field_nth(enum rkind, size_t i);
/* The known value of spec equal to v ignoring letter case, or NULL. */
const char	*field_value(const struct fieldspec *, const char *, size_t);
/* The candidate nearest to s in spelling, or NULL when none is near:
 * names(arg, i) gives candidate i, NULL after the last. */
const char	*field_nearest(const char *s,
		    const char *(*names)(const void *, size_t), const void *);
/* Append the known values of spec, ", "-separated. */
void		 field_values_text(struct buf *, const struct fieldspec *);

#endif
