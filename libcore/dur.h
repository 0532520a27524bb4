/* Durations (SPEC 3.2): "90s", "30m", "12h", "5d", "2w", "1d12h". */
#ifndef DUR_H
#define DUR_H

#include <stddef.h>
#include <stdint.h>

struct buf;

int	dur_parse(const char *, size_t, int64_t *);
/* The shortest text dur_parse reads as secs: "5d", "1d12h", "0s". */
void	dur_format(struct buf *, int64_t secs);

#endif
