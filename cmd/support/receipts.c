/* What the commands that change the ledger print and ask (receipts.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "records/out.h"
#include "records/rec.h"
#include "support/cli.h"
#include "support/opts.h"
#include "support/receipts.h"

int
receipts_write(const struct opts *o, const struct receipts *rs,
    struct out *out, enum ofmt fmt, int prompt)
{
	struct writer w;
	struct rec r;
	size_t i;
	int rc = 0;

	wr_init(&w, fmt, out);
	if (!prompt)
		opts_writer(o, &w);
	opts_columns(o, &w, rs->cols, rs->ncols);
	rec_init(&r);
	for (i = 0; i < rs->n && rc == 0; i++) {
		rs->get(rs->arg, i, &r);
		rc = wr_rec(&w, &r);
	}
	rec_free(&r);
	wr_end(&w);
	if (!prompt)
		opts_table_note(o, &w);
	wr_free(&w);
	return rc;
}

int
receipts_print(const struct opts *o, const struct receipts *rs)
{
	struct out out;
	int rc;

	out_init(&out, 1);
	rc = receipts_write(o, rs, &out, o->ofmt, 0);
	return cli_finish(&out, o->prog) != 0 || rc < 0 ? -1 : 0;
}

int
receipts_confirm(const struct opts *o, const struct receipts *rs,
    const char *summary, const char *path, const char *dry, int *shown)
{
	struct out err;
	char line[64];

	if (!isatty(0)) {
		fprintf(stderr, "%s: standard input is not a terminal: give "
		    "--yes to change %s, or --dry-run to see %s; nothing "
		    "changed\n", o->prog, path, dry);
		return -1;
	}
	out_init(&err, 2);
	(void)receipts_write(o, rs, &err, OUT_TABLE, 1);
	out_close(&err);
	fprintf(stderr, "%s: %s\n%s: change them in %s? [y/N] ", o->prog,
	    summary, o->prog, path);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (strcmp(line, "y\n") != 0 && strcmp(line, "yes\n") != 0 &&
	    strcmp(line, "Y\n") != 0)) {
		fprintf(stderr, "%s: nothing changed\n", o->prog);
		return 0;
	}
	*shown = isatty(1);
	return 1;
}
