/*
 * The YAML/JSON reader on any bytes; and every record it reads, written
 * as YAML and as JSON and read back, is the same record.  The first byte
 * chooses the format and whether records must carry a key, as the
 * commands ask (rd_expect): those read then have it.
 */
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fuzz.h"
#include "records/out.h"
#include "records/reader.h"
#include "records/writer.h"

static void
same_record(const struct rec *a, const struct rec *b)
{
	size_t i;

	must(a->n == b->n);
	for (i = 0; i < a->n; i++) {
		must(strcmp(a->f[i].name, b->f[i].name) == 0);
		must(a->f[i].len == b->f[i].len);
		must(memcmp(rec_val(a, i), rec_val(b, i), a->f[i].len) == 0);
	}
}

static void
round_trip(const struct rec *r, enum ofmt ofmt, enum fmt ifmt)
{
	struct buf text = BUF_INIT;
	struct writer w;
	struct out o;
	struct reader *rd;
	struct diag d;
	struct rec *back;
	int ok;

	out_init_buf(&o, &text);
	wr_init(&w, ofmt, &o);
	ok = wr_rec(&w, r) == 0;
	wr_end(&w);
	wr_free(&w);
	out_close(&o);
	if (ok) {
		must((rd = rd_open_mem("back", text.p, text.len, ifmt, 0,
		    &d)) != NULL);
		must(rd_next(rd, &back, &d) == 1);
		same_record(r, back);
		must(rd_next(rd, &back, &d) == 0);
		rd_close(rd);
	}
	buf_free(&text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "order_id", "instance_id" };
	struct reader *rd;
	struct diag d;
	struct rec *r;
	size_t n;

	if (size < 1)
		return 0;
	if ((rd = rd_open_mem("fuzz", (const char *)data + 1, size - 1,
	    data[0] & 1 ? FMT_JSON : FMT_YAML, 0, &d)) == NULL)
		return 0;
	if (data[0] & 2)	/* order_id, instance_id, or either */
		rd_expect(rd, keys + (data[0] >> 2 & 1), data[0] & 4 ? 1 :
		    1 + (data[0] >> 3 & 1), data[0] & 16 ? "order_id" : NULL);
	while (rd_next(rd, &r, &d) > 0) {
		must(!(data[0] & 2) || (rec_get(r, "order_id", &n) && n > 0) ||
		    (rec_get(r, "instance_id", &n) && n > 0));
		round_trip(r, OUT_YAML, FMT_YAML);
		round_trip(r, OUT_JSON, FMT_JSON);
	}
	rd_close(rd);
	return 0;
}
