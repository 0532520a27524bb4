/*
 * The audit trail of the orders file (SPEC 4): FILE.journal, one JSON
 * line per change, appended and fsync'd after the file is committed,
 * while its lock is still held.
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct diag;

struct change {
	const char	*order_id, *instance_id, *before, *after;
	const char	*refund_amount, *currency, *refund_rule;
};

int	journal_append(const char *ledger, const char *policy, int64_t at,
	    const struct change *, size_t n, struct diag *);

#endif
