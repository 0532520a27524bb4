/*
 * The JSON reader (json.c, jsonio.c) where the corpora of tests/good and
 * tests/bad cannot reach: texts read a few bytes at a time, the limits,
 * columns after characters of several bytes, record lines, and an error
 * said again when asked again.
 */
#include "base/xalloc.h"
#include "readall.h"
#include "records/input.h"
#include "records/json.h"
#include "records/reader.h"

#define CASE(name, in, want) \
	is_str(read_all(in, sizeof in - 1, FMT_JSON, 0), want, name)

/* read_all, the file read max_read bytes at a time. */
static char *
read_split(const char *data, size_t n, size_t max_read)
{
	static struct buf b;
	char *path = scratch_file(data, n);
	struct input in;
	struct reader *rd;
	struct diag d;
	struct rec *r;
	size_t i;
	int rc;

	buf_reset(&b);
	if (input_open(&in, path, &d) < 0)
		return NULL;
	in.max_read = max_read;
	if ((rd = rd_open_input(&in, FMT_JSON, 0, &d)) == NULL)
		return NULL;
	while ((rc = rd_next(rd, &r, &d)) > 0) {
		for (i = 0; i < r->n; i++)
			buf_addf(&b, "%s%s=%s", i ? "|" : "", r->f[i].name,
			    rec_val(r, i));
		buf_addf(&b, "@%ld\n", r->line);
	}
	if (rc < 0)
		buf_addf(&b, "%ld:%ld: %s", d.line, d.col, d.msg);
	rd_close(rd);
	unlink(path);
	return (char *)buf_str(&b);
}

/* Every token split at every byte, and at a few other widths: the same
 * records, lines and errors as the whole file read at once. */
static void
split(void)
{
	static const char *const texts[] = {
		"\xEF\xBB\xBF[{\"order_id\": \"1\", \"n\": \"\\ud83d\\ude00 "
		    "\xEC\x9B\xB9 \\u00e9\\n\\\"\\\\\\/\", \"v\": -12.50e+3,\n"
		    "  \"t\": true, \"f\": false, \"z\": null, \"l\": [1, 2],\r\n"
		    "  \"o\": {\"a\": {}, \"b\": []}}]\n",
		"{\"order_id\": \"1\"}\n\n{\"order_id\": \"2\", \"x\": [{\"a\": 1},"
		    " {\"a\": 2}]}\n",
		"{\"Instances\": {\"Instance\": [{\"InstanceId\": \"i-1\", "
		    "\"Memory\": 1536, \"Tags\": {\"Tag\": [{\"TagKey\": \"k\", "
		    "\"TagValue\": \"\\ud83d\\udc7e\"}]}}]}, \"RequestId\": \"r\"}",
		"[{\"order_id\": \"1\", \"a\": \"x\\ud83d\"}]",
		"[{\"order_id\": \"1\", \"a\": \"caf\xC3\"}]",
		"[{\"order_id\": \"1\", \"a\": 012}]",
		"[{\"order_id\": \"1\", \"a\": tru}]",
		"[{\"order_id\": \"1\", \"a\": 1, \"a\": 2}]",
		"[{\"order_id\": \"1\"},\n]",
		"[{\"order_id\": \"1\", \"a\": \"x",
		"{\"order_id\": \"1\"} {\"order_id\": \"2\"}",
		"[{\"order_id\": \"1\", \"Memory\": \"lots\"}]",
	};
	static const size_t widths[] = { 1, 2, 3, 5, 8 };
	size_t i, k;
	char *whole;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		whole = xstrdup(read_split(texts[i], strlen(texts[i]), 0));
		for (k = 0; k < sizeof widths / sizeof widths[0]; k++)
			is_str(read_split(texts[i], strlen(texts[i]),
			    widths[k]), whole, "text %zu read %zu bytes at a "
			    "time", i + 1, widths[k]);
		free(whole);
	}
}

/* A string or number of n bytes, as a value and as a key. */
static void
limits(void)
{
	const size_t max = JSON_MAX_TEXT;
	struct buf b = BUF_INIT;
	char *got;

	buf_adds(&b, "[{\"order_id\": \"1\", \"v\": \"");
	memset((buf_grow(&b, max + 1), b.p + b.len), 'x', max);
	b.len += max;
	buf_adds(&b, "\"}]");
	got = read_all(b.p, b.len, FMT_JSON, 0);
	ok(strncmp(got, "order_id=1|v=xxx", 16) == 0 &&
	    strlen(got) == 13 + max + 1, "a value of 16 MiB is read");
	b.len -= 3;
	buf_adds(&b, "x\"}]");
	is_str(read_all(b.p, b.len, FMT_JSON, 0),
	    "1:25: a value longer than 16 MiB: \"\\\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"",
	    "a value of 16 MiB and a byte is refused");
	buf_reset(&b);
	buf_adds(&b, "[{\"order_id\": \"1\", \"");
	memset((buf_grow(&b, max + 1), b.p + b.len), 'k', max + 1);
	b.len += max + 1;
	buf_adds(&b, "\": 1}]");
	is_str(read_all(b.p, b.len, FMT_JSON, 0),
	    "1:20: a key longer than 16 MiB: \"\\\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...\"",
	    "a key of 16 MiB and a byte is refused");
	buf_reset(&b);
	buf_adds(&b, "[{\"order_id\": \"1\", \"n\": ");
	memset((buf_grow(&b, max + 1), b.p + b.len), '7', max + 1);
	b.len += max + 1;
	buf_adds(&b, "}]");
	is_str(read_all(b.p, b.len, FMT_JSON, 0),
	    "1:25: a value longer than 16 MiB: \"7777777777777777777777777777777777777777...\"",
	    "a number of 16 MiB and a byte is refused");
	/* megabytes of white space are not held: the place is said, the
	 * text at it no longer */
	buf_reset(&b);
	buf_adds(&b, "[{\"order_id\": \"1\"},");
	memset((buf_grow(&b, 3 << 20), b.p + b.len), ' ', 3 << 20);
	b.len += 3 << 20;
	buf_adds(&b, "]");
	is_str(read_all(b.p, b.len, FMT_JSON, 0), "1:19: a trailing comma",
	    "a trailing comma megabytes before its bracket");
	buf_free(&b);
}

static void
places(void)
{
	static const char lines[] = "[\n{\"order_id\": \"1\"},\n\n"
	    "  {\"order_id\": \"2\"}]\n\n{\"order_id\": \"3\"}\n";

	CASE("columns count characters, not bytes",
	    "[{\"order_id\": \"\xEC\x9B\xB9\xEC\x84\x9C\xEB\xB2\x84\", "
	    "\"n\": \"\xF0\x9F\x98\x80\", \"x\": tru}]",
	    "1:37: a truncated true, false or null: \"tru}]\"");
	CASE("a byte-order mark is not a column",
	    "\xEF\xBB\xBF{\"a\" 1}",
	    "1:6: expected \":\" after the key: \"1}\"");
	CASE("lines end at LF; CR LF is one line end",
	    "[{\"order_id\": \"1\"},\r\n{\"order_id\": \"2\",\r\n\"x\": .5}]",
	    "3:6: a number with no digit before its decimal point: \".5}]\"");
	CASE("an error in a later JSON Lines record",
	    "{\"order_id\": \"1\"}\n{\"order_id\": \"2\"}\n{\"order_id\" \"3\"}\n",
	    "3:13: expected \":\" after the key: \"\\\"3\\\"}\"");
	is_str(read_split(lines, sizeof lines - 1, 0),
	    "order_id=1@2\norder_id=2@4\norder_id=3@6\n",
	    "a record's line is that of its \"{\"");
}

/* A caller that reads on after an error hears it again. */
static void
again(void)
{
	static const char text[] = "[{\"order_id\": \"1\"}, 2]";
	char *path = scratch_file(text, sizeof text - 1);
	struct reader *rd;
	struct diag d, d2;
	struct rec *r;

	if ((rd = rd_open(path, FMT_JSON, 0, &d)) == NULL)
		return;
	ok(rd_next(rd, &r, &d) == 1, "the record before the error");
	ok(rd_next(rd, &r, &d) == -1 && rd_next(rd, &r, &d2) == -1 &&
	    strcmp(d.msg, d2.msg) == 0 && d.col == d2.col && d.col == 21,
	    "the error, twice: %s", d2.msg);
	rd_close(rd);
	unlink(path);
}

int
main(void)
{
	split();
	limits();
	places();
	again();
	return done();
}
