/*
 * The records refund-quote writes of a quote (refund.h): one per instance
 * and currency, or one per order row with every number of its derivation.
 */
#ifndef QUOTEOUT_H
#define QUOTEOUT_H

#include <stddef.h>
#include <stdint.h>

struct policy;
struct quote;
struct rec;

#define QUOTE_COLS	10
#define QUOTE_ROW_COLS	17
#define SCHEDULE_COLS	8
#define BEST_COLS	7
/* The fields of each kind of record, in order. */
extern const char *const quote_cols[QUOTE_COLS];
extern const char *const quote_row_cols[QUOTE_ROW_COLS];
extern const char *const schedule_cols[SCHEDULE_COLS];
extern const char *const best_cols[BEST_COLS];

/* The quote of an instance in one currency, made at time at. */
void	quote_record(struct rec *, const struct quote *,
	    const struct policy *, int64_t at);
/* Row i of the quote. */
void	quote_row_record(struct rec *, const struct quote *, size_t i,
	    const struct policy *, int64_t at);
/* A step of a schedule: the quote at at, and what changed since the
 * step before. */
void	schedule_record(struct rec *, const struct quote *, int64_t at,
	    const char *change);
/* The best day of a schedule: its quote, made at at, and today's
 * refund. */
void	best_record(struct rec *, const struct quote *, int64_t at,
	    int64_t today);

#endif
