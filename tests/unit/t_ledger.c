/* The ledger's edits (SPEC 4): exactly the changed bytes change. */
#include <fcntl.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ledger/journal.h"
#include "ledger/journal_priv.h"	/* journal_lines, tested alone */
#include "ledger/ledger.h"
#include "ledger/ledger_priv.h"	/* readback_check, tested alone */
#include "records/out.h"
#include "select/idset.h"
#include "tap.h"

struct edit {
	const char	*order_id, *field, *value;
};

struct edit_arg {
	struct ledger		*l;
	const struct edit	*c;
	size_t			 n;
	struct diag		*d;
};

static int
keep_matching(void *arg, size_t recno, struct rec *r)
{
	struct edit_arg *a = arg;
	const char *id = rec_get(r, "order_id", NULL);
	size_t i;

	for (i = 0; i < a->n; i++)
		if (id && strcmp(id, a->c[i].order_id) == 0) {
			if (ledger_keep(a->l, recno, r, a->d) < 0)
				return -1;
			ledger_set(a->l, recno, a->c[i].field, a->c[i].value);
		}
	return 0;
}

/* What each commit here journals, as a command must journal something:
 * the edits, not the journal, are what is tested. */
static const struct change journaled = { "2", "", "Unpaid", "Cancelled",
	"", "", "", "" };

/* A scratch ledger removed, with the files made beside it. */
static void
scrap(const char *path)
{
	static const char *const beside[] = { "", ".lock", ".journal" };
	char p[4096];
	size_t i;

	for (i = 0; i < sizeof beside / sizeof beside[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, beside[i]);
		unlink(p);
	}
}

/* Whether edit's scan says which rows it wants (ledger_want), so that a
 * CSV file is read in a stream. */
static int streamed;

/* Change a file holding in; append a record of appended "k=v|k=v" when
 * given; return the file's new bytes, or the error. */
static char *
edit(const char *in, const struct edit *c, size_t n, const char *appended)
{
	static struct buf out;
	char *path = scratch_file(in, strlen(in));
	struct ledger *l;
	struct diag d;
	struct edit_arg a = { NULL, c, n, &d };
	struct idset ids;
	char chunk[4096];
	ssize_t k;
	int fd, rc;

	buf_reset(&out);
	memset(&ids, 0, sizeof ids);
	rc = ledger_open(&l, path, LEDGER_WRITE, 0, &d);
	a.l = l;
	if (streamed) {		/* the scan told which rows it wants */
		for (k = 0; (size_t)k < n; k++)
			idset_add(&ids, c[k].order_id, strlen(c[k].order_id));
		ledger_want(l, &ids, NULL);
	}
	if (rc != 0 || ledger_scan(l, FMT_AUTO, 0, keep_matching, &a, &d) < 0)
		goto fail;
	if (appended) {
		struct rec r;
		char spec[512], *p, *f, *save = NULL;

		rec_init(&r);
		snprintf(spec, sizeof spec, "%s", appended);
		for (p = spec; (f = strtok_r(p, "|", &save)); p = NULL) {
			char *eq = strchr(f, '=');

			*eq = '\0';
			rec_add(&r, f, eq + 1, strlen(eq + 1));
		}
		ledger_append(l, &r);
		rec_free(&r);
	}
	if (ledger_commit(l, &journaled, 1, "test", 0, &d) < 0)
		goto fail;
	ledger_close(l);
	fd = open(path, O_RDONLY);
	while ((k = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&out, chunk, (size_t)k);
	close(fd);
	goto done;
fail:
	buf_addf(&out, "error: %s", d.msg);
	ledger_close(l);
done:
	idset_free(&ids);
	scrap(path);
	return (char *)buf_str(&out);
}

static const struct edit cancel2 = { "2", "status", "Cancelled" };

struct edit_case {
	const char		*in;
	const struct edit	*c;
	size_t			 n;
	const char		*appended, *want, *name;
};

static const struct edit refund[] = {
	{ "2", "status", "Refunded" },
	{ "2", "refund_amount", "1,5" },
};

static const struct edit_case csv_cases[] = {
	{ "order_id,status\n1,Paid\n2,Unpaid\n3,Paid\n",
	    &cancel2, 1, NULL,
	    "order_id,status\n1,Paid\n2,Cancelled\n3,Paid\n",
	    "csv: one row changes, the others are as they were" },
	{ "\xEF\xBB\xBForder_id,status\r\n\"1\",  Paid \r\n2,Unpaid\r\n"
	    "3,\"multi\r\nline\"\r\n",
	    &cancel2, 1, NULL,
	    "\xEF\xBB\xBForder_id,status\r\n\"1\",  Paid \r\n2,Cancelled\r\n"
	    "3,\"multi\r\nline\"\r\n",
	    "csv: BOM, CRLF, needless quotes and spaces of other rows kept" },
	{ "order_id,status\n1,Paid\n2,Unpaid",
	    &cancel2, 1, NULL,
	    "order_id,status\n1,Paid\n2,Cancelled",
	    "csv: a last row without a newline stays without one" },
	{ "order_id,status\n2,Unpaid\n",
	    refund, 2, NULL,
	    "order_id,status,refund_amount\n2,Refunded,\"1,5\"\n",
	    "csv: a missing column is added to the header; values quoted" },
	{ "order_id,status,note\n1,Paid\n2,Unpaid\n",
	    &cancel2, 1, NULL,
	    "order_id,status,note\n1,Paid\n2,Cancelled,\n",
	    "csv: a short row stays short unless it changes" },
	{ "order_id,status\n1,Paid",
	    NULL, 0, "order_id=R1|status=Refunded|paid_amount=-5.00",
	    "order_id,status,paid_amount\n1,Paid,\nR1,Refunded,-5.00\n",
	    "csv: an appended row after a last line without a newline, "
	    "which gets the added column too" },
	{ "\xEF\xBB\xBForder_id,status\r\n1,\"a\r\nb\"\r\n\r\n2,Unpaid\r\n"
	    "3\r\n4,x",
	    refund, 2, NULL,
	    "\xEF\xBB\xBForder_id,status,refund_amount\r\n1,\"a\r\nb\",\r\n"
	    "\r\n2,Refunded,\"1,5\"\r\n3,,\r\n4,x,",
	    "csv: an added column is in every row: after a quoted line end, "
	    "in CR LF, past a blank line, a short row, a last line without "
	    "a line end" },
	{ "order_id,status\r\n1,Paid\r",
	    NULL, 0, "order_id=R1|status=Refunded",
	    "order_id,status\r\n1,Paid\r\nR1,Refunded\r\n",
	    "csv: a lone CR ending the file is its last line end" },
	{ "order_id,status\r\n2,Unpaid\r",
	    &cancel2, 1, "order_id=R1|status=Refunded",
	    "order_id,status\r\n2,Cancelled\r\nR1,Refunded\r\n",
	    "csv: also when that last row changes" },
	{ "order_id,status,Memory,CreateTime\n"
	    "2,Unpaid,2048,2025-01-01T09:00+09:00\n",
	    &cancel2, 1, NULL,
	    "order_id,status,Memory,CreateTime\n"
	    "2,Cancelled,2048,2025-01-01T09:00+09:00\n",
	    "csv: columns under API names keep their values as written" },
	{ "order_id\tstatus\r\n2\tUnpaid\r\n",
	    &cancel2, 1, "order_id=R\t1|status=x",
	    "order_id\tstatus\r\n2\tCancelled\r\n"
	    "\"R\t1\"\tx\r\n",
	    "tsv: the file's delimiter and line end are used" },
};

static const char yaml_in[] =
    "# ledger\n"
    "orders:\n"
    "  # first\n"
    "  - order_id: '1'\n"
    "    status: \"Paid\"   # paid in May\n"
    "  - order_id: '2'\n"
    "    status: Unpaid\n"
    "    note: |\n"
    "      two lines\n"
    "      here\n"
    "  - {order_id: '3', status: Unpaid}\n"
    "# end\n";

static const struct edit yaml_changes[] = {
	{ "2", "status", "Cancelled" },
	{ "2", "refund_rule", "not-started" },
	{ "3", "status", "Cancelled" },
	{ "3", "refunded_at", "2025-06-15T00:00:00Z" },
	{ "1", "status", "Refunded" },
};

static const struct edit empty[] = { { "1", "refund_rule", "x" } };

static const struct edit fill[] = {
	{ "2", "status", "Cancelled" },
	{ "2", "note", "x" },
};

static const struct edit_case yaml_cases[] = {
	{ "- &a\n order_id: '2'\n note: x\n",
	    &cancel2, 1, NULL,
	    "- &a\n order_id: '2'\n note: x\n status: Cancelled\n",
	    "yaml: new fields line up with the keys, not with an anchor above" },
	{ "- e:\n    a: 0\n  order_id: '2'\n",
	    &cancel2, 1, NULL,
	    "- e:\n    a: 0\n  order_id: '2'\n  status: Cancelled\n",
	    "yaml: ... and not with a nested key that comes first" },
	{ "- ?   order_id\n  : '2'\n",
	    &cancel2, 1, NULL,
	    "- ?   order_id\n  : '2'\n  status: Cancelled\n",
	    "yaml: ... nor with an explicit key, but with its \"?\"" },
	{ "- ?\n    order_id\n  : '2'\n",
	    &cancel2, 1, NULL,
	    "- ?\n    order_id\n  : '2'\n  status: Cancelled\n",
	    "yaml: ... also when the key is on a line below its \"?\"" },
	{ "x:\n  - ?   # the key:\n    # is below\n      order_id\n"
	    "    : '2'\n",
	    &cancel2, 1, NULL,
	    "x:\n  - ?   # the key:\n    # is below\n      order_id\n"
	    "    : '2'\n    status: Cancelled\n",
	    "yaml: ... past comments" },
	{ "- # why?\n  order_id: '2'\n",
	    &cancel2, 1, NULL,
	    "- # why?\n  order_id: '2'\n  status: Cancelled\n",
	    "yaml: ... but a \"?\" ending a comment is not one" },
	{ "x:\n\xEF\xBB\xBF - order_id: '2'\n    ? note\n"
	    "\xEF\xBB\xBF - order_id: '3'\n",
	    &cancel2, 1, NULL,
	    "x:\n\xEF\xBB\xBF - order_id: '2'\n    ? note\n"
	    "    status: Cancelled\n\xEF\xBB\xBF - order_id: '3'\n",
	    "yaml: ... and before the next record when its line starts with a "
	    "BOM" },
	{ "x:\n  - order_id: '2'\n    ? note\n  - order_id: '3'\n",
	    &cancel2, 1, NULL,
	    "x:\n  - order_id: '2'\n    ? note\n    status: Cancelled\n"
	    "  - order_id: '3'\n",
	    "yaml: a new field goes after a last key with no value" },
	{ "x:\n  - order_id: '2'\n    ? status # c\n  - order_id: '3'\n",
	    &cancel2, 1, NULL,
	    "x:\n  - order_id: '2'\n    ? status # c\n    : Cancelled\n"
	    "  - order_id: '3'\n",
	    "yaml: a value for \"? key\" alone goes on a line below it" },
	{ "- {order_id: '2', status # c\n }\n",
	    &cancel2, 1, NULL,
	    "- {order_id: '2', status: Cancelled # c\n }\n",
	    "yaml: ... and for \"{key}\" right after the key" },
	{ "- order_id: '2'\n  status: # was:\n    Unpaid\n",
	    &cancel2, 1, NULL,
	    "- order_id: '2'\n  status: # was:\n    Cancelled\n",
	    "yaml: a \":\" ending a comment is not the key's" },
	{ "x:\n  - order_id: '2'\n    ? status # was:\n  - order_id: '3'\n",
	    &cancel2, 1, NULL,
	    "x:\n  - order_id: '2'\n    ? status # was:\n    : Cancelled\n"
	    "  - order_id: '3'\n",
	    "yaml: ... nor for a \"? key\" with no value" },
	{ "--- {order_id: '1'}\n--- {order_id: '2'}\n",
	    &cancel2, 1, "order_id=R1",
	    "error: records are added only after a record of a block list "
	    "(\"- key: value\" lines)",
	    "yaml: the \"-\" of \"---\" is not a list item's" },
	{ "- order_id: '2'\n  Tags:\n  -\n- order_id: '3'\n",
	    &cancel2, 1, NULL,
	    "- order_id: '2'\n  Tags:\n  -\n  status: Cancelled\n"
	    "- order_id: '3'\n",
	    "yaml: a new field goes after tags ending in an empty item" },
	{ "- order_id: '2'\n  status:\n  - Unpaid\n",
	    &cancel2, 1, NULL,
	    "error: status holds a list here: a list is not changed in place",
	    "yaml: a field that holds a list is refused, not doubled" },
	{ "- order_id: '2'\n  note: x",
	    refund, 2, "order_id=R1",
	    "- order_id: '2'\n  note: x\n  status: Refunded\n"
	    "  refund_amount: '1,5'\n- order_id: R1\n",
	    "yaml: one line end for a last line without one, not one a field" },
	{ yaml_in,
	    yaml_changes, 5, "order_id=R1|status=Refunded|paid_amount=-5.00",
	    "# ledger\n"
	    "orders:\n"
	    "  # first\n"
	    "  - order_id: '1'\n"
	    "    status: Refunded   # paid in May\n"
	    "  - order_id: '2'\n"
	    "    status: Cancelled\n"
	    "    note: |\n"
	    "      two lines\n"
	    "      here\n"
	    "    refund_rule: not-started\n"
	    "  - {order_id: '3', status: Cancelled, refunded_at: "
	    "'2025-06-15T00:00:00Z'}\n"
	    "  - order_id: R1\n"
	    "    status: Refunded\n"
	    "    paid_amount: '-5.00'\n"
	    "# end\n",
	    "yaml: values replaced, fields inserted in each record's style, "
	    "comments kept" },
	{ "- order_id: '1'\n  refund_rule:\n  status: Paid\n",
	    empty, 1, NULL,
	    "- order_id: '1'\n  refund_rule: x\n  status: Paid\n",
	    "yaml: an empty value is filled in place" },
	{ " order_id: '2'\n note: a\n",
	    &cancel2, 1, NULL,
	    " order_id: '2'\n note: a\n status: Cancelled\n",
	    "yaml: a document that is one record: new fields as indented" },
	{ "# one\n{order_id: '2'}\n",
	    &cancel2, 1, NULL,
	    "# one\n{order_id: '2', status: Cancelled}\n",
	    "yaml: a document that is one {flow} record: a pair in it" },
	{ "- order_id: '2'\n  status:\n  |\n    Unpaid\n  note: a\n",
	    &cancel2, 1, NULL,
	    "- order_id: '2'\n  status: Cancelled\n  note: a\n",
	    "yaml: a \"|\" value as deep as its key: the new one after the "
	    "\":\"" },
	{ "- order_id: '2'\n  status:\n    Unpaid\n",
	    &cancel2, 1, NULL,
	    "- order_id: '2'\n  status: Cancelled\n",
	    "yaml: a value on the next line: the new one after the \":\"" },
	{ "- {order_id: '2', note\r\n }\n",
	    fill, 2, NULL,
	    "- { status: Cancelled, order_id: '2', note: x\r\n }\n",
	    "yaml: a {flow} key without a value, its \"}\" on the next line" },
	{ "orders:\n\xEF\xBB\xBF- order_id: '1'\n",
	    NULL, 0, "order_id=R1",
	    "orders:\n\xEF\xBB\xBF- order_id: '1'\n - order_id: R1\n",
	    "yaml: a BOM within the file is a column, as libyaml counts it" },
	{ "- {order_id: '2', note}\n",
	    fill, 2, NULL,
	    "- {order_id: '2', note: x, status: Cancelled}\n",
	    "yaml: an empty value filled before a new pair at the same place" },
	{ "- order_id: '2'\n  note:",
	    fill, 2, NULL,
	    "- order_id: '2'\n  note: x\n  status: Cancelled\n",
	    "yaml: also when \"key:\" ends the file" },
	{ "- {order_id: '1', refund_rule}\n",
	    empty, 1, NULL,
	    "- {order_id: '1', refund_rule: x}\n",
	    "yaml: a {flow} key without a value gets its \":\" too" },
	{ "- {order_id: '1',\n}\n",
	    NULL, 0, "order_id=R1",
	    "- {order_id: '1',\n}\n- order_id: R1\n",
	    "yaml: a record goes after a {flow} record whose \"}\" starts a "
	    "line" },
	{ "\xEF\xBB\xBF- order_id: '1'\n  status: Paid\n",
	    empty, 1, "order_id=R1",
	    "\xEF\xBB\xBF- order_id: '1'\n  status: Paid\n"
	    "  refund_rule: x\n- order_id: R1\n",
	    "yaml: a BOM takes no column: fields and records indented right" },
	{ "- order_id: '1'\n  multi: |\n    text\n",
	    empty, 1, NULL,
	    "- order_id: '1'\n  multi: |\n    text\n  refund_rule: x\n",
	    "yaml: a field goes after a block scalar, not into it" },
	{ "- order_id: '1'\n  multi: |\n    text",
	    empty, 1, NULL,
	    "error: the file ends in a \"|\" or \">\" value without a line "
	    "end, which a line written after it would change: end the file "
	    "with a line end first",
	    "yaml: no line end added under a block scalar at the file's end" },
	{ "- order_id: '2'\n  multi: >+\n    text",
	    NULL, 0, "order_id=R1",
	    "error: the file ends in a \"|\" or \">\" value "
	    "without a line end, which a line written after it would change: "
	    "end the file with a line end first",
	    "yaml: nor a record appended after one" },
	{ "- order_id: '1'\n  note: |\n    a\r- order_id: '2'\n",
	    &cancel2, 1, NULL,
	    "error: a line end other than LF or CR LF (a "
	    "lone CR, NEL, U+2028 or U+2029): the file is not changed in place",
	    "yaml: a lone CR, a line end to YAML, is refused" },
	{ "- order_id: '2'\r\n  status: Paid\r\n",
	    &cancel2, 1, NULL,
	    "- order_id: '2'\r\n  status: Cancelled\r\n",
	    "yaml: CR LF line ends are kept" },
	{ "- {order_id: '2',}\n",
	    &cancel2, 1, NULL,
	    "- {order_id: '2', status: Cancelled}\n",
	    "yaml: a {flow} mapping's trailing comma is used, not doubled" },
	{ "- {order_id: '2', # c\n  }\n",
	    &cancel2, 1, NULL,
	    "- { status: Cancelled, order_id: '2', # c\n  }\n",
	    "yaml: a new pair goes after the \"{\" when the \"}\" starts a "
	    "line" },
	{ "- order_id: '1'\n  multi: x",
	    empty, 1, NULL,
	    "- order_id: '1'\n  multi: x\n  refund_rule: x\n",
	    "yaml: a plain value at the file's end takes a line end" },
	{ "- order_id: '2'\n  status: Paid\n  multi: |\n    text",
	    &cancel2, 1, NULL,
	    "- order_id: '2'\n  status: Cancelled\n  multi: |\n    text",
	    "yaml: its other values are still replaced in place" },
	{ "\xEF\xBB\xBF- order_id: '1'\n  status: 한글\n"
	    "- order_id: '2'\n  status: Unpaid",
	    &cancel2, 1, NULL,
	    "\xEF\xBB\xBF- order_id: '1'\n  status: 한글\n"
	    "- order_id: '2'\n  status: Cancelled",
	    "yaml: positions are right after a BOM and wide characters" },
	{ "orders: [{order_id: '1'}]\n",
	    NULL, 0, "order_id=R1",
	    "error: records are added only after a record of a block list "
	    "(\"- key: value\" lines)",
	    "yaml: no appending to a [flow] list" },
};

static void
edit_cases(const struct edit_case *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		is_str(edit(t[i].in, t[i].c, t[i].n, t[i].appended), t[i].want,
		    "%s%s", streamed ? "read in a stream, " : "", t[i].name);
}

/* Refusals, told by a part of their message. */
static void
refusals(void)
{
	ok(strstr(edit("- order_id: '2'\n  note: 'a\xE2\x80\xA8" "b'\n",
	    &cancel2, 1, NULL), "a line end other than LF or CR LF") != NULL,
	    "yaml: a U+2028 written out is refused too");
	ok(strstr(edit("- order_id: '2'\n  note: '\xED\x95\x9C a long value "
	    "past the first bytes, then a NEL: \xC2\x85" "b'\n", &cancel2, 1,
	    NULL), "a line end other than LF or CR LF") != NULL,
	    "yaml: a NEL written out after other UTF-8 is refused");
	ok(strstr(edit("- order_id: '2'\n  note: 'a\xE2\x80\xA9'\n  n2: "
	    "'\xE2\x80\xA6 \xC2\xA0'\n", &cancel2, 1, NULL),
	    "a line end other than LF or CR LF") != NULL,
	    "yaml: a U+2029 too, and not U+2026 nor a no-break space");
	is_str(edit("- order_id: '2'\n  status: Unpaid\n  n2: '\xE2\x80\xA6 "
	    "\xC2\xA0'\n", &cancel2, 1, NULL), "- order_id: '2'\n  status: "
	    "Cancelled\n  n2: '\xE2\x80\xA6 \xC2\xA0'\n",
	    "yaml: U+2026 and a no-break space are no line ends");
	ok(strstr(edit("[{\"order_id\": \"2\", \"status\": \"Unpaid\"}]\n",
	    &cancel2, 1, NULL), "a JSON file is not changed in place") != NULL,
	    "json ledgers are refused, not half-edited");
	ok(strstr(edit("- order_id: '2'\n  instance_id: i-a;i-b\n", &cancel2, 1,
	    NULL), "lists several instances") != NULL,
	    "a record listing several instances is refused");
}

static void
keeps_mode(void)
{
	char *path = scratch_file("order_id,status\n2,Unpaid\n", 25);
	struct ledger *l;
	struct diag d;
	struct edit_arg a = { NULL, &cancel2, 1, &d };
	struct stat st;
	int rc;

	chmod(path, 0640);
	rc = ledger_open(&l, path, LEDGER_WRITE, 0, &d);
	a.l = l;
	ok(rc == 0 && ledger_scan(l, FMT_AUTO, 0, keep_matching, &a, &d) == 0 &&
	    ledger_commit(l, &journaled, 1, "test", 0, &d) == 0, "commit");
	ledger_close(l);
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "the mode is kept (0640)");
	scrap(path);
}

/* What readback_check says of text as the new file of a YAML ledger
 * whose order 2 is cancelled and to which order R1 is appended. */
static const char *
read_back(const char *text)
{
	static const char in[] = "- order_id: '1'\n  status: Paid\n"
	    "- order_id: '2'\n  status: Unpaid\n";
	static char said[1100];
	char *path = scratch_file(in, strlen(in));
	struct ledger *l;
	struct diag d;
	struct edit_arg a = { NULL, &cancel2, 1, &d };
	struct rec r;
	int rc;

	snprintf(said, sizeof said, "cannot set up");
	rc = ledger_open(&l, path, LEDGER_WRITE, 0, &d);
	a.l = l;
	if (rc == 0 && ledger_scan(l, FMT_AUTO, 0, keep_matching, &a,
	    &d) == 0) {
		rec_init(&r);
		rec_add(&r, "order_id", "R1", 2);
		ledger_append(l, &r);
		rec_free(&r);
		if (readback_check(l, text, strlen(text), &d) == 0)
			snprintf(said, sizeof said, "ok");
		else
			snprintf(said, sizeof said, "%s", d.msg);
	}
	ledger_close(l);
	scrap(path);
	return said;
}

static void
reads_back(void)
{
	static const char bug[] = "of the changed file does not read back "
	    "as intended: nothing changed (this is a bug; please report it "
	    "with the file)";
	char want[512];

	is_str(read_back("- order_id: '1'\n  status: Paid\n"
	    "- {status: Cancelled, order_id: '2'}\n- order_id: R1\n"), "ok",
	    "read back: the records with the changes, in any style, pass");
	snprintf(want, sizeof want, "record 2 %s", bug);
	is_str(read_back("- order_id: '1'\n  status: Paid\n"
	    "- order_id: '2'\n  status: Unpaid\n- order_id: R1\n"), want,
	    "read back: a change not made is caught");
	is_str(read_back("- order_id: '1'\n  status: Paid\n"
	    "- order_id: '2'\n  status: Cancelled\n  note: x\n"
	    "- order_id: R1\n"), want,
	    "read back: a field not asked for is caught");
	snprintf(want, sizeof want, "record 1 %s", bug);
	is_str(read_back("- order_id: '1'\n  status: Pai\n"
	    "- order_id: '2'\n  status: Cancelled\n- order_id: R1\n"), want,
	    "read back: another record changed is caught");
	snprintf(want, sizeof want, "record 3 %s", bug);
	is_str(read_back("- order_id: '1'\n  status: Paid\n"
	    "- order_id: '2'\n  status: Cancelled\n"), want,
	    "read back: an appended record missing is caught");
	snprintf(want, sizeof want, "record 4 %s", bug);
	is_str(read_back("- order_id: '1'\n  status: Paid\n"
	    "- order_id: '2'\n  status: Cancelled\n- order_id: R1\n"
	    "- order_id: R2\n"), want,
	    "read back: a record too many is caught");
	snprintf(want, sizeof want, "record 2 %s", bug);
	is_str(read_back("- order_id: '1'\n  status: Paid\n"
	    "- {order_id: '2', status: Cancelled\n"), want,
	    "read back: a file that no longer parses is caught");
}

/* Whether the spliced records alone tell that the new file of a YAML
 * ledger holding in, with order id cancelled, is as intended, once the
 * bytes put are written at byte at of it (put NULL: none); the scan told
 * that it wants that order when want is set, so that it keeps the places
 * of the records around it alone. */
static int
spliced_want(const char *in, const char *id, const char *put, off_t at,
    int want)
{
	char *path = scratch_file(in, strlen(in));
	struct edit c = { id, "status", "Cancelled" };
	struct ledger *l;
	struct diag d;
	struct edit_arg a = { NULL, &c, 1, &d };
	struct splices ss = { NULL, 0, 0 };
	struct idset ids;
	struct out o;
	int rc = -1;

	memset(&ids, 0, sizeof ids);
	if (ledger_open(&l, path, LEDGER_WRITE, 0, &d) == 0) {
		a.l = l;
		if (want) {
			idset_add(&ids, id, strlen(id));
			ledger_want(l, &ids, NULL);
		}
		if (ledger_scan(l, FMT_AUTO, 0, keep_matching, &a, &d) == 0 &&
		    replace_temp(&l->rp, &d) == 0 &&
		    yamledit_prepare(l, &ss, &d) == 0) {
			out_init(&o, l->rp.tmpfd);
			yamledit_write(l, &o, &ss);
			if (out_close(&o) == 0 && (put == NULL ||
			    pwrite(l->rp.tmpfd, put, strlen(put), at) ==
			    (ssize_t)strlen(put)))
				rc = readback_spliced(l);
		} else
			yamledit_free(&ss);
	}
	ledger_close(l);
	idset_free(&ids);
	scrap(path);
	return rc;
}

static int
spliced(const char *in, const char *id, const char *put, off_t at)
{
	return spliced_want(in, id, put, at, 0);
}

/* A ledger of many more records than a YAML scan holds (HOLD_RING), the
 * one asked for in the middle: the places of the records around it,
 * which alone the scan keeps, tell. */
static void
reads_back_spliced_kept(void)
{
	struct buf in = BUF_INIT;
	off_t guard;
	int i;

	buf_adds(&in, "orders:\n");
	for (i = 0; i < 3000; i++)
		buf_addf(&in, "  - order_id: '%d'\n    status: %s\n", i,
		    i == 1500 ? "Unpaid" : "Paid");
	guard = (off_t)(strstr(in.p, "'1501'") - in.p) + 19 + 3;
	is_int(spliced_want(buf_str(&in), "1500", NULL, 0, 1), 1,
	    "read back: of many records, the places kept of those around "
	    "the one asked for tell");
	is_int(spliced_want(buf_str(&in), "1500", "Pbid", guard, 1), 0,
	    "read back: ... and a byte changed in the guard record is caught");
	is_int(spliced_want(buf_str(&in), "2999", NULL, 0, 1), 1,
	    "read back: ... the last record asked for, to the end, alone "
	    "tells");
	buf_free(&in);
}

static void
reads_back_spliced(void)
{
	static const char in[] = "orders:\n  # head\n"
	    "  - order_id: '1'\n    status: Paid\n"
	    "  - order_id: '2'\n    status: Unpaid\n  # between\n"
	    "  - order_id: '3'\n    status: Paid\n"
	    "  - order_id: '4'\n    status: Paid\n";
	off_t one = (off_t)(strstr(in, "Paid") - in);
	off_t four = (off_t)(strrchr(in, 'P') - in) + 2;
	off_t two = (off_t)(strstr(in, "Unpaid") - in);

	ok(spliced(in, "2", NULL, 0) == 1,
	    "read back: the spliced records alone tell");
	ok(spliced(in, "4", NULL, 0) == 1,
	    "read back: the last record's splice, to the end, alone tells");
	ok(spliced(in, "2", "Pbid", one) == 0,
	    "read back: a byte changed before the splices is caught");
	ok(spliced(in, "2", "Pbid", four + 3) == 0,
	    "read back: a byte changed after the guard record is caught");
	ok(spliced(in, "2", "Cancelleb", two) == 0,
	    "read back: a spliced record not as intended is caught");
	ok(spliced(in, "2", "|        ", two) == 0,
	    "read back: a splice that reads as something else is caught");
	ok(spliced(in, "2", "\n", (off_t)strlen(in) + 3) == 0,
	    "read back: a new file longer than the splices make is caught");
	ok(spliced("- order_id: '1'\n  status: Paid\n---\n"
	    "- order_id: '2'\n  status: Unpaid\n", "2", NULL, 0) == 0,
	    "read back: two documents are read back whole");
	is_int(spliced("orders: [{order_id: '1'}, {order_id: '2', status: Unpaid}]\n",
	    "2", NULL, 0), 0,
	    "read back: a [flow] list is read back whole");
}

/* The order IDs a rescan gives, one after the other. */
static int
seen_ids(void *arg, size_t recno, struct rec *r)
{
	struct buf *b = arg;
	const char *id = rec_get(r, "order_id", NULL);

	(void)recno;
	buf_addf(b, "%s%s", b->len > 0 ? " " : "", id ? id : "?");
	return 0;
}

/* The records a rescan gives, as ID@RECNO:LINE. */
static int
seen_where(void *arg, size_t recno, struct rec *r)
{
	struct buf *b = arg;
	const char *id = rec_get(r, "order_id", NULL);

	buf_addf(b, "%s%s@%zu:%ld", b->len > 0 ? " " : "", id ? id : "?",
	    recno, r->line);
	return 0;
}

/* A rescan's fn that fails at its second record. */
static int
fail_second(void *arg, size_t recno, struct rec *r)
{
	int *calls = arg;

	(void)recno;
	(void)r;
	return ++*calls == 2 ? -1 : 0;
}

/* A scan's fn marking order 201 for the rescan. */
static int
mark_201(void *arg, size_t recno, struct rec *r)
{
	const char *id = rec_get(r, "order_id", NULL);

	(void)arg;
	(void)recno;
	return id != NULL && strcmp(id, "201") == 0;
}

/* The ledger at path scanned in blocks of 64 bytes, the filters of the
 * last four kept when a few IDs are wanted. */
static int
small_blocks(struct ledger **l, const char *path, struct idset *want,
    int (*fn)(void *, size_t, struct rec *), struct diag *d)
{
	if (ledger_open(l, path, LEDGER_WRITE, 0, d) != 0)
		return -1;
	(*l)->block_bytes = 64;
	(*l)->ring_blocks = 4;
	ledger_want(*l, want, NULL);
	return ledger_scan(*l, FMT_AUTO, 0, fn, NULL, d);
}

/*
 * A CSV ledger streamed in blocks of 64 bytes, wanting one order: only
 * the last four blocks keep their filters, and a rescan finds the rows
 * of an instance in the older ones by the text of its ID, exactly (not
 * a row whose other field holds it, nor a longer ID).
 */
static void
rescan_ring(void)
{
	struct buf in = BUF_INIT, seen = BUF_INIT;
	struct idset want, insts, many;
	struct ledger *l;
	struct diag d;
	char *path, id[32];
	int i, rc;

	buf_addf(&in, "order_id,instance_id,note\n1,i-early,\n"
	    "2,i-early2,i-early\n");
	for (i = 3; i <= 200; i++)
		buf_addf(&in, "%d,i-other-%d,\n", i, i);
	buf_addf(&in, "201,i-early,\n");
	path = scratch_file(in.p, in.len);
	memset(&want, 0, sizeof want);
	memset(&insts, 0, sizeof insts);
	memset(&many, 0, sizeof many);
	idset_add(&want, "201", 3);
	idset_add(&insts, "i-early", 7);
	for (i = 0; i <= FEW_IDS; i++) {
		snprintf(id, sizeof id, "%d", 300 + i);
		idset_add(&many, id, strlen(id));
	}
	rc = small_blocks(&l, path, &want, mark_201, &d);
	ok(rc == 0 && l->nblocks > 8 && csvlook_bloom(l, 0) == NULL &&
	    csvlook_bloom(l, l->nblocks - 4) != NULL,
	    "a few IDs wanted: only the last blocks keep their filters");
	if (rc == 0)
		rc = ledger_rescan(l, &insts, seen_ids, &seen, &d);
	buf_addc(&seen, '\0');
	is_str(rc == 0 ? seen.p : d.msg, "1 201",
	    "the rescan finds an instance's row in a block without a filter");
	ledger_close(l);
	rc = small_blocks(&l, path, &many, NULL, &d);
	ok(rc == 0 && csvlook_bloom(l, 0) != NULL,
	    "more IDs wanted: every block keeps its filter");
	ledger_close(l);
	scrap(path);
	idset_free(&want);
	idset_free(&insts);
	idset_free(&many);
	buf_free(&in);
	buf_free(&seen);
}

/*
 * A CSV ledger streamed in blocks of 64 bytes, wanting more than
 * FEW_IDS IDs: the scan notes every row, and the rescan looks in the
 * blocks of simple rows only at those of the instances asked for,
 * reading the others as before (a blank line, a row over two lines);
 * either way each record keeps its number and line.  The blocks read
 * in a thread give the same; fn's error stops it there.
 */
static void
rescan_noted(void)
{
	struct buf in = BUF_INIT, seen = BUF_INIT;
	struct idset want, insts, none;
	struct ledger *l;
	struct diag d;
	char *path, id[32];
	size_t i, simple = 0, noted = 1;
	int rc, calls;

	buf_addf(&in, "order_id,instance_id,note\n1,i-early,\n2,i-b,\n\n"
	    "3,i-c,\"x\ny\"\n4,i-early,\"a, b\"\n");
	for (i = 5; i <= 200; i++)
		buf_addf(&in, "%zu,i-other-%zu,\n", i, i);
	buf_addf(&in, "201,i-early,\n");
	path = scratch_file(in.p, in.len);
	memset(&want, 0, sizeof want);
	memset(&insts, 0, sizeof insts);
	idset_add(&want, "201", 3);
	for (i = 0; i < FEW_IDS; i++) {
		snprintf(id, sizeof id, "%zu", 300 + i);
		idset_add(&want, id, strlen(id));
	}
	idset_add(&insts, "i-early", 7);
	rc = small_blocks(&l, path, &want, mark_201, &d);
	for (i = 0; rc == 0 && i < l->nblocks; i++)
		simple += l->blocks[i].simple != 0;
	ok(rc == 0 && l->nrows == 202 && !l->blocks[0].simple && simple > 8 &&
	    simple == l->nblocks - 1,
	    "many IDs wanted: every row noted (a blank line too), the "
	    "blocks of simple rows so");
	if (rc == 0)
		rc = ledger_rescan(l, &insts, seen_where, &seen, &d);
	buf_addc(&seen, '\0');
	is_str(rc == 0 ? seen.p : d.msg, "1@0:2 4@3:7 201@200:204",
	    "the rescan of noted rows numbers records and lines as the file");
	buf_reset(&seen);
	l->thread_bytes = 0;
	rc = ledger_rescan(l, &insts, seen_where, &seen, &d);
	buf_addc(&seen, '\0');
	is_str(rc == 0 ? seen.p : d.msg, "1@0:2 4@3:7 201@200:204",
	    "... and so does the rescan whose blocks a thread reads");
	calls = 0;
	rc = ledger_rescan(l, &insts, fail_second, &calls, &d);
	ok(rc < 0 && calls == 2,
	    "... which stops at fn's error, fn given nothing after it");
	ledger_close(l);
	memset(&none, 0, sizeof none);
	buf_reset(&seen);
	if (ledger_open(&l, path, LEDGER_WRITE, 0, &d) == 0) {
		l->block_bytes = 64;
		ledger_want(l, &want, NULL);
		ledger_rescan_marked(l);
		rc = ledger_scan(l, FMT_AUTO, 0, mark_201, NULL, &d);
		noted = l->nrows;
		if (rc == 0)
			rc = ledger_rescan(l, &none, seen_where, &seen, &d);
		ledger_close(l);
	}
	buf_addc(&seen, '\0');
	is_str(rc == 0 ? seen.p : d.msg, "201@200:204",
	    "a rescan of marks alone: the scan notes no row, the mark found");
	ok(noted == 0, "... no row noted");
	scrap(path);
	idset_free(&want);
	idset_free(&insts);
	buf_free(&in);
	buf_free(&seen);
}

/* A YAML scan wanting a few IDs notes the places of some records alone
 * (here the ring holds them all); wanting more, of every record, so
 * that a rescan can tell exactly that it holds all those of so many
 * instances, without reading the file again. */
static void
yaml_places(void)
{
	struct buf in = BUF_INIT;
	struct idset few, many;
	struct ledger *l;
	struct diag d;
	char id[32];
	size_t n[2] = { 0, 0 };
	int all[2] = { -1, -1 }, i, k;

	for (i = 0; i < 40; i++)
		buf_addf(&in, "- order_id: '%d'\n  instance_id: i-%d\n", i, i);
	memset(&few, 0, sizeof few);
	memset(&many, 0, sizeof many);
	idset_add(&few, "3", 1);
	for (i = 0; i <= FEW_IDS; i++) {
		snprintf(id, sizeof id, "%d", i);
		idset_add(&many, id, strlen(id));
	}
	for (k = 0; k < 2; k++) {
		char *path = scratch_file(in.p, in.len);

		if (ledger_open(&l, path, LEDGER_WRITE, 0, &d) == 0) {
			ledger_want(l, k == 0 ? &few : &many, NULL);
			if (ledger_scan(l, FMT_AUTO, 0, NULL, NULL, &d) == 0) {
				n[k] = l->nplace;
				all[k] = l->all_places;
			}
		}
		ledger_close(l);
		scrap(path);
	}
	is_int(all[0], 0, "yaml, a few IDs wanted: the places of some records");
	ok(all[1] == 1 && n[1] == 40,
	    "yaml, more IDs wanted: the place of every record");
	idset_free(&few);
	idset_free(&many);
	buf_free(&in);
}

/* The values of field name cut out of b's JSON lines. */
static void
cut_values(struct buf *b, const char *name)
{
	char key[64], *t = b->p, *q;

	snprintf(key, sizeof key, "\"%s\":\"", name);
	while ((t = strstr(t, key)) != NULL) {
		t += strlen(key);
		if ((q = strchr(t, '"')) == NULL)
			break;
		memmove(t, q, (size_t)(b->p + b->len + 1 - q));
		b->len -= (size_t)(q - t);
	}
}

/* The journal of path, read whole, the values of each line's "time"
 * and "run" cut out: the same intent made by another run at another
 * second is the same line. */
static void
journal_text(const char *path, struct buf *b)
{
	char p[4096], chunk[4096];
	ssize_t k;
	int fd;

	buf_reset(b);
	snprintf(p, sizeof p, "%s.journal", path);
	if ((fd = open(p, O_RDONLY)) >= 0) {
		while ((k = read(fd, chunk, sizeof chunk)) > 0)
			buf_add(b, chunk, (size_t)k);
		close(fd);
	}
	buf_add(b, "", 1);	/* a string, if an empty one */
	b->len--;
	cut_values(b, "time");
	cut_values(b, "run");
}

/* One intent journaled by journal_intent, made ahead by journal_lines
 * or not, or made ahead and then spoiled: the same line every way. */
static void
intents_ahead(void)
{
	static const char in[] = "order_id,instance_id,status\n2,i-1,Unpaid\n";
	struct buf plain = BUF_INIT, got = BUF_INIT;
	struct journal j;
	struct ledger *l;
	struct diag d;
	char *path;
	int way, rc;

	for (way = 0; way < 3; way++) {
		path = scratch_file(in, strlen(in));
		rc = ledger_open(&l, path, LEDGER_WRITE, 0, &d) == 0 &&
		    journal_open(&j, l, &d) == 0;
		if (rc)		/* as ledger_write leaves it */
			memset(l->new_digest, 'e', sizeof l->new_digest - 1);
		if (rc && way > 0)
			journal_lines(&j, "test", 0, &journaled, 1);
		if (rc && way == 2)	/* its end not as made: "sha256_afteX" */
			j.text.p[j.text.len - 71] = 'X';
		rc = rc && journal_intent(&j, l, "test", 0, &journaled, 1,
		    &d) == 0;
		if (way == 1)	/* what marks are made from when not lines */
			ok(rc && j.lines.n == 1 && strcmp(journal_field(
			    &j.lines.r[0], "sha256_after"), l->new_digest) ==
			    0 && strcmp(journal_field(&j.lines.r[0],
			    "sha256_before"), j.before) == 0,
			    "... made ahead: its record given the digests");
		journal_close(&j);
		ledger_close(l);
		journal_text(path, way == 0 ? &plain : &got);
		scrap(path);
		if (way == 0)
			ok(rc && strstr(plain.p, "\"sha256_before\":\"") &&
			    strstr(plain.p, "\"sha256_after\":\"eeeeeeee") &&
			    strstr(plain.p, "0000000000") == NULL,
			    "an intent made when the digests are known");
		else
			is_str(got.p, plain.p, way == 1 ?
			    "... the same made ahead, the digests put in" :
			    "... and made again when the line is not as made");
	}
	buf_free(&plain);
	buf_free(&got);
}

int
main(void)
{
	edit_cases(csv_cases, sizeof csv_cases / sizeof csv_cases[0]);
	streamed = 1;
	edit_cases(csv_cases, sizeof csv_cases / sizeof csv_cases[0]);
	streamed = 0;
	edit_cases(yaml_cases, sizeof yaml_cases / sizeof yaml_cases[0]);
	streamed = 1;	/* the scan keeps the places of some records alone */
	edit_cases(yaml_cases, sizeof yaml_cases / sizeof yaml_cases[0]);
	streamed = 0;
	refusals();
	reads_back();
	reads_back_spliced();
	reads_back_spliced_kept();
	rescan_ring();
	rescan_noted();
	yaml_places();
	keeps_mode();
	intents_ahead();
	return done();
}
