/* Durations (SPEC 3.2): "90s", "30m", "12h", "5d", "2w", "1d12h". */
#ifndef DUR_H
#define DUR_H

#include <stddef.h>
#include <stdint.h>

#include "values/ts.h"

struct buf;

/* The longest duration: the span of the times there are (ts.h). */
#define DUR_MAX		(TS_MAX - TS_MIN)
/* What dur_parse returns for a longer one (text that is no duration at
 * all gives -1). */
#define DUR_RANGE	(-2)

int	dur_parse(const char *, size_t, int64_t *);
/* What is wrong with a duration dur_parse refused with rc, for a
 * message: "is not a duration (...)", or that it is too long. */
const char *dur_error(int rc);
/* The shortest text dur_parse reads as secs: "5d", "1d12h", "0s". */
void	dur_format(struct buf *, int64_t secs);

#endif
