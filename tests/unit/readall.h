/* Reading a whole test input through the reader, as comparable text. */
#ifndef READALL_H
#define READALL_H

#include "base/buf.h"
#include "base/diag.h"
#include "records/reader.h"
#include "tap.h"

/*
 * Read everything from a file with these bytes: records as
 * "name=value|name=value" lines, or the error as "LINE:COL: message".
 */
static __attribute__((unused)) char *
read_all(const char *data, size_t n, enum fmt fmt, unsigned char delim)
{
	static struct buf b;
	char *path = scratch_file(data, n);
	struct reader *rd;
	struct diag d;
	struct rec *r;
	size_t i;
	int rc;

	buf_reset(&b);
	if ((rd = rd_open(path, fmt, delim, &d)) == NULL) {
		buf_addf(&b, "%ld:%ld: %s", d.line, d.col, d.msg);
		unlink(path);
		return (char *)buf_str(&b);
	}
	while ((rc = rd_next(rd, &r, &d)) > 0) {
		for (i = 0; i < r->n; i++)
			buf_addf(&b, "%s%s=%s", i ? "|" : "", r->f[i].name,
			    rec_val(r, i));
		buf_addc(&b, '\n');
	}
	if (rc < 0) {
		buf_reset(&b);
		buf_addf(&b, "%ld:%ld: %s", d.line, d.col, d.msg);
	}
	rd_close(rd);
	unlink(path);
	return (char *)buf_str(&b);
}

#endif
