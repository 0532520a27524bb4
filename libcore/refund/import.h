/*
 * Importing orders into the ledger (order-import(1)): the order rows of
 * exports and record files, held by their key (order_id and
 * instance_id), matched with the ledger's rows, and a decision for each:
 * added; updated, when the cloud's status moved on or when a cloud Refund
 * order is linked to the local refund it pays; the same; or a conflict,
 * not decided here.  A row of an order without its instances
 * (QueryOrders: no instance_id field) is compared with every ledger row
 * of the order, its amounts with their sums, and becomes one row for
 * each; an order the ledger lacks cannot be added from it.  The ledger itself is changed by the command, through
 * ledger.h, with what is decided here.
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "records/rec.h"
#include "select/idset.h"

struct change;
struct cond;
struct diag;

enum import_action { IMP_NONE, IMP_ADDED, IMP_UPDATED, IMP_SAME,
	IMP_CONFLICT };

#define IMPORT_NEW	((size_t)-1)	/* an act's recno: a row appended */

/* What becomes of one imported row. */
struct import_act {
	enum import_action action;
	size_t		 recno;		/* the ledger's record, or IMPORT_NEW */
	char		*order_id;	/* the ledger row's (a linked local
					 * Refund row's own id) */
	char		*before, *after, *reason;
	char		*cloud_id, *diff, *paid;	/* a refund linked */
	struct rec	 set;		/* values set in the record; the whole
					 * record when appended */
};

/* A local Refund row (order-cancel's) of an instance the cloud refunded. */
struct import_local {
	size_t		 recno;
	long		 line;
	char		*order_id, *instance_id, *related, *paid, *currency;
	char		*cloud_id, *diff;
	int		 used;
};

struct import {
	struct recs	 rows;		/* imported, canonical names */
	char		**src;		/* per row: "FILE:LINE" */
	struct import_act *act;		/* per row */
	struct idset	 keys;		/* per row: "order_id TAB instance_id" */
	struct idset	 refunded;	/* instances of cloud Refund orders */
	struct import_local *local;
	size_t		 nlocal, caplocal;
	struct idset	 left;		/* fields the ledger has no place for */
	/* orders without their instances: their rows, one an order (an
	 * order_id each, in worders, in the same order), and the ledger's
	 * rows of them, each with its record number and whole row */
	struct recs	 whole;
	char		**wsrc;
	struct idset	 worders;
	struct idset	 iorders;	/* order_ids of rows with instances */
	struct recs	 wrows;
	size_t		*wrecno, *wof;
	struct strtab	 names;		/* of the fields of every record
					 * read, kept or not */
	struct buf	 key;
	size_t		 hint[6];
};

void	import_init(struct import *);
void	import_free(struct import *);
/* The order rows of path ("-": standard input) that meet the n
 * conditions c, checked: -1 when one cannot be taken as meant (d says
 * where and why). */
int	import_read(struct import *, const char *path, struct cond *c,
	    size_t n, struct diag *);
/* SPEC 2.3's order fields, in its order: those of a ledger that has
 * none yet. */
const char *const *import_order_cols(size_t *n);
/* The first pass over the ledger: does record r (its order_id,
 * instance_id, order_type and refund_rule) matter? */
int	import_wants(struct import *, const struct rec *r);
/* The IDs of the ledger's rows import_wants may want, into ids: each
 * row's order_id and each instance the cloud refunded, so that the
 * ledger passes the others by (ledger_want). */
void	import_ledger_ids(const struct import *, struct idset *ids);
/* The second pass, on the records that matter, whole: 1 when record
 * recno is to be kept for a change, 0 when not, -1 when the ledger
 * cannot be read as meant (d).  ledger names it in messages. */
int	import_match(struct import *, size_t recno, const struct rec *r,
	    const char *ledger, struct diag *);
/* After the second pass: refunds linked, and the rows not in the ledger
 * to append, with the ledger's n fields in cols first, in that order. */
void	import_finish(struct import *, const char *const *cols, size_t n);

/* The receipts' columns, and row i's receipt. */
extern const char *const import_receipt_cols[];
#define IMPORT_RECEIPT_COLS	10
void	import_receipt(const struct import *, size_t i, struct rec *);
/* How many rows end so; and the changes to journal, into c (room for
 * every row): their number. */
size_t	import_count(const struct import *, enum import_action);
size_t	import_journal(const struct import *, struct change *c);

#endif
