#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "support/progress.h"

static int64_t
elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ((int64_t)t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

void
progress_start(struct progress *p, const char *prog)
{
	memset(p, 0, sizeof *p);
	p->prog = prog;
	p->on = isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void
progress_tick(struct progress *p)
{
	if (!p->on || (++p->n & 0xFFFF) != 0)
		return;
	if (p->shown || elapsed_ms(&p->start) >= 1000) {
		fprintf(stderr, "\r%s: %zu records", p->prog, p->n);
		p->shown = 1;
	}
}

void
progress_end(struct progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r%s: %zu records\n", p->prog, p->n);
}
