/*
 * Refund policies (SPEC 5) as data: the built-in "intl" and "cn", or the
 * same keys loaded from a YAML file, and written back out in that YAML.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "values/money.h"

struct diag;
struct out;

#define POLICY_STEPS	16
#define POLICY_IMAGES	16

/* From this many days used on, consumption is charged at this rate. */
struct discount_step {
	int64_t	days;
	int64_t	rate;		/* millionths: 850000 is 0.85 */
};

struct policy {
	char			name[256];
	enum rounding		rounding;
	int64_t			tz_offset;	/* seconds east of UTC: the
						 * calendar of the quota */
	int64_t			short_days;	/* used less than this... */
	int64_t			short_coef;	/* ...charges this (millionths) */
	struct discount_step	discount[POLICY_STEPS];
	size_t			ndiscount;
	int			no_reason;	/* five-day no-reason refund */
	int64_t			no_reason_window;	/* seconds */
	int64_t			no_reason_max_period;	/* seconds; 0: any */
	int64_t			no_reason_per_year;
	char			images[POLICY_IMAGES][64];
	size_t			nimages;	/* os_name parts not refunded */
};

/* "intl", "cn", or a YAML file; name NULL: $ECS_POLICY, else intl. */
int	policy_load(struct policy *, const char *name, struct diag *);
/* A policy file already open; name is for messages. */
int	policy_read(struct policy *, FILE *, const char *name, struct diag *);
/* The policy in the YAML policy_load reads. */
void	policy_write(struct out *, const struct policy *);
/* The discount step that applies after days used. */
const struct discount_step *policy_discount(const struct policy *,
	    int64_t days);

#endif
