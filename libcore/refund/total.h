/*
 * Totals of quotes per currency (refund-quote --total, the table on a
 * terminal, order-cancel's summary): amounts in different currencies are
 * never added.
 */
#ifndef TOTAL_H
#define TOTAL_H

#include <stddef.h>
#include <stdint.h>

struct diag;
struct inst;
struct quote;
struct rec;

/* What a total adds up. */
enum { SUM_CASH, SUM_CONSUMED, SUM_REFUND, SUM_TODAY, SUM_GAIN, NSUMS };

struct total {
	const char		*currency;
	int			 places;
	size_t			 instances;
	const struct inst	*last;		/* the instance counted last */
	int64_t			 sum[NSUMS];
};

struct totals {
	struct total	*t;
	size_t		 n, cap;
};

/* Add what a record of quote q says: the whole quote (row < 0) or its
 * row; with best, the best day's refund, today's and the gain.  0, or -1
 * and d set when a sum would not fit. */
int	totals_quote(struct totals *, const struct quote *q, long row,
	    struct diag *);
int	totals_best(struct totals *, const struct quote *q, int64_t today,
	    struct diag *);
void	totals_free(struct totals *);

#define TOTAL_COLS	5
#define TOTAL_BEST_COLS	5
extern const char *const total_cols[TOTAL_COLS];
extern const char *const total_best_cols[TOTAL_BEST_COLS];
/* The total of a currency as a record: of quotes, or of best days. */
void	total_record(struct rec *, const struct total *, int best);

#endif
