/*
 * The loop of the listing commands (ecs-list, order-show): read, derive,
 * select by IDs and conditions, sort if asked, write.  Streams unless
 * --sort, or columns of YAML/JSON input read from a pipe, need it all.
 */
#ifndef LISTING_H
#define LISTING_H

#include <stddef.h>

#include "cli.h"

struct listing {
	struct opts	 *o;
	/* fields the command derives for every record, or NULL */
	void		(*derive)(struct rec *);
	const char *const *derived;	/* the names derive may add */
	size_t		  nderived;
};

/* The exit status. */
int	listing_run(struct listing *);

#endif
