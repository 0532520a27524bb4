/* The policy loader: any bytes load or are refused; a policy that loads,
 * written out and loaded again, is the same policy. */
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fuzz.h"
#include "records/out.h"
#include "refund/policy.h"

static int
equal(const struct policy *a, const struct policy *b)
{
	size_t i;

	if (strcmp(a->name, b->name) || a->rounding != b->rounding ||
	    a->tz_offset != b->tz_offset || a->short_days != b->short_days ||
	    a->short_coef != b->short_coef || a->ndiscount != b->ndiscount ||
	    a->no_reason != b->no_reason ||
	    a->no_reason_window != b->no_reason_window ||
	    a->no_reason_max_period != b->no_reason_max_period ||
	    a->no_reason_per_year != b->no_reason_per_year ||
	    a->nimages != b->nimages)
		return 0;
	for (i = 0; i < a->ndiscount; i++)
		if (a->discount[i].days != b->discount[i].days ||
		    a->discount[i].rate != b->discount[i].rate)
			return 0;
	for (i = 0; i < a->nimages; i++)
		if (strcmp(a->images[i], b->images[i]) != 0)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p, q;
	struct diag d;
	struct buf text = BUF_INIT;
	struct out o;
	FILE *f;
	int rc;

	if (size == 0 || (f = fmemopen((void *)data, size, "rb")) == NULL)
		return 0;
	rc = policy_read(&p, f, "fuzz", &d);
	fclose(f);
	if (rc != 0)
		return 0;
	out_init_buf(&o, &text);
	policy_write(&o, &p);
	out_close(&o);
	f = fmemopen(text.p, text.len, "rb");
	must(f != NULL);
	rc = policy_read(&q, f, "fuzz", &d);
	fclose(f);
	if (rc != 0 || !equal(&p, &q))
		fprintf(stderr, "%s\n%.*s\n", rc ? d.msg : "differs",
		    (int)text.len, text.p);
	must(rc == 0 && equal(&p, &q));
	buf_free(&text);
	return 0;
}
