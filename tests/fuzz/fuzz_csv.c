/* The CSV/TSV reader on any bytes: no crash, no leak, values whole. */
#include <string.h>

#include "base/diag.h"
#include "fuzz.h"
#include "records/reader.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delims[] = { ',', '\t', ';' };
	struct reader *rd;
	struct diag d;
	struct rec *r;
	size_t i;

	if ((rd = rd_open_mem("fuzz", (const char *)data, size, FMT_CSV,
	    delims[size % 3], &d)) == NULL)
		return 0;
	while (rd_next(rd, &r, &d) > 0)
		for (i = 0; i < r->n; i++) {
			must(r->f[i].name != NULL);
			must(rec_val(r, i)[r->f[i].len] == '\0');
		}
	rd_close(rd);
	return 0;
}
