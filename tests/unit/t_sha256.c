/* SHA-256 against the published vectors (FIPS 180-4 examples, NIST
 * CSRC), in the portable code and in the CPU's instructions, whole and
 * fed in pieces. */
#include "base/sha256.h"
#include "tap.h"

static const struct {
	const char	*name, *msg, *want;
} vec[] = {
	{ "empty", "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "\"abc\" (one block)", "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "the 448-bit message (two blocks)",
	  "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "the 896-bit message",
	  "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static const char million_a[] =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void
start(struct sha256 *s, int accel)
{
	sha256_init(s);
	if (!accel)
		s->accel = 0;
}

/* n bytes of p fed in pieces of step bytes */
static char *
pieces(int accel, const char *p, size_t n, size_t step, char hex[SHA256_HEX])
{
	struct sha256 s;
	size_t i, k;

	start(&s, accel);
	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		sha256_update(&s, p + i, k);
	}
	return sha256_hex(&s, hex);
}

static void
vectors(int accel, const char *how)
{
	static char a[1000000];
	char hex[SHA256_HEX], one[SHA256_HEX];
	size_t i, len;
	struct sha256 s;

	for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		is_str(pieces(accel, vec[i].msg, strlen(vec[i].msg), 1u << 20,
		    hex), vec[i].want, "%s: %s", how, vec[i].name);
		is_str(pieces(accel, vec[i].msg, strlen(vec[i].msg), 1, hex),
		    vec[i].want, "%s: %s, a byte at a time", how, vec[i].name);
	}
	memset(a, 'a', sizeof a);
	is_str(pieces(accel, a, sizeof a, sizeof a, hex), million_a,
	    "%s: a million \"a\"", how);
	is_str(pieces(accel, a, sizeof a, 997, hex), million_a,
	    "%s: a million \"a\", 997 at a time", how);
	start(&s, accel);
	for (i = 0; i < sizeof a; i += 1000)
		sha256_update(&s, a, 1000);
	is_str(sha256_hex(&s, hex), million_a,
	    "%s: a million \"a\", as FIPS 180-4's 1000 times 1000", how);
	/* every length around a block's end and the padding's limit gives
	 * the same digest whole and in pieces, in either code */
	for (len = 50; len <= 130; len++) {
		pieces(accel, a, len, len, one);
		if (strcmp(pieces(accel, a, len, 7, hex), one) != 0 ||
		    strcmp(pieces(!accel, a, len, 63, hex), one) != 0)
			break;
	}
	is_int(len, 131, "%s: lengths 50 to 130, whole, in pieces and in the "
	    "other code, agree", how);
}

/* A digest resumed from the state after a whole number of blocks is the
 * digest of the whole. */
static void
resumes(void)
{
	static const char m[] = "abcdefghbcdefghicdefghijdefghijkefghijkl"
	    "fghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
	    "mnopqrstnopqrstu";
	struct sha256 s, t;
	char hex[SHA256_HEX];

	sha256_init(&s);
	sha256_update(&s, m, 64);
	sha256_resume(&t, s.h, 64);
	sha256_update(&t, m + 64, strlen(m) - 64);
	is_str(sha256_hex(&t, hex), vec[3].want,
	    "resumed after the first block: the 896-bit message's digest");
}

int
main(void)
{
	struct sha256 s;
	char hex[SHA256_HEX];

	vectors(0, "portable");
	sha256_init(&s);
	if (s.accel)
		vectors(1, "SHA instructions");
	else
		printf("ok %d - SHA instructions # SKIP not on this CPU\n",
		    ++tap_n);
	resumes();
	ok(sha256_of("abc", 3, hex) == hex && strcmp(hex, vec[1].want) == 0,
	    "sha256_of: the digest of bytes in memory, in the buffer given");
	return done();
}
