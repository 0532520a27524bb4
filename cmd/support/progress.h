/* Progress of long work on standard error, only on a terminal (SPEC 6). */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>
#include <time.h>

struct progress {
	const char	*prog;
	int		 on, shown;
	struct timespec	 start;
	size_t		 n;
};

void	progress_start(struct progress *, const char *prog);
void	progress_tick(struct progress *);
void	progress_end(struct progress *);

#endif
