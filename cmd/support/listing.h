/*
 * The loop of the listing commands (ecs-list, order-show): read, derive,
 * select by IDs and conditions, sort if asked, write.  Streams unless
 * --sort, or columns of YAML/JSON input read from a pipe, need it all;
 * several files (-f given again, ecs-list) are merged whole first.
 */
#ifndef LISTING_H
#define LISTING_H

#include <stddef.h>

#include "support/cli.h"
#include "support/opts.h"
#include "support/progress.h"

struct listing {
	struct opts	 *o;
	/* fields the command derives for every record, or NULL */
	void		(*derive)(struct rec *);
	const char *const *derived;	/* the names derive may add */
	size_t		  nderived;
	const char	 *foreign;	/* records that are not of this kind
					 * have it (rd_expect) */
};

/* The exit status. */
int	listing_run(struct listing *);
/*
 * A listing command after opts_parse: its operands and environment
 * (opts_finish), the conditions of its own options (conds), then the
 * listing.  Frees the options; the exit status.
 */
int	listing_main(struct listing *, const char *env, int argc, char **argv,
	    int (*conds)(struct opts *, void *, struct diag *), void *arg);

#endif
