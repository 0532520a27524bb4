/*
 * The orders a plan reads, and its edits written back (SPEC 4): from the
 * orders file, in two passes, the rows of the instances the IDs ask for
 * and the Refund rows the no-reason quota counts, each kept so that the
 * ledger can change it; which of them the conditions select; a digest of
 * them all, for a plan file.  Then the plan's edits and Refund rows in
 * the ledger, committed with their journal in one step.
 */
#ifndef BOOK_H
#define BOOK_H

#include <stddef.h>
#include <stdint.h>

#include "base/sha256.h"
#include "base/strtab.h"
#include "records/fmt.h"
#include "refund/orders.h"
#include "select/idset.h"

struct cond;
struct diag;
struct ledger;
struct plan;

struct book {
	struct orders	 os;		/* the rows read */
	struct idset	 wanted;	/* instances whose rows matter */
	char		*selected;	/* per row: the conditions hold */
	struct sha256	 digest;	/* of the records read */
	int		 no_digest;	/* set before book_read: no plan
					 * file wants digest, so none */
	/* working state */
	size_t		 capselected;
	struct ledger	*l;
	struct idset	*ids;
	struct cond	*conds;
	size_t		 nconds;
	int		 names;		/* the fields seen are wanted */
	struct strtab	 seen;
	size_t		 hint[4];	/* field positions, for rec_get_at */
	struct diag	*d;
};

/*
 * What the conditions may name besides order fields: the file's columns
 * (CSV), or the fields its records have (YAML), in n of known; in says
 * which, for a message ("a column of this file").  0, or -1 with d set.
 */
typedef int book_names_fn(void *, const char *const *known, size_t n,
	    const char *in, struct diag *d);

/*
 * Read ledger l, just opened, in two passes: first which instances the
 * ids ask for, by an order of theirs or by themselves (each ID that names
 * one is marked seen); then the rows that matter into os, those of
 * wanted instances kept in the ledger to be changed, each selected by
 * the nc conditions c or not, their digest taken.  Between the two,
 * check(arg, ...) is asked about the file's names, unless check is NULL.
 * fmt and delim as for ledger_scan.  -1 with d set (FILE:LINE:COL) when
 * the file cannot be read, a value is bad, or check says no.
 */
int	book_read(struct book *, struct ledger *l, enum fmt,
	    unsigned char delim, struct idset *ids, struct cond *c, size_t nc, book_names_fn *check,
	    void *arg, struct diag *);
/*
 * Plan p's edits and Refund rows in the ledger, then ledger_commit with
 * the plan's journal lines, the policy's name and the time at: -1 when
 * nothing changed (d says why), 0 when the file changed, 1 when it
 * changed but a step after that failed (ledger_notes tells).
 */
int	book_apply(struct book *, const struct plan *p, const char *policy,
	    int64_t at, struct diag *);
void	book_free(struct book *);

#endif
