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

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "select/recsort.h"

struct diag;
struct ledger;

struct change {
	const char	*order_id, *instance_id, *before, *after;
	const char	*refund_amount, *currency, *refund_rule, *api_call;
};

struct journal {
	const char	*name;		/* the ledger, as given: for messages */
	char		 path[PATH_MAX + 16];
	int		 fd;
	int		 made;		/* by this run: its directory entry is
					 * synced before the file is replaced */
	char		 run[64];	/* this run's id */
	char		 before[65], after[65];	/* this run's digests */
	char		 user[64], host[256];
	struct recs	 lines;		/* this run's intents */
	struct buf	 notes;		/* for standard error */
	struct strtab	 names;		/* of the lines read */
};

/* Open the journal of l to append to, made if need be as ledger_beside
 * makes files; remove a last line cut short; mark the changes of a run
 * it ends with unmarked.  -1 with nothing changed. */
int	journal_open(struct journal *, struct ledger *, struct diag *);
/* The run's changes as intents, synced, with l's digest as read and of
 * its new file (ledger_write).  A change that cannot be written (a value
 * that is not UTF-8) writes nothing.  -1 with nothing written. */
int	journal_intent(struct journal *, struct ledger *, const char *policy,
	    int64_t at, const struct change *, size_t n, struct diag *);
/* Mark this run's changes "landed" or "void".  -1 with nothing written,
 * the run unmarked as if it had ended there; d then says so as for a
 * run that changed the file (a failed "void" needs no word: the next
 * run finds it void by the digest). */
int	journal_mark(struct journal *, const char *state, struct diag *);
void	journal_close(struct journal *);

/* A run as journal_verify finds it. */
struct journal_run {
	const char	*run, *time, *user, *host;
	size_t		 changes;
	const char	*outcome;	/* "landed", "void" or "unknown" */
	int		 marked;	/* by the journal, else found now */
};

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
