/* The CSV/TSV reader (SPEC 2.1): RFC 4180 edge cases and errors. */
#include "readall.h"

#define CASE(name, in, want) \
	is_str(read_all(in, sizeof in - 1, FMT_AUTO, 0), want, name)

static void
cases(void)
{
	CASE("plain rows", "a,b\n1,2\n3,4\n", "a=1|b=2\na=3|b=4\n");
	CASE("CRLF line ends", "a,b\r\n1,2\r\n3,4\r\n", "a=1|b=2\na=3|b=4\n");
	CASE("byte-order mark skipped", "\xEF\xBB\xBF" "a,b\n1,2\n",
	    "a=1|b=2\n");
	CASE("no final newline", "a,b\n1,2", "a=1|b=2\n");
	CASE("no final newline after a quoted field", "a,b\n1,\"2\"",
	    "a=1|b=2\n");
	CASE("quoted newline", "a,b\n1,\"x\ny\"\n2,z\n", "a=1|b=x\ny\na=2|b=z\n");
	CASE("quoted CRLF kept", "a,b\r\n1,\"x\r\ny\"\r\n", "a=1|b=x\r\ny\n");
	CASE("doubled quotes", "a,b\n1,\"say \"\"hi\"\"\"\n",
	    "a=1|b=say \"hi\"\n");
	CASE("quoted comma", "a,b\n\"1,5\",2\n", "a=1,5|b=2\n");
	CASE("empty fields", "a,b,c\n,,\n1,,3\n", "a=|b=|c=\na=1|b=|c=3\n");
	CASE("quoted empty field", "a,b\n\"\",x\n", "a=|b=x\n");
	CASE("short row gets empty values", "a,b,c\n1\n", "a=1|b=|c=\n");
	CASE("blank lines skipped", "a,b\n\n1,2\n\r\n\n3,4\n",
	    "a=1|b=2\na=3|b=4\n");
	CASE("spaces are data", "a,b\n 1 , 2\n", "a= 1 |b= 2\n");
	CASE("lines of bare carriage returns are blank too",
	    "a,b\n1,2\n\r\r\n\r\n", "a=1|b=2\n");
	CASE("blank line inside quotes kept", "a,b\n1,\"x\n\ny\"\n",
	    "a=1|b=x\n\ny\n");
	CASE("header only", "a,b\n", "");
	CASE("an empty file is no CSV file: a CSV file has its header", "",
	    "0:0: empty: no records, not even a CSV header (did what wrote "
	    "it fail?)");
	CASE("UTF-8 text", "name,v\n웹서버-01,1\n", "name=웹서버-01|v=1\n");
	CASE("API names become canonical", "InstanceId,PaymentStatus\ni-1,Paid\n",
	    "instance_id=i-1|status=Paid\n");
	CASE("Memory in MiB becomes memory_gib", "InstanceId,Memory\ni-1,1536\n",
	    "instance_id=i-1|memory_gib=1.5\n");
	CASE("several InstanceIDs split into rows",
	    "OrderId,InstanceIDs,PretaxAmount,Currency\n"
	    "7,\"[\"\"i-a\"\",\"\"i-b\"\",\"\"i-c\"\"]\",900.01,USD\n",
	    "order_id=7|instance_id=i-a|paid_amount=300.01|currency=USD\n"
	    "order_id=7|instance_id=i-b|paid_amount=300.00|currency=USD\n"
	    "order_id=7|instance_id=i-c|paid_amount=300.00|currency=USD\n");
	CASE("KRW split keeps whole won", "order_id,instance_id,paid_amount,"
	    "currency\n8,i-a;i-b,1001,KRW\n",
	    "order_id=8|instance_id=i-a|paid_amount=501|currency=KRW\n"
	    "order_id=8|instance_id=i-b|paid_amount=500|currency=KRW\n");
	CASE("one id written as a list is tidied",
	    "order_id,instance_id\n9,\"[\"\"i-a\"\"]\"\n",
	    "order_id=9|instance_id=i-a\n");
	CASE("API times are written in full",
	    "InstanceId,CreationTime,paid_at\ni-1,2025-05-25T12:40Z,2025-05-25T12:40Z\n",
	    "instance_id=i-1|created_at=2025-05-25T12:40:00Z|paid_at=2025-05-25T12:40Z\n");
	CASE("unknown columns pass through", "zz_extra,a\nq,1\n",
	    "zz_extra=q|a=1\n");
}

static void
errors(void)
{
	CASE("too many fields", "a,b\n1,2,3\n",
	    "2:5: row has 3 fields, the header has 2: \"3\"");
	CASE("too many fields after a quoted newline", "a,b\n1,\"x\ny\",3\n",
	    "3:4: row has 3 fields, the header has 2: \"3\"");
	CASE("stray quote", "a,b\n1,x\"y\"\n",
	    "2:4: stray quote in an unquoted field: \"\\\"y\\\"\"");
	CASE("text after a closing quote", "a,b\n1,\"x\"y\n",
	    "2:6: text after a closing quote: \"y\"");
	CASE("unterminated quote at end of file", "a,b\n1,\"x\nmore\n",
	    "2:3: unterminated quoted field: \"\\\"x\"");
	CASE("unterminated quote without newline", "a,b\n1,\"x",
	    "2:3: unterminated quoted field: \"\\\"x\"");
	CASE("bare carriage return", "a,b\n1,2\r3,4\n",
	    "2:4: carriage return in an unquoted field: \"\\r3,4\"");
	CASE("bare carriage return in a quoted line, at the end of the file",
	    "a,b\n\"1\",x\ry",
	    "2:6: carriage return in an unquoted field: \"\\ry\"");
	CASE("carriage return starting the last line, without a line end",
	    "a,b\n1,2\n\r7,x",
	    "3:1: carriage return in an unquoted field: \"\\r7,x\"");
	CASE("bare carriage return in a quoted line",
	    "a,b\n\"1\",x\ry\n3,4\n",
	    "2:6: carriage return in an unquoted field: \"\\ry\"");
	CASE("NUL byte", "a,b\n1,x\0y\n",
	    "2:4: NUL byte in the input: \"\\x00y\"");
	CASE("duplicate column", "a,b,a\n1,2,3\n",
	    "1:5: duplicate column: \"a\"");
	CASE("alias duplicates a column", "status,PaymentStatus\n1,2\n",
	    "1:8: duplicate column (status): \"PaymentStatus\"");
	CASE("empty column name", "a,,c\n1,2,3\n",
	    "1:3: empty column name: \",c\"");
	CASE("Memory not a number", "InstanceId,Memory\ni-1,8G\n",
	    "2:5: Memory is not a number (MiB): \"8G\"");
	CASE("API time not a time", "OrderId,CreateTime\n1,yesterday\n",
	    "2:3: CreateTime is not a timestamp: \"yesterday\"");
	CASE("column counts characters", "name,v\n웹서버,1,2\n",
	    "2:7: row has 3 fields, the header has 2: \"2\"");
}

static void
dialects(void)
{
	static const char tsv[] = "a\tb\n1\t2,5\n";
	static const char semi[] = "a;b\n1;\"2;5\"\n";

	is_str(read_all(tsv, sizeof tsv - 1, FMT_AUTO, 0), "a=1|b=2,5\n",
	    "tab-separated detected");
	is_str(read_all(tsv, sizeof tsv - 1, FMT_TSV, 0), "a=1|b=2,5\n",
	    "-i tsv");
	is_str(read_all(semi, sizeof semi - 1, FMT_CSV, ';'), "a=1|b=2;5\n",
	    "-d ';'");
}

/* Lines that cross the reader's 1 MiB chunks, and one longer than that. */
static void
big(void)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	size_t i;
	char *got;

	buf_adds(&in, "id,text\n");
	for (i = 0; i < 60000; i++) {
		buf_addf(&in, "%zu,\"line %zu, quoted\"\n", i, i);
		buf_addf(&want, "id=%zu|text=line %zu, quoted\n", i, i);
	}
	buf_adds(&in, "long,");
	buf_adds(&want, "id=long|text=");
	for (i = 0; i < 300000; i++) {
		buf_adds(&in, "wxyz");
		buf_adds(&want, "wxyz");
	}
	buf_adds(&in, "\n");
	buf_adds(&want, "\n");
	got = read_all(in.p, in.len, FMT_AUTO, 0);
	ok(strcmp(got, buf_str(&want)) == 0,
	    "60000 quoted rows and a 1.2 MB field read back exactly");
	buf_free(&in);
	buf_free(&want);
}

/* What the writer may copy: quote-free rows of the full width. */
static void
canonical(void)
{
	static const char in[] = "a,b\n1,2\n\"3\",4\n5\n6,7\r\n";
	static const int want[] = { 1, 0, 0, 1 };
	char *path = scratch_file(in, sizeof in - 1);
	struct reader *rd;
	struct diag d;
	struct rec *r;
	size_t i = 0;

	if ((rd = rd_open(path, FMT_AUTO, 0, &d)) == NULL)
		return;
	while (i < 4 && rd_next(rd, &r, &d) > 0) {
		is_int(r->canonical, want[i], "row %zu canonical: %d", i + 1,
		    want[i]);
		i++;
	}
	is_int(r->rawlen, 5, "raw bytes of the CRLF row include its line end");
	rd_close(rd);
	unlink(path);
}

int
main(void)
{
	cases();
	errors();
	dialects();
	big();
	canonical();
	return done();
}
