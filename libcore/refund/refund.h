/*
 * The refund engine (SPEC 5): what unsubscribing an instance at a given
 * time returns, order row by order row, with every number of the
 * derivation kept so that it can be explained.  refund-quote prints it;
 * order-cancel writes it: one engine.
 */
#ifndef REFUND_H
#define REFUND_H

#include <stddef.h>
#include <stdint.h>

#include "refund/orders.h"
#include "refund/policy.h"

struct buf;
struct diag;
struct rec;

enum rule {
	RULE_NONE,		/* no paid order left to refund */
	RULE_NOT_REFUNDABLE,
	RULE_NO_REASON,
	RULE_PARTIAL,
	RULE_NOT_STARTED,
	RULE_USED_UP
};

/* One order row's part. */
struct row_quote {
	const struct order	*o;
	enum rule		 rule;
	int64_t			 usage_days, order_days;
	const struct discount_step *step;
	int64_t			 coef;		/* millionths */
	int64_t			 cash, consumed, refund;	/* micro */
	int			 short_period;	/* under a day: counts one */
	char			 note[256];	/* a reason, or what else held */
};

/* An instance's quote in one currency. */
struct quote {
	const struct inst	*in;
	const char		*currency;
	int			 places;
	int			 refundable;
	char			 reason[512];	/* why not, naming what */
	struct row_quote	*rows;
	size_t			 n, cap;
	int64_t			 cash, consumed, refund;
	char			 rule[64];	/* the rows' rules, joined */
	const char		*order_ids;	/* set: the ids of its rows,
						 * joined by ";", for rows
						 * that stand for them */
};

struct quotes {
	struct quote	*q;
	size_t		 n, cap;
};

/*
 * The no-reason refunds a run gives (policy cn), each with the place of
 * its instance in the order the run takes them: the yearly quota counts
 * them with the ledger's Refund rows, so that quoting instances one after
 * the other and cancelling them in that order give the same figures.
 */
struct grant {
	const char	*product;
	size_t		 pos;
};

struct grants {
	struct grant	*g;
	size_t		 n, cap;
};

/* The instance at place pos, quoted in qs from first on, was given the
 * no-reason refund if one of its rows was. */
void	grants_note(struct grants *, const struct quotes *, size_t first,
	    size_t pos);
void	grants_free(struct grants *);

const char	*rule_name(enum rule);

/* What the rules need to know of an instance, beyond its orders: the
 * fields of an instance record, in this order (bits 1 << FACT_...). */
enum { FACT_OS, FACT_SPOT, FACT_PROTECTION, FACT_STATUS, NFACTS };
extern const char *const refund_facts[NFACTS];
/* "no os_name or spot_strategy", and the rules left unchecked for want
 * of them: "the image and spot rules", for the facts of missing. */
void	refund_unchecked(struct buf *fields, struct buf *rules,
	    unsigned missing);
/*
 * Quote an instance at time at.  info is what is known of it (os_name,
 * spot_strategy: from an instances file), or NULL; the grants of the run
 * placed before pos count toward the no-reason quota.  Quotes are
 * appended to qs, one per currency.
 */
int	refund_quote(const struct policy *, const struct orders *,
	    const struct inst *, const struct rec *info, int64_t at,
	    const struct grants *, size_t pos, struct quotes *qs,
	    struct diag *);
/*
 * The parts of refund_quote, for a quote made from sums (sweep.h): one
 * Paid row's rule and amounts at time at, without its note; the note of
 * a row refund_row found not refundable; why the whole instance is not
 * refunded (empty when it is), unpaid being its first unpaid order's id
 * or NULL; and the quote's sums, rule and reason from its rows, why not
 * empty making it not refundable.
 */
int	refund_row(const struct policy *, struct row_quote *, int64_t at,
	    const char *file, struct diag *);
void	refund_row_note(struct row_quote *);
void	refund_refusal(const struct policy *, const char *unpaid,
	    const struct rec *info, char *why, size_t n);
int	refund_total(struct quote *, const char *why, const char *file,
	    struct diag *);
/* The cn site's five-day no-reason refund, when it applies to the quotes
 * of an instance in qs from first on: the quota counts the Refund rows of
 * os->used and the grants before pos. */
void	refund_no_reason(const struct policy *, const struct orders *os,
	    struct quotes *qs, size_t first, int64_t at,
	    const struct grants *, size_t pos);
/* *sum += v, v being order o's part of an instance's total: 0, or -1
 * with a diag naming the instance when the sum would not fit. */
int	refund_sum(int64_t *sum, int64_t v, const struct order *,
	    const char *file, struct diag *);
/* A new quote of in, in currency, refundable until a rule says not. */
struct quote *quotes_add(struct quotes *, const struct inst *in,
	    const char *currency, int places);
void	quotes_clear(struct quotes *);
void	quotes_free(struct quotes *);
/* The derivation, as a finance colleague would check it by hand. */
void	refund_explain(struct buf *, const struct policy *,
	    const struct quote *, int64_t at);

#endif
