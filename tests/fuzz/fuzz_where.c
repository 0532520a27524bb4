/* --where conditions: the first line is the expression, the rest a value
 * of the field it names. */
#include <string.h>

#include "base/diag.h"
#include "fuzz.h"
#include "records/rec.h"
#include "select/cond.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	char *expr;
	struct cond c;
	struct diag d;
	struct rec r;
	size_t n = nl ? (size_t)(nl - (const char *)data) : size, k;
	static const enum rkind kinds[] = { RK_ANY, RK_ORDER, RK_INSTANCE };

	if (memchr(data, '\0', n) != NULL)
		return 0;
	expr = malloc(n + 1);
	memcpy(expr, data, n);
	expr[n] = '\0';
	rec_init(&r);
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (cond_parse(&c, expr, 1740816000, kinds[k], &d) == 0) {
			if (nl != NULL)
				rec_add(&r, c.field, nl + 1, size - n - 1);
			cond_match(&c, &r);
			rec_clear(&r);	/* its name was the condition's */
			cond_free(&c);
		}
	if (cond_make(&c, "f", OP_GLOB, expr, 0, RK_ANY, "-", &d) == 0) {
		rec_add(&r, "f", expr, n);
		cond_match(&c, &r);
		cond_free(&c);
	}
	rec_free(&r);
	free(expr);
	return 0;
}
