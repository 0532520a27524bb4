/*
 * A plan file (order-cancel --plan, --apply; ecs-orders-files(5)): what
 * a run would do, its receipts, and what that rests on, in YAML a person
 * reads and keeps: the ledger (its path, and a digest of the records the
 * plan read), the policy (its name and a digest of its rules), the time,
 * the IDs and conditions asked, and what was known of each instance.
 * Applying it makes the same file again from the ledger as it is then and
 * goes on only when the two agree on everything that matters
 * (plan_file_diff).
 */
#ifndef PLANFILE_H
#define PLANFILE_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "base/sha256.h"
#include "records/rec.h"

struct buf;
struct diag;
struct out;
struct plan;
struct policy;
struct idset;
struct recmap;

/* The first fields of a fact record: the instance and where its facts
 * came from; then the refund_facts known. */
#define PLAN_FACT_HEAD	2
extern const char *const plan_fact_head[PLAN_FACT_HEAD];

/* What the first line of a plan says it is. */
#define PLAN_FILE_VERSION	"order-cancel plan 1"

struct plan_file {
	char		*ledger;	/* absolute path */
	char		 ledger_sha256[SHA256_HEX];	/* of what was read */
	char		*policy;	/* intl, cn, or a file's absolute path */
	char		 policy_sha256[SHA256_HEX];
	int64_t		 at;
	int		 force;
	long		 max;
	char		*instances;	/* the instances file, or NULL */
	char		**ids;		/* as given, in order */
	size_t		 nids;
	char		**where;	/* -w conditions, as given */
	size_t		 nwhere;
	struct recs	 facts;		/* instance_id, source, then the
					 * refund_facts known */
	struct recs	 receipts;	/* plan_receipt_cols */
};

void	plan_file_init(struct plan_file *);
void	plan_file_free(struct plan_file *);
/* Add an ID, a condition. */
void	plan_file_id(struct plan_file *, const char *);
void	plan_file_where(struct plan_file *, const char *);
/* The receipts and the instance facts of plan p, whose facts came from
 * the records piped (NULL: none) and the instances file (NULL: none). */
void	plan_file_take(struct plan_file *, const struct plan *p,
	    const struct recmap *piped, const struct recmap *inst);
/* What a plan rests on besides its answers (plan_file_make). */
struct plan_basis {
	const char		*ledger;	/* the orders file, as opened */
	struct sha256		*records;	/* plan_digest_record'ed */
	const struct policy	*pol;
	const char		*policy;	/* as named; NULL: $ECS_POLICY */
	const char		*instances;	/* the file read, or NULL */
	const struct idset	*ids;
	const char *const	*where;
	size_t			 nwhere;
	long			 max;
};

/* The plan file of plan p: paths made absolute, digests taken (which
 * ends b->records).  -1 with d set when a path cannot be resolved. */
int	plan_file_make(struct plan_file *, const struct plan *p,
	    const struct plan_basis *b, struct diag *);
/* The orders file to open for the plan read from path: given (-f) when
 * it is the plan's ledger; without it, the ledger as the receipts name
 * it while that is the file, else by its absolute path.  -1 with d set
 * when given is another file. */
int	plan_file_ledger(const struct plan_file *, const char *path,
	    const char *given, const char **ledger, struct diag *);
/* The facts the plan had from records piped to it, into m (keyed by
 * instance_id), as if piped again. */
void	plan_file_piped(const struct plan_file *, struct recmap *m);
/* The digest of a policy's rules, as --print-policy writes them. */
void	plan_policy_digest(const struct policy *, char hex[SHA256_HEX]);

/* Digest of the records a plan reads: begin, one call per record in file
 * order, then end.  The same records give the same digest whatever the
 * file's format. */
void	plan_digest_record(struct sha256 *, const struct rec *);

void	plan_file_write(struct out *, const struct plan_file *);
/* Read path; -1 and d set (FILE:LINE:COL) on anything but a plan file
 * as plan_file_write writes them. */
int	plan_file_read(struct plan_file *, const char *path, struct diag *);
/* The same from a stream; name is for messages. */
int	plan_file_load(struct plan_file *, FILE *, const char *name,
	    struct diag *);

/*
 * What differs between a plan as made (was) and as made again now: the
 * records read, the policy, what is known of an instance, and every
 * receipt's action, statuses, refund, rule and reason (not its api_call
 * or time, which follow the time of the run).  One line each into out;
 * returns how many.
 */
size_t	plan_file_diff(const struct plan_file *was,
	    const struct plan_file *now, struct buf *out);
/* Whether the plan was carried out already (by --apply of it, or by
 * another run): each order it changes is now as it would leave it, and
 * the plan made now changes nothing. */
int	plan_file_done(const struct plan_file *was,
	    const struct plan_file *now);
/* The facts of instances whose facts came from the instances file that
 * now says otherwise, one line each into out; returns how many. */
size_t	plan_file_stale(const struct plan_file *, const struct recmap *inst,
	    struct buf *out);

#endif
