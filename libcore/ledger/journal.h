/*
 * The audit trail of the orders file (SPEC 4): FILE.journal, JSON lines,
 * kept so that it agrees with the file after any crash or error
 * (order-cancel(1) and ecs-orders-files(5) describe it):
 *
 *  1. before the file is replaced, a line per change, state "intent",
 *     each with the run's id and the SHA-256 of the file as read and of
 *     the new file, each line one write(2), then fsync'd;
 *  2. the file is replaced and its directory synced (ledger.h);
 *  3. each change again, marked "landed"; or "void" when the file was
 *     not replaced after all.  Every line is an order's record, and the
 *     lines marked landed are the changes made.
 *
 * A run that ended before 3 was done leaves intents unmarked: the next
 * run that changes the file marks them first, as the run's marks so far
 * say or else by comparing the file's digest with the run's, and
 * journal_verify tells the same without writing.
 * A last line cut short (a crash, a full disk) is removed by the next
 * run, never written after; a failed write removes its own part line.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>

struct buf;
struct diag;
struct ledger;
struct rec;

/* A change of the file, as ledger_commit journals it. */
struct change {
	const char	*order_id, *instance_id, *before, *after;
	const char	*refund_amount, *currency, *refund_rule, *api_call;
};

/* A run as journal_verify finds it. */
struct journal_run {
	const char	*run, *time, *user, *host;
	size_t		 changes;
	const char	*outcome;	/* "landed", "void" or "unknown" */
	int		 marked;	/* by the journal, else found now */
};

/* A run's fields, in order, and run jr as a record of them. */
#define JOURNAL_RUN_COLS	7
extern const char *const journal_run_cols[JOURNAL_RUN_COLS];
void	journal_run_record(const struct journal_run *jr, struct rec *);

/*
 * Read the journal of l through (there may be none) and call fn for
 * each run.  0 when it accounts for the file: every run landed or void,
 * each starting from the file the one before left, and the file now
 * the one the last left; 1 when not, each reason a line in problems;
 * -1 when it cannot be read.  Remarks that are no problem go to notes.
 */
int	journal_verify(struct ledger *, void (*fn)(void *,
	    const struct journal_run *), void *, struct buf *problems,
	    struct buf *notes, struct diag *);

#endif
