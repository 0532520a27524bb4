/*
 * What the parts of the import (import.c, importlink.c, importwhole.c)
 * share: the table of the cloud's fields, a field's value, an amount, a
 * row decided against the ledger's, and the reasons said.
 */
#ifndef IMPORT_PRIV_H
#define IMPORT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "records/rec.h"
#include "refund/import.h"

/* The fields the cloud says of an order, and how their values compare. */
enum vkind { V_TEXT, V_TIME, V_MONEY };

struct cloud_field {
	const char	*name;
	enum vkind	 kind;
};

extern const struct cloud_field import_cloud[];
extern const size_t import_ncloud;

/* import.c */
/* The value of field name of r, "" when it has none. */
const char *import_get(const struct rec *r, const char *name);
/* v as an amount in minor units into out: 0, or -1 when it is not one. */
int	import_money(const char *v, int64_t *out);
/* One more reason in b, "; " after those before it. */
void	import_reason(struct buf *b, const char *fmt, const char *a,
	    const char *c, const char *e);
/* Row i of the export against the ledger's record recno; its amounts
 * not (sums: one row of an order without its instances). */
void	import_decide(struct import *, size_t i, size_t recno,
	    const struct rec *r, int sums);
void	import_act_free(struct import_act *);

/* importlink.c: a cloud Refund order and the local refund it pays */
/* The local refunds, sorted by instance: a qsort comparison. */
int	import_link_cmp(const void *a, const void *b);
/* Row i, a cloud Refund order the ledger does not have as a row: linked
 * to the one local refund it pays, or refused. */
void	import_link_refund(struct import *, size_t i);

/* importwhole.c: orders exported without their instances (QueryOrders) */
/* Every such order, with the ledger's rows of it in the ledger's
 * order. */
void	import_whole_orders(struct import *);

#endif
