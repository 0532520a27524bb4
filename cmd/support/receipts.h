/*
 * What the commands that change the ledger print and ask (order-cancel,
 * order-import): their receipts, on standard output or at the prompt,
 * and the question a person at a terminal answers before the change.
 */
#ifndef RECEIPTS_H
#define RECEIPTS_H

#include <stddef.h>

#include "records/writer.h"

struct opts;
struct out;
struct rec;

/* A command's receipts: every field, in order; how many; receipt i. */
struct receipts {
	const char *const	 *cols;
	size_t			  ncols;
	size_t			  n;
	void			(*get)(const void *arg, size_t i, struct rec *);
	const void		 *arg;
};

/* The receipts into out as fmt, -c's fields or all: for standard output
 * with the options' header, width and colour and the note of what a
 * table left out, or (prompt) a plain table.  wr_rec's result. */
int	receipts_write(const struct opts *, const struct receipts *,
	    struct out *, enum ofmt, int prompt);
/* The receipts on standard output: -1 when they could not be written
 * (said); once the file has changed, that is an exit status 1, not the
 * 2 that says nothing changed. */
int	receipts_print(const struct opts *, const struct receipts *);
/*
 * A person at a terminal says yes, having seen the receipts and the
 * summary line on standard error, to "change them in path?"; nobody else
 * is asked.  1 yes (*shown: standard output is that terminal, which need
 * not show them again), 0 no (said), -1 when standard input is not a
 * terminal (said, with what a dry run shows: "the plan").
 */
int	receipts_confirm(const struct opts *, const struct receipts *,
	    const char *summary, const char *path, const char *dry,
	    int *shown);

#endif
