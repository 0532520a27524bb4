/*
 * What order-cancel decides (SPEC 4's state table), as data: from the
 * orders of the instances asked for, what is known of those instances, a
 * policy, a time and the rows --where selects, one list of answers, one
 * per order row (its action, status before and after, refund, rule,
 * reason and cloud call), and for each instance unsubscribed its Refund
 * row.  The receipts, the ledger's edits and the journal's lines are all
 * read off this one list (plan_receipt, plan_edit, plan_change), so a dry
 * run and a real run cannot differ.
 */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "records/rec.h"
#include "refund/refund.h"

struct change;
struct diag;
struct out;
struct idset;
struct policy;
struct recmap;

enum plan_action { PLAN_CANCEL, PLAN_REFUND, PLAN_NONE, PLAN_REFUSED };

/* The answer for one order row. */
struct plan_row {
	size_t		  oi;		/* in the order book */
	enum plan_action  action;
	int		  done;		/* PLAN_NONE: done before */
	int64_t		  refund;
	char		  rule[64];
	char		  reason[512];
	char		 *api;		/* the aliyun call, or NULL */
};

/* The Refund row an instance's unsubscription adds. */
struct plan_refund {
	size_t		 oi;		/* an order it refunds, for its fields */
	char		 id[160];	/* also its call's ClientToken */
	const char	*currency;
	int		 places;
	int64_t		 refund;
	char		 rule[64];
	struct buf	 related;	/* the orders it refunds, ;-joined */
};

/* What a plan is made from. */
struct plan_input {
	const struct policy	*pol;
	const struct orders	*os;	/* the rows of the instances asked
					 * for, and those the quota counts */
	const char		*selected;	/* per row: --where holds */
	int64_t			 at;
	const struct recmap	*piped;	/* instance records given as IDs */
	const struct recmap	*inst;	/* the instances file, or NULL */
	int			 force;	/* Running, or absent from the
					 * instances file, goes */
};

struct plan {
	struct plan_input	 in;
	struct plan_row		*rows;
	size_t			 n, cap;
	struct plan_refund	*refunds;
	size_t			 nrefunds, caprefunds;
	/* no instance record and no instances file: the checks they
	 * allow were not made for any instance */
	int			 unchecked;
	struct buf		 notes;	/* lines for standard error */
	/* working state */
	size_t			*row_of;	/* per book row: 1 + its row */
	unsigned char		*planned;	/* per instance */
	struct grants		 grants;
	struct rec		 info;
	struct quotes		 qs;
	struct diag		*d;
};

/* Answer every ID, in the order given: its order rows, or the instance it
 * names.  The rows of ids that name no order row of wanted instances
 * answer nothing; -1 with d set when an order cannot be computed. */
int	plan_make(struct plan *, const struct plan_input *, struct idset *ids,
	    struct idset *wanted, struct diag *);
/* How many order rows change (are cancelled or refunded). */
size_t	plan_changes(const struct plan *);
/* Whether some row was refused. */
int	plan_refused(const struct plan *);
void	plan_free(struct plan *);

/* The status a row has after the plan. */
const char *plan_status_after(const struct plan *, const struct plan_row *);

#define PLAN_RECEIPT_COLS	12
/* The receipt fields, in order, and row i's receipt. */
extern const char *const plan_receipt_cols[PLAN_RECEIPT_COLS];
void	plan_receipt(const struct plan *, size_t i, struct rec *);
/* One line of what the plan does, into b: how many orders of how many
 * instances change (cancelled, refunded), are refused or were done
 * already, and the refund per currency; "would change" unless done. */
void	plan_summary(const struct plan *, int done, struct buf *b);
/* The cloud calls of the plan as a POSIX sh script: each action once,
 * with a comment saying what it does, every failure counted. */
void	plan_script(struct out *, const struct plan *);
/* What row i sets in its ledger record (its recno), or nothing for a row
 * that does not change: the fields and values into sets. */
size_t	plan_edit(const struct plan *, size_t i, struct rec *sets);
/* Refund row j as the record the ledger gains. */
void	plan_refund_record(const struct plan *, size_t j, struct rec *);
/* The journal's lines (journal.h): a change per row that changes, then
 * one per Refund row, into c, with room for plan_changes() + nrefunds;
 * amounts are kept in amt, as many.  Returns how many. */
size_t	plan_journal(const struct plan *, struct change *c, struct buf *amt);

#endif
