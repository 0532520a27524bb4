/*
 * A ledger's orders, read once into compact rows and grouped by instance
 * through a hash, so that quoting every instance of a large ledger is one
 * pass, not a scan per instance.  Values are checked as they are read,
 * since they turn into refunds: an id, timestamp or amount that does not
 * parse or is out of range, values that cannot be right together, or the
 * same order of an instance twice stop with FILE:LINE:COL.
 */
#ifndef ORDERS_H
#define ORDERS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/hindex.h"
#include "base/strtab.h"

struct diag;
struct idset;
struct rec;

#define NO_TIME		INT64_MIN
#define NO_ORDER	SIZE_MAX

enum otype { OT_OTHER, OT_NEW, OT_RENEW, OT_UPGRADE, OT_REFUND };
enum ostatus { OS_OTHER, OS_UNPAID, OS_PAID, OS_CANCELLED, OS_REFUNDED };

struct order {
	const char	*id, *instance, *type_name, *status_name;
	const char	*currency, *product, *rule, *region;
	enum otype	 type;
	enum ostatus	 status;
	int		 payg, no_refund;
	int64_t		 created, start, end;	/* NO_TIME when empty */
	int64_t		 gross, paid, voucher;	/* micro-units, 0 if empty */
	int		 places;		/* decimals the currency has */
	long		 line;
	size_t		 recno;			/* 0-based record of the file */
	size_t		 next;			/* the instance's next order */
};

struct inst {
	const char	*id;
	size_t		 first, last, n;	/* its orders, a linked list */
};

/* A Refund row under the no-reason rule: the quota counts them. */
struct used_no_reason {
	int64_t		 at;
	const char	*product, *id;
};

struct orders {
	char			 file[PATH_MAX];	/* for messages */
	struct order		*o;
	size_t			 n, cap;
	struct inst		*in;
	size_t			 nin, capin;
	struct hindex		 index;		/* of in[], by id */
	struct hindex		 pairs;		/* of o[], by id and instance */
	struct buf		 pair;
	struct used_no_reason	*used;
	size_t			 nused, capused;
	struct arena		 text;
	struct strtab		 words;		/* currencies, types, ... */
	size_t			 hint[17];	/* per field orders_add reads */
	const char		*last_word[17];	/* the words of the row
						 * before, per field */
	size_t			 last_len[17];
	const char		*places_of;	/* the currency of places */
	int			 places;
	/* The field names of the record before when they are all the
	 * reader's static ones, and where those fields were in it: a
	 * record of the same names has them at the same places. */
	const char		**names;
	size_t			 nnames;
	long			 at[17];
};

/* Whether a row of this order_type and refund_rule is a Refund row
 * under the no-reason rule, which the yearly quota counts. */
int	orders_no_reason_row(const char *type, const char *rule);
/* Count such a row, o, in os->used; o->id and o->product must last as
 * long as os. */
void	orders_note_no_reason(struct orders *, const struct order *o);
/* Add one record, the recno'th of the file; -1 with a diag on a bad
 * value. */
int	orders_add(struct orders *, const struct rec *, size_t recno,
	    struct diag *);
/*
 * Read and check one record as orders_add does, into o, without keeping
 * it: o's id, instance, type_name and rule are the record's values (with
 * the lengths of the ids), its currency and product interned in os; its
 * region, status_name and recno are not set.  -1 with a diag on a bad
 * value; the same order twice is not looked for.
 */
int	orders_parse(struct orders *, const struct rec *, struct order *o,
	    size_t *idlen, size_t *instlen, struct diag *);
struct inst *orders_instance(const struct orders *, const char *, size_t);
/*
 * The instances ids ask for, in the order order-cancel takes them: by the
 * first ID that names each, as one of its orders (then by that order's
 * row) or as itself.  rank[i] is instance i's place, SIZE_MAX when not
 * asked for; each ID that names something is marked seen.  Returns how
 * many are asked for.
 */
size_t	orders_asked(const struct orders *, struct idset *ids, size_t *rank);
void	orders_free(struct orders *);

#endif
