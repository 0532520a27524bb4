/* Plan files (order-cancel --apply): any bytes read as a plan or are
 * refused; a plan that reads, written out and read again, writes the
 * same bytes and does not differ from itself. */
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fuzz.h"
#include "records/out.h"
#include "refund/planfile.h"

static void
text(const struct plan_file *pf, struct buf *b)
{
	struct out o;

	out_init_buf(&o, b);
	plan_file_write(&o, pf);
	out_close(&o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan_file a, b;
	struct buf t1 = BUF_INIT, t2 = BUF_INIT, diff = BUF_INIT;
	struct diag d;
	FILE *f;
	int rc;

	if (size == 0 || (f = fmemopen((void *)data, size, "rb")) == NULL)
		return 0;
	rc = plan_file_load(&a, f, "fuzz", &d);
	fclose(f);
	if (rc != 0)
		return 0;
	text(&a, &t1);
	f = fmemopen(t1.p, t1.len, "rb");
	must(f != NULL);
	rc = plan_file_load(&b, f, "fuzz", &d);
	fclose(f);
	if (rc != 0)
		fprintf(stderr, "%s\n%.*s\n", d.msg, (int)t1.len, t1.p);
	must(rc == 0);
	text(&b, &t2);
	must(t1.len == t2.len && memcmp(t1.p, t2.p, t1.len) == 0);
	must(plan_file_diff(&a, &b, &diff) == 0);
	plan_file_free(&a);
	plan_file_free(&b);
	buf_free(&t1);
	buf_free(&t2);
	buf_free(&diff);
	return 0;
}
