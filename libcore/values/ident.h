/*
 * What an id can be (ecs-orders-files(5)): order and instance ids, and the
 * Refund rows' own.  Alibaba Cloud's are short runs of letters, digits and
 * "-" ("i-bp1...", "214017707302843"); anything with a space, a quote, a
 * ";", a control character or a byte outside ASCII never is one, and
 * refusing it at the door keeps such text out of the aliyun calls the
 * receipts print.
 */
#ifndef IDENT_H
#define IDENT_H

#include <stddef.h>

#define IDENT_MAX	128
/* The rule, for messages. */
#define IDENT_RULE	"1 to 128 ASCII letters, digits, \"-\", \"_\", \".\" " \
	"or \":\""

/* Is s, n bytes, an id? */
int	ident_ok(const char *, size_t);
/* Is s a list of ids joined by ";" (related_order_id)? */
int	ident_list_ok(const char *, size_t);

#endif
