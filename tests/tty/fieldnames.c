/*
 * fieldnames KIND: the canonical fields of records of KIND (instance,
 * order, quote, quote-row, schedule, best, receipt, import), one a line,
 * as the library knows them: what tests/cli/completion.t checks the
 * completion scripts' lists against.
 */
#include <stdio.h>
#include <string.h>

#include "records/fields.h"
#include "refund/import.h"
#include "refund/plan.h"

int
main(int argc, char **argv)
{
	static const struct { const char *name; enum rkind k; } kinds[] = {
		{ "instance", RK_INSTANCE }, { "order", RK_ORDER },
		{ "quote", RK_QUOTE }, { "quote-row", RK_QUOTE_ROW },
		{ "schedule", RK_SCHEDULE }, { "best", RK_BEST } };
	const char *f;
	size_t i, j;

	if (argc != 2) {
		fprintf(stderr, "usage: fieldnames KIND\n");
		return 2;
	}
	if (strcmp(argv[1], "receipt") == 0) {
		for (i = 0; i < PLAN_RECEIPT_COLS; i++)
			puts(plan_receipt_cols[i]);
		return 0;
	}
	if (strcmp(argv[1], "import") == 0) {
		for (i = 0; i < IMPORT_RECEIPT_COLS; i++)
			puts(import_receipt_cols[i]);
		return 0;
	}
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(argv[1], kinds[i].name) == 0) {
			for (j = 0; (f = field_nth(kinds[i].k, j)) != NULL; j++)
				puts(f);
			return 0;
		}
	fprintf(stderr, "fieldnames: no kind \"%s\"\n", argv[1]);
	return 2;
}
