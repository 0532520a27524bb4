/*
 * The CSV reader's direct split of quote-free lines against libcsv on the
 * same bytes: the same records, or the same error at the same place.
 */
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fuzz.h"
#include "records/csvio.h"
#include "records/input.h"

static void
collect(const char *p, size_t n, unsigned flags, struct buf *out)
{
	struct input in;
	struct csvin cs;
	struct diag d = { "", 0, 0, "" };
	struct rec r;
	size_t i;
	int rc;

	input_open_mem(&in, "fuzz", p, n);
	rec_init(&r);
	if ((rc = csvin_open(&cs, &in, ',', flags, &d)) == 0) {
		for (i = 0; i < cs.ncols; i++)
			buf_addf(out, "H%s\n", cs.cols[i]);
		while ((rc = csvin_next(&cs, &r, &d)) > 0) {
			buf_addf(out, "R%ld\n", r.line);
			for (i = 0; i < r.n; i++) {
				buf_addf(out, "%s=%zu:", r.f[i].name,
				    r.f[i].len);
				buf_add(out, rec_val(&r, i), r.f[i].len);
				buf_addc(out, '\n');
			}
		}
	}
	if (rc < 0)
		buf_addf(out, "E%ld:%ld:%s\n", d.line, d.col, d.msg);
	csvin_close(&cs);
	rec_free(&r);
	input_close(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf fast = BUF_INIT, slow = BUF_INIT;

	collect((const char *)data, size, 0, &fast);
	collect((const char *)data, size, CSVIN_LIBCSV_ONLY, &slow);
	buf_str(&fast);	/* never NULL, even when empty */
	buf_str(&slow);
	if (fast.len != slow.len || memcmp(fast.p, slow.p, fast.len) != 0)
		fprintf(stderr, "direct:\n%.*s\nlibcsv:\n%.*s\n",
		    (int)fast.len, fast.p, (int)slow.len, slow.p);
	must(fast.len == slow.len && memcmp(fast.p, slow.p, fast.len) == 0);
	buf_free(&fast);
	buf_free(&slow);
	return 0;
}
