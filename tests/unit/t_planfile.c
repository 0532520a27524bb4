/*
 * Plan files (refund/planfile.h) driven directly: what is written reads
 * back the same, what the comparison says of plans that differ, and the
 * digest of records.
 */
#include <stdlib.h>

#include "base/buf.h"
#include "base/diag.h"
#include "records/out.h"
#include "records/recmap.h"
#include "refund/plan.h"
#include "refund/planfile.h"
#include "tap.h"

static const char *const receipt[PLAN_RECEIPT_COLS] = { "N1", "i-a",
	"refund", "Paid", "Refunded", "184.00", "CNY", "partial", "",
	"aliyun bssopenapi RefundInstance --ClientToken 'R i-a'",
	"2025-07-01T00:00:00Z", "orders.csv" };

/* A plan of one receipt, one fact piped and one from a file. */
static void
sample(struct plan_file *pf)
{
	struct rec *r;
	size_t i;

	plan_file_init(pf);
	pf->ledger = strdup("/srv/ecs/orders.csv");
	memset(pf->ledger_sha256, 'a', SHA256_HEX - 1);
	pf->policy = strdup("cn");
	memset(pf->policy_sha256, 'b', SHA256_HEX - 1);
	pf->at = 1751328000;	/* 2025-07-01T00:00:00Z */
	pf->max = 7;
	pf->instances = strdup("/srv/ecs/instances.json");
	plan_file_id(pf, "i-a");
	plan_file_id(pf, "0123");
	plan_file_where(pf, "order_type != 'Renew: x'");
	r = recs_add(&pf->facts);
	rec_adds(r, "instance_id", "i-a");
	rec_adds(r, "source", "stdin");
	rec_adds(r, "status", "Stopped");
	r = recs_add(&pf->facts);
	rec_adds(r, "instance_id", "i-b");
	rec_adds(r, "source", "file");
	rec_adds(r, "os_name", "Red Hat: 9");
	r = recs_add(&pf->receipts);
	for (i = 0; i < PLAN_RECEIPT_COLS; i++)
		rec_adds(r, plan_receipt_cols[i], receipt[i]);
}

static char *
written(const struct plan_file *pf)
{
	struct buf b = BUF_INIT;
	struct out o;

	out_init_buf(&o, &b);
	plan_file_write(&o, pf);
	out_close(&o);
	return buf_str(&b);
}

static char *
diff(const struct plan_file *was, const struct plan_file *now, size_t *n)
{
	static struct buf b;

	buf_reset(&b);
	*n = plan_file_diff(was, now, &b);
	return buf_str(&b);
}

static void
set_receipt(struct plan_file *pf, const char *name, const char *v)
{
	struct rec *r = &pf->receipts.r[0], copy;
	size_t i;

	rec_init(&copy);
	for (i = 0; i < r->n; i++)
		rec_adds(&copy, r->f[i].name, strcmp(r->f[i].name, name) == 0 ?
		    v : rec_val(r, i));
	rec_copy(r, &copy);
	rec_free(&copy);
}

int
main(void)
{
	struct plan_file a, b;
	struct recmap m;
	struct sha256 s1, s2;
	struct rec r, q;
	struct diag d;
	char path[] = "/tmp/t_planfile.XXXXXX", h1[SHA256_HEX], h2[SHA256_HEX];
	char *text, *again;
	size_t n;
	FILE *f;
	int fd;

	/* round trip */
	sample(&a);
	text = written(&a);
	ok(strncmp(text, "# What order-cancel would do", 28) == 0,
	    "a plan starts with the comment that says what it is");
	ok(strstr(text, "\nplan: order-cancel plan 1\n") != NULL,
	    "... and its version");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	is_int(plan_file_read(&b, path, &d), 0, "what is written reads back");
	again = written(&b);
	is_str(again, text, "... and writes again byte for byte");
	is_str(b.where[0], "order_type != 'Renew: x'",
	    "... a condition with quotes and a colon as given");
	is_str(b.ids[1], "0123", "... an ID of digits as text");
	is_int(b.at, a.at, "... the time");
	is_int(b.max, 7, "... --max");
	is_str(rec_get(&b.receipts.r[0], "api_call", NULL), receipt[9],
	    "... a receipt's quoted call");
	diff(&a, &b, &n);
	is_int(n, 0, "a plan read back does not differ from itself");
	free(text);
	free(again);

	/* what differs */
	plan_file_free(&b);
	sample(&b);
	set_receipt(&b, "refund_amount", "183.50");
	is_str(diff(&a, &b, &n), "order N1 of i-a: refund_amount was "
	    "\"184.00\", now \"183.50\"\n", "a refund that moved: old and new");
	is_int(n, 1, "... one difference");
	plan_file_free(&b);
	sample(&b);
	set_receipt(&b, "at", "2025-07-02T00:00:00Z");
	set_receipt(&b, "api_call", "aliyun other");
	set_receipt(&b, "ledger", "/elsewhere/orders.csv");
	diff(&a, &b, &n);
	is_int(n, 0, "the time, the call and the ledger's name follow the "
	    "run: not compared");
	plan_file_free(&b);
	sample(&b);
	set_receipt(&b, "status_before", "Refunded");
	set_receipt(&b, "action", "none");
	set_receipt(&b, "reason", "already refunded");
	is_str(diff(&a, &b, &n), "order N1 of i-a: status_before was "
	    "\"Paid\", now \"Refunded\"\n",
	    "a status that moved on is said alone, not what follows from it");
	plan_file_free(&b);
	sample(&b);
	b.ledger_sha256[0] = 'c';
	b.policy_sha256[0] = 'c';
	is_str(diff(&a, &b, &n), "/srv/ecs/orders.csv: the records the plan "
	    "read have changed since it was made\npolicy cn: its rules have "
	    "changed since the plan was made\n",
	    "the records and the policy changed");
	plan_file_free(&b);
	sample(&b);
	rec_free(&b.facts.r[1]);
	rec_init(&b.facts.r[1]);
	rec_adds(&b.facts.r[1], "instance_id", "i-b");
	rec_adds(&b.facts.r[1], "source", "file");
	rec_adds(&b.facts.r[1], "os_name", "Alibaba Cloud Linux");
	rec_adds(&b.facts.r[1], "status", "Running");
	is_str(diff(&a, &b, &n), "instance i-b: os_name was \"Red Hat: 9\", "
	    "now \"Alibaba Cloud Linux\"\ninstance i-b: status was not "
	    "known, now \"Running\"\n", "what is known of an instance");
	plan_file_free(&b);
	sample(&b);
	recs_free(&b.receipts);
	memset(&b.receipts, 0, sizeof b.receipts);
	is_str(diff(&a, &b, &n), "order N1 of i-a: in the plan, not answered "
	    "now\n", "a receipt gone");
	is_str(diff(&b, &a, &n), "order N1 of i-a: answered now, not in the "
	    "plan\n", "a receipt new");

	/* the facts piped, for --apply */
	memset(&m, 0, sizeof m);
	plan_file_piped(&a, &m);
	is_int(m.rs.n, 1, "only facts from standard input are piped again");
	is_str(rec_get(recmap_get(&m, "i-a"), "status", NULL), "Stopped",
	    "... with their values");
	ok(rec_get(recmap_get(&m, "i-a"), "source", NULL) == NULL,
	    "... and not where they came from");
	recmap_free(&m);

	/* the digest of records */
	rec_init(&r);
	rec_init(&q);
	rec_adds(&r, "order_id", "N1");
	rec_adds(&r, "status", "Paid");
	rec_adds(&q, "order_id", "N1st");
	rec_adds(&q, "atus", "Paid");
	sha256_init(&s1);
	plan_digest_record(&s1, &r);
	sha256_init(&s2);
	plan_digest_record(&s2, &q);
	ok(strcmp(sha256_hex(&s1, h1), sha256_hex(&s2, h2)) != 0,
	    "the digest of records tells names from values");
	rec_free(&r);
	rec_free(&q);

	/* what is not a plan */
	f = fopen(path, "w");
	fputs("plan: order-cancel plan 1\nledger: [x]\n", f);
	fclose(f);
	plan_file_free(&b);
	is_int(plan_file_read(&b, path, &d), -1, "a list where text belongs");
	ok(strstr(d.msg, "ledger must be text") != NULL, "... is said: %s",
	    d.msg);
	unlink(path);
	plan_file_free(&a);
	plan_file_free(&b);
	return done();
}
