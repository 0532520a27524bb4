/*
 * A refund over time (refund-quote --schedule and --best): the quotes of
 * an instance step after step, by the same engine, what changed from one
 * to the next, and the step that returns the most, so that an admin sees
 * when giving a server back returns most.
 */
#ifndef SCHEDULE_H
#define SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct diag;
struct policy;
struct quote;
struct quotes;

/* The most steps a schedule has. */
#define SCHEDULE_MAX	10000

/* The times of a schedule: at, then every step up to until. */
struct schedule {
	int64_t		*t;
	size_t		 n;
};

/* The steps from at to until (NULL: 60 days after at) by step (NULL: 1d),
 * both as the user wrote them; -1 and d set when one does not parse, step
 * is 0s, until is before at, or the steps are over SCHEDULE_MAX. */
int	schedule_times(struct schedule *, int64_t at, const char *until,
	    const char *step, struct diag *);
void	schedule_free(struct schedule *);

/* What changed from quote prev to quote cur of the same instance and
 * currency (prev NULL: nothing before), appended to b, "; " between
 * changes: the no-reason window closing, a renewal starting, the
 * coefficient ending, a discount step, an order used up or its refund
 * reaching zero. */
void	schedule_change(struct buf *b, const struct policy *,
	    const struct quote *prev, const struct quote *cur);

/* The best step of a currency: the first that returns the most, and the
 * refund at the first step, to show the gain of waiting. */
struct best {
	const char	*currency;
	int64_t		 refund, first;
	size_t		 k;
};

struct bests {
	struct best	*b;
	size_t		 n, cap;
};

/* Take the quotes of step k into the best steps. */
void	bests_note(struct bests *, const struct quotes *, size_t k);
void	bests_free(struct bests *);

#endif
