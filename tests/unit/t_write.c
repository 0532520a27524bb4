/* Writers (SPEC 2.2): quoting rules of each format, table widths. */
#include <stdio.h>

#include "base/utf8.h"
#include "records/fields.h"
#include "records/writer.h"
#include "tap.h"

/* Write records of (name, value) pairs; returns what came out. */
static char *
emit(enum ofmt fmt, const char *const *cols, size_t ncols,
    const char *const *kv, size_t nrec, size_t nfields)
{
	static char got[4096];
	FILE *f = tmpfile();
	struct out o;
	struct writer w;
	struct rec r;
	size_t i, j, n;

	out_init(&o, fileno(f));
	wr_init(&w, fmt, &o);
	if (cols)
		wr_columns(&w, cols, ncols, 0);
	rec_init(&r);
	for (i = 0; i < nrec; i++) {
		rec_clear(&r);
		for (j = 0; j < nfields; j++) {
			const char *k = kv[2 * (i * nfields + j)];
			const char *v = kv[2 * (i * nfields + j) + 1];

			rec_add(&r, k, v, strlen(v));
		}
		wr_rec(&w, &r);
	}
	wr_end(&w);
	out_close(&o);
	wr_free(&w);
	rec_free(&r);
	rewind(f);
	n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	return got;
}

static char *
one(enum ofmt fmt, const char *v)
{
	const char *kv[] = { "v", v };

	return emit(fmt, NULL, 0, kv, 1, 1);
}

static void
yaml(void)
{
	static const struct {
		const char *v, *want;
	} c[] = {
		{ "Paid", "- v: Paid\n" },
		{ "i-2ze1abc", "- v: i-2ze1abc\n" },
		{ "ap-northeast-2", "- v: ap-northeast-2\n" },
		{ "", "- v: ''\n" },
		{ "300.00", "- v: '300.00'\n" },
		{ "0123", "- v: '0123'\n" },
		{ "1e3", "- v: '1e3'\n" },
		{ "2025-03-01T00:00:00Z", "- v: '2025-03-01T00:00:00Z'\n" },
		{ "-12", "- v: '-12'\n" },
		{ ".inf", "- v: '.inf'\n" },
		{ "no", "- v: 'no'\n" },
		{ "Yes", "- v: 'Yes'\n" },
		{ "on", "- v: 'on'\n" },
		{ "null", "- v: 'null'\n" },
		{ "~", "- v: '~'\n" },
		{ "true", "- v: 'true'\n" },
		{ "a: b", "- v: 'a: b'\n" },
		{ "a #b", "- v: 'a #b'\n" },
		{ "x:", "- v: 'x:'\n" },
		{ " lead", "- v: ' lead'\n" },
		{ "trail ", "- v: 'trail '\n" },
		{ "it's", "- v: it's\n" },
		{ "'q'", "- v: '''q'''\n" },
		{ "*star", "- v: '*star'\n" },
		{ "<<", "- v: '<<'\n" },
		{ "웹서버-01", "- v: '웹서버-01'\n" },
		{ "two\nlines", "- v: \"two\\nlines\"\n" },
		{ "tab\there", "- v: \"tab\\there\"\n" },
		{ "quote\"back\\\n", "- v: \"quote\\\"back\\\\\\n\"\n" },
		{ "bell\a", "- v: \"bell\\x07\"\n" },
		{ "nel\xC2\x85", "- v: \"nel\\x85\"\n" },
		{ "ls\xE2\x80\xA8", "- v: \"ls\\u2028\"\n" },
		{ "nc\xEF\xBF\xBE\xEF\xBF\xBF", "- v: \"nc\\uFFFE\\uFFFF\"\n" },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		is_str(one(OUT_YAML, c[i].v), c[i].want, "yaml %s",
		    c[i].want + 5);
	is_str(emit(OUT_YAML, NULL, 0, NULL, 0, 0), "[]\n",
	    "yaml: no records is an empty list");
	{
		static char name[1100];
		const char *kv[] = { name, "v" };

		memset(name, 'k', sizeof name - 1);
		ok(strncmp(emit(OUT_YAML, NULL, 0, kv, 1, 1), "- ? k", 5) == 0,
		    "yaml: a name too long for an implicit key is explicit");
		name[1000] = '\0';
		ok(strncmp(emit(OUT_YAML, NULL, 0, kv, 1, 1), "- kk", 4) == 0,
		    "yaml: a name of 1000 bytes is an implicit key");
		/* 600 quotes are 1202 characters once quoted */
		memset(name, '\'', 600);
		name[600] = '\0';
		ok(strncmp(emit(OUT_YAML, NULL, 0, kv, 1, 1), "- ? '''", 7) == 0,
		    "yaml: a short name long once quoted is explicit");
	}
}

static void
json(void)
{
	is_str(one(OUT_JSON, "a\"b\\c\n\t\x01/웹"),
	    "[\n{\"v\":\"a\\\"b\\\\c\\n\\t\\u0001/웹\"}\n]\n", "json escapes");
	is_str(one(OUT_JSONL, "300.00"), "{\"v\":\"300.00\"}\n",
	    "jsonl: values are strings");
	is_str(one(OUT_JSONL, "a\xE2\x80\xA8" "b\xC2\x85" "c\xC2\x80" "d"
	    "\xEF\xBB\xBF"),
	    "{\"v\":\"a\\u2028b\\u0085c\\u0080d\\ufeff\"}\n",
	    "json: line separators, C1 controls and BOM escaped");
	is_str(emit(OUT_JSON, NULL, 0, NULL, 0, 0), "[]\n",
	    "json: no records is an empty array");
}

static void
delimited(void)
{
	static const char *const cols[] = { "a", "b" };
	static const char *const kv[] = { "a", "x,y", "b", "say \"hi\"",
	    "a", "multi\nline", "b", " spaced ", "b", "cr\r", "a", "" };
	static const char *const one_col[] = { "a" };
	static const char *const empty[] = { "a", "" };
	static const char *const kv_tsv[] = { "a", "x,y", "b", "t\tab" };

	is_str(emit(OUT_CSV, cols, 2, kv, 3, 2),
	    "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\", spaced \n"
	    ",\"cr\r\"\n", "csv: quotes only where needed, missing fields empty");
	is_str(emit(OUT_CSV, one_col, 1, empty, 1, 1), "a\n\"\"\n",
	    "csv: a lone empty field is quoted, not a blank line");
	is_str(emit(OUT_TSV, cols, 2, kv_tsv, 1, 2), "a\tb\nx,y\t\"t\tab\"\n",
	    "tsv: tabs quoted, commas not");
}

static void
table(void)
{
	static const char *const cols[] = { "name", "cpu" };
	static const char *const kv[] = { "name", "웹서버-01", "cpu", "2",
	    "name", "db", "cpu", "16" };
	static const char *const long_kv[] = { "name",
	    "가나다라마바사아자차카타파하가나다라마바사아자차카타", "cpu", "1" };

	is_str(emit(OUT_TABLE, cols, 2, kv, 2, 2),
	    "name       cpu\n웹서버-01    2\ndb          16\n",
	    "table: Korean counts two columns a character, numbers right");
	is_str(emit(OUT_TABLE, cols, 2, long_kv, 1, 2),
	    "name                                     cpu\n"
	    "가나다라마바사아자차카타파하가나다라마…    1\n",
	    "table: long text cut at 40 columns with …");
	is_int(utf8_width("e\xCC\x81", 3), 1, "a combining accent takes no column");
	is_int(utf8_width("ｱ", 3), 1, "halfwidth katakana is narrow");
	is_int(utf8_width("Ａ", 3), 2, "fullwidth A is wide");
}

static void
fields(void)
{
	static const struct {
		const char *type, *family, *category;
	} c[] = {
		{ "ecs.g7.large", "ecs.g7", "general-purpose" },
		{ "ecs.c7.xlarge", "ecs.c7", "compute-optimized" },
		{ "ecs.r7.2xlarge", "ecs.r7", "memory-optimized" },
		{ "ecs.t6-c1m2.large", "ecs.t6", "burstable" },
		{ "ecs.hfc7.large", "ecs.hfc7", "high-clock" },
		{ "ecs.hfg7.large", "ecs.hfg7", "high-clock" },
		{ "ecs.d2s.5xlarge", "ecs.d2s", "big-data" },
		{ "ecs.i3.xlarge", "ecs.i3", "local-ssd" },
		{ "ecs.gn6i-c4g1.xlarge", "ecs.gn6i", "gpu" },
		{ "ecs.vgn6i-m4.xlarge", "ecs.vgn6i", "gpu" },
		{ "ecs.ebmg7.32xlarge", "ecs.ebmg7", "bare-metal" },
		{ "ecs.ebmc6.8xlarge", "ecs.ebmc6", "bare-metal" },
	};
	const char *f;
	size_t i, n;
	char fam[64];

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		n = field_family(c[i].type, strlen(c[i].type), &f);
		snprintf(fam, sizeof fam, "%.*s", (int)n, f);
		is_str(fam, c[i].family, "family of %s", c[i].type);
		is_str(field_category(fam, n), c[i].category, "category of %s",
		    fam);
	}
	is_int(field_family("large", 5, &f), 0, "no family without dots");
	is_str(field_canonical("VpcAttributes.VpcId", 19), "vpc_id",
	    "nested API name VpcAttributes.VpcId is vpc_id");
	is_str(field_canonical("paymentstatus", 13), NULL,
	    "aliases match case-sensitively");
	ok(field_alias("Memory", 6)->conv == CONV_MIB_TO_GIB,
	    "Memory converts MiB to GiB");
}

int
main(void)
{
	yaml();
	json();
	delimited();
	table();
	fields();
	return done();
}
