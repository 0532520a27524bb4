/*
 * --sort FIELD[:desc]: a stable sort of records held in memory.  A column
 * whose values all read as numbers sorts as numbers, as times if they all
 * read as timestamps, else as text (bytes); empty values go last.
 */
#ifndef RECSORT_H
#define RECSORT_H

#include <stddef.h>

#include "records/rec.h"

void	recs_sort(struct recs *, const char *field, int desc);

#endif
