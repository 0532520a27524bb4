/*
 * Every instance of a ledger quoted in one sweep (refund-quote without
 * IDs, at one time): each row is
 * checked and quoted as it is read, and only sums are kept for each
 * instance and currency, with the ids its quote lists, so that memory
 * grows with the instances and the ids, not with whole rows.  The quotes
 * are refund_quote's, byte for byte.  Where a row or a sum cannot be
 * taken as refund_quote would take it (a bad value, the same order of an
 * instance twice, amounts too large), the sweep gives up: the caller
 * reads the ledger again with orders_add, which says what is wrong.
 */
#ifndef SWEEP_H
#define SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "refund/orders.h"

struct diag;
struct policy;
struct quotes;
struct rec;

struct grants;
struct sweep_cur;
struct sweep_inst;
struct sweep_quota;

struct sweep {
	const struct policy	*pol;
	int64_t			 at;
	struct orders		 os;	/* file, words and field hints */
	struct sweep_inst	*in;
	size_t			 nin, capin;
	struct sweep_cur	*cur;
	size_t			 ncur, capcur;
	struct sweep_quota	*quota;	/* under the no-reason rule */
	size_t			 nquota, capquota;
	struct order		*reps;	/* orders a quote's rows stand on */
	size_t			 nreps, capreps;
	uint64_t		*slot;	/* the index of in[], by id */
	size_t			 nslot;
	size_t			 last;	/* the instance of the row before */
	struct buf		 ids;	/* each instance's rows' ids */
	struct buf		*joined;	/* order_ids, per currency */
	size_t			 njoined;
};

/* Quote at time at under policy p, the messages naming file. */
void	sweep_init(struct sweep *, const struct policy *p, int64_t at,
	    const char *file);
/* Take one record: 0, or -1 when the sweep gives up (d may say why,
 * but the full reading is the one to say it). */
int	sweep_add(struct sweep *, const struct rec *, struct diag *);
/* After the last record: 0, or -1 when the same order of an instance
 * came twice. */
int	sweep_end(struct sweep *);
size_t	sweep_count(const struct sweep *);
const struct inst *sweep_instance(const struct sweep *, size_t i);
/* The quotes of instance i, as refund_quote makes them at place i of
 * the run, appended to qs; info and g as for refund_quote.  Valid until
 * the next call. */
int	sweep_quote(struct sweep *, size_t i, const struct rec *info,
	    const struct grants *g, struct quotes *qs, struct diag *);
void	sweep_free(struct sweep *);

#endif
