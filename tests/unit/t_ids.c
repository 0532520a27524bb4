/* What reaches an api_call: ids (ident.c), and words quoted for sh(1)
 * (shq.c), checked against the shell itself. */
#include <stdio.h>

#include "base/buf.h"
#include "tap.h"
#include "values/ident.h"
#include "values/shq.h"
#include "select/idset.h"

/* What sh makes of printf '%s\n' WORD: the word, if it stayed one. */
static char *
through_sh(const char *word)
{
	static char got[512];
	struct buf cmd = BUF_INIT;
	FILE *p;
	size_t n;

	buf_adds(&cmd, "printf '%s|' ");
	shq_add(&cmd, word);
	buf_adds(&cmd, " 2>&1");
	got[0] = '\0';
	if ((p = popen(buf_str(&cmd), "r")) != NULL) {
		n = fread(got, 1, sizeof got - 1, p);
		got[n] = '\0';
		pclose(p);
	}
	buf_free(&cmd);
	return got;
}

static void
quoting(void)
{
	static const struct {
		const char *in, *want;
	} c[] = {
		{ "i-bp1nx8yanwl5xv1q2a4d", "i-bp1nx8yanwl5xv1q2a4d" },
		{ "214017707302843", "214017707302843" },
		{ "a._:/@%+=,-z", "a._:/@%+=,-z" },
		{ "", "''" },
		{ "a b", "'a b'" },
		{ "1;touch X #", "'1;touch X #'" },
		{ "it's", "'it'\\''s'" },
		{ "'", "''\\'''" },
		{ "$(id)`id`$HOME", "'$(id)`id`$HOME'" },
		{ "~root", "'~root'" },
		{ "a\tb", "'a\tb'" },
		{ "*", "'*'" },
		{ "\\", "'\\'" },
		{ "\xEC\x9B\xB9", "'\xEC\x9B\xB9'" },
	};
	struct buf b = BUF_INIT;
	char want[128];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		buf_reset(&b);
		shq_add(&b, c[i].in);
		is_str(buf_str(&b), c[i].want, "quoted: %s", c[i].want);
		snprintf(want, sizeof want, "%s|", c[i].in);
		is_str(through_sh(c[i].in), want, "sh reads %s back as one word",
		    c[i].want);
	}
	is_str(through_sh("a\nb"), "a\nb|", "sh reads a line end back too");
	buf_free(&b);
}

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

/* Each byte at each place of ids of every length up to 24: ident_ok
 * reads eight bytes at a time from 8 on, the last word overlapping. */
static void
every_byte(void)
{
	static const char rule[] = "-.0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	    "abcdefghijklmnopqrstuvwxyz";
	char id[24];
	size_t n, at;
	int c, want, wrong = 0;

	for (n = 1; n <= sizeof id; n++)
		for (at = 0; at < n; at++)
			for (c = 0; c < 256; c++) {
				memset(id, 'a', n);
				id[at] = (char)c;
				want = c != 0 && strchr(rule, c) != NULL;
				wrong += ident_ok(id, n) != want;
			}
	is_int(wrong, 0, "every byte at every place of 1 to 24 bytes is an "
	    "id's or not as IDENT_RULE says");
}

/* An idset grown from empty to 100,000 IDs, its index growing from the
 * hashes it keeps (hindex.c): every ID found at its place, once, and no
 * other, the same ID added again kept once. */
static void
grown_set(void)
{
	struct idset set;
	struct id *id;
	char s[32];
	size_t i, n, bad = 0;

	memset(&set, 0, sizeof set);
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(s, sizeof s, "i-%zx", i * 2654435761u);
		idset_add(&set, s, n);
		if (i % 3 == 0)
			idset_add(&set, s, n);
	}
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(s, sizeof s, "i-%zx", i * 2654435761u);
		id = idset_find(&set, s, n);
		bad += id == NULL || (size_t)(id - set.ids) != i;
		n = (size_t)snprintf(s, sizeof s, "o-%zx", i * 2654435761u);
		bad += idset_find(&set, s, n) != NULL;
	}
	is_int((int)set.n, 100000, "an idset of 100,000 IDs keeps each once");
	is_int((int)bad, 0, "... each found at its place, no other found");
	idset_free(&set);
}

int
main(void)
{
	quoting();
	ids();
	every_byte();
	grown_set();
	return done();
}
