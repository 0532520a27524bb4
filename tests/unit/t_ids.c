/* What reaches an api_call: ids (ident.c). */
#include "ident.h"
#include "tap.h"

static void
ids(void)
{
	static const char *const good[] = { "i-bp1nx8yanwl5xv1q2a4d",
	    "214017707302843", "Ri-bp1nx8yanwl5xv1q2a4d20250615000000",
	    "Ri-a20250615000000-CNY", "1", "a_b.c:d", "ecs" };
	static const char *const bad[] = { "", "1;touch X #", "a b", "a'b",
	    "a\"b", "a;b", "$x", "`x`", "a\tb", "a\nb", "\x7f", "\xEC\x9B\xB9",
	    "\xff", "a/b", "a,b" };
	char longest[IDENT_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ok(ident_ok(good[i], strlen(good[i])), "an id: %s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(!ident_ok(bad[i], strlen(bad[i])), "not an id: bad[%zu]", i);
	ok(!ident_ok("a\0b", 3), "not an id: a NUL inside");
	memset(longest, 'x', sizeof longest);
	ok(ident_ok(longest, IDENT_MAX), "%d bytes: an id", IDENT_MAX);
	ok(!ident_ok(longest, IDENT_MAX + 1), "%d bytes: too long",
	    IDENT_MAX + 1);
	ok(ident_list_ok("1;2;R3-CNY", 10), "a list of ids");
	ok(ident_list_ok("1", 1), "a list of one");
	ok(!ident_list_ok("1;;2", 4), "not a list: an empty id inside");
	ok(!ident_list_ok("1;", 2), "not a list: an empty id at the end");
	ok(!ident_list_ok("1; 2", 4), "not a list: a space");
}

int
main(void)
{
	ids();
	return done();
}
