/* The orders a plan reads (refund/book.h): which rows, which selected,
 * what the names check is asked, and the errors. */
#include <unistd.h>

#include "base/diag.h"
#include "ledger/ledger.h"
#include "refund/book.h"
#include "select/cond.h"
#include "tap.h"

static const char csv[] =
"order_id,instance_id,order_type,status,region,refund_rule,created_at,"
    "paid_amount,currency\n"
"1,i-a,New,Paid,cn-hangzhou,,2024-01-01T00:00:00Z,10.00,CNY\n"
"2,i-a,Renew,Paid,cn-beijing,,2024-06-01T00:00:00Z,10.00,CNY\n"
"3,i-b,New,Paid,cn-hangzhou,,2024-01-01T00:00:00Z,10.00,CNY\n"
"4,i-c,Refund,Refunded,cn-hangzhou,no-reason,2024-02-01T00:00:00Z,"
    "0,CNY\n"
"5,i-d,New,Paid,cn-hangzhou,,2024-01-01T00:00:00Z,10.00,CNY\n";

/* What the names check was last asked, and its answer. */
static char asked_in[64];
static size_t asked_n;
static int answer;

static int
check(void *arg, const char *const *known, size_t n, const char *in,
    struct diag *d)
{
	(void)arg;
	(void)known;
	snprintf(asked_in, sizeof asked_in, "%s", in);
	asked_n = n;
	if (answer < 0)
		diag_set(d, NULL, 0, 0, "no such field");
	return answer;
}

/* Read data for ids ("a,b"), with where (or NULL) and check asked when
 * ask; the book's rows as "order_id[*]" (* when selected) joined by
 * spaces, or "error: MESSAGE". */
static const char *
read_book(const char *data, const char *ids, const char *where, int ask)
{
	static struct buf out;
	char *path = scratch_file(data, strlen(data)), list[256], *p, *s;
	struct ledger *l;
	struct book b;
	struct idset set;
	struct cond c;
	struct diag d;
	size_t i;
	int rc;

	buf_reset(&out);
	memset(&b, 0, sizeof b);
	memset(&set, 0, sizeof set);
	snprintf(list, sizeof list, "%s", ids);
	for (p = list; (s = strsep(&p, ",")) != NULL;)
		idset_add(&set, s, strlen(s));
	if (where)
		cond_parse(&c, where, 0, RK_ORDER, &d);
	rc = ledger_open(&l, path, LEDGER_READ, 0, &d);
	if (rc == 0)
		rc = book_read(&b, l, FMT_AUTO, 0, &set, where ? &c : NULL,
		    where ? 1 : 0, ask ? check : NULL, NULL, &d);
	if (rc < 0)
		buf_addf(&out, "error: :%ld:%ld: %s", d.line, d.col, d.msg);
	for (i = 0; rc == 0 && i < b.os.n; i++)
		buf_addf(&out, "%s%s%s", i ? " " : "", b.os.o[i].id,
		    b.selected[i] ? "*" : "");
	for (i = 0; rc == 0 && i < set.n; i++)
		if (!set.ids[i].seen)
			buf_addf(&out, " unseen:%s", set.ids[i].s);
	if (where)
		cond_free(&c);
	book_free(&b);
	idset_free(&set);
	ledger_close(l);
	unlink(path);
	return buf_str(&out);
}

int
main(void)
{
	is_str(read_book(csv, "2", NULL, 0), "1* 2* 4*",
	    "an order brings its instance's rows, and the no-reason Refund "
	    "rows the quota counts");
	is_str(read_book(csv, "i-b,2", NULL, 0), "1* 2* 3* 4*",
	    "an instance brings its rows too, in file order");
	is_str(read_book(csv, "1,i-a", NULL, 0), "1* 2* 4*",
	    "an order and its instance both asked: both found, rows once");
	is_str(read_book(csv, "9,i-z", NULL, 0), "4* unseen:9 unseen:i-z",
	    "what names nothing is not seen");
	is_str(read_book(csv, "i-a", "region = cn-hangzhou", 0), "1* 2 4*",
	    "the conditions select rows, not which rows are read");
	answer = 0;
	is_str(read_book(csv, "i-a", NULL, 1), "1* 2* 4*",
	    "a names check that says yes changes nothing");
	is_str(asked_in, "a column of this file", "a CSV file's names are "
	    "its columns");
	is_int(asked_n, 9, "all of them");
	answer = -1;
	is_str(read_book(csv, "i-a", NULL, 1), "error: :0:0: no such field",
	    "a names check that says no stops the reading, in its words");
	answer = 0;
	read_book("- order_id: 1\n  instance_id: i-a\n  x_note: hi\n", "1",
	    NULL, 1);
	is_str(asked_in, "a field of its records", "a YAML file's names are "
	    "the fields its records have");
	is_int(asked_n, 3, "each once");
	ok(strncmp(read_book("order_id,instance_id,created_at\n"
	    "1,i-a,yesterday\n", "1", NULL, 0), "error: :2:7: order 1", 20) ==
	    0, "a bad value of a row that matters stops where it is");
	is_str(read_book("order_id,instance_id,created_at\n"
	    "1,i-a,2024-01-01T00:00:00Z\n2,i-b,yesterday\n", "1", NULL, 0),
	    "1*", "a row that does not matter is not checked");
	return done();
}
