/*
 * The ledger edit: parse a file, change one record (a value set, a field
 * added) and append one, write it, parse both again: every other record
 * comes back the same, the changed one with just those changes.  When
 * the first byte's high bit is set, the scan is told the order of the
 * record changed (ledger_want), and a rescan for its instance must bring
 * every record of it, those read before the order too (build with a
 * small HOLD_RING to have the scan let them go).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/strtab.h"
#include "fuzz.h"
#include "ledger/journal.h"
#include "ledger/ledger.h"
#include "records/reader.h"
#include "select/idset.h"
#include "select/recsort.h"

struct pick {
	struct ledger	*l;
	size_t		 want, seen;
	int		 failed;
	struct diag	*d;
};

static int
count(void *arg, size_t recno, struct rec *r)
{
	struct pick *p = arg;

	(void)recno;
	(void)r;
	p->seen++;
	return 0;
}

static int
change(void *arg, size_t recno, struct rec *r)
{
	struct pick *p = arg;

	if (recno != p->want)
		return 0;
	if (ledger_keep(p->l, recno, r, p->d) < 0) {
		p->failed = 1;
		return -1;
	}
	ledger_set(p->l, recno, "status", "Cancelled");
	ledger_set(p->l, recno, "fuzz_note", "x,\"y\"\nz");
	return 0;
}

/* How many records of recs have instance_id id (NULL: none). */
static size_t
of_instance(const struct recs *recs, const char *id)
{
	const char *v;
	size_t i, n = 0;

	for (i = 0; id != NULL && i < recs->n; i++)
		n += (v = rec_get(&recs->r[i], "instance_id", NULL)) != NULL &&
		    strcmp(v, id) == 0;
	return n;
}

/* Every record of bytes p, copied, names kept in names (the reader's
 * go with it). */
static int
records(const char *p, size_t n, enum fmt fmt, struct recs *out,
    struct strtab *names)
{
	struct reader *rd;
	struct diag d;
	struct rec *r, *c;
	size_t i;
	int rc;

	if ((rd = rd_open_mem("x", p, n, fmt, 0, &d)) == NULL)
		return -1;
	while ((rc = rd_next(rd, &r, &d)) > 0) {
		rec_copy(c = recs_add(out), r);
		for (i = 0; i < c->n; i++)
			c->f[i].name = strtab_intern(names, c->f[i].name,
			    strlen(c->f[i].name));
	}
	rd_close(rd);
	return rc;
}

/* b has every field of a with the same value, but those changed. */
static void
same_but(const struct rec *a, const struct rec *b, int changed)
{
	size_t i, n;
	const char *v;

	for (i = 0; i < a->n; i++) {
		if (changed && (strcmp(a->f[i].name, "status") == 0 ||
		    strcmp(a->f[i].name, "fuzz_note") == 0))
			continue;
		v = rec_get(b, a->f[i].name, &n);
		must(v != NULL && n == a->f[i].len &&
		    memcmp(v, rec_val(a, i), n) == 0);
	}
	if (changed) {
		v = rec_get(b, "status", &n);
		must(v != NULL && strcmp(v, "Cancelled") == 0);
		v = rec_get(b, "fuzz_note", &n);
		must(v != NULL && strcmp(v, "x,\"y\"\nz") == 0);
	}
}

/* The change journaled, as a command must journal something: the edits,
 * not the journal, are what is tested. */
static const struct change journaled = { "R1", "", "", "Refunded", "", "",
	"", "" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/ecs-orders-fuzz.XXXXXX", beside[64];
	struct recs before = { NULL, 0, 0 }, after = { NULL, 0, 0 };
	struct strtab names = { NULL, 0, 0 };
	struct ledger *l;
	struct diag d;
	struct pick p;
	struct buf out = BUF_INIT;
	struct idset oids, ids;
	struct rec add;
	const char *iid, *oid;
	char chunk[4096];
	ssize_t k;
	size_t i;
	int fd, rc;

	if (size < 1 || (fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	memset(&p, 0, sizeof p);
	memset(&oids, 0, sizeof oids);
	memset(&ids, 0, sizeof ids);
	p.d = &d;
	rc = ledger_open(&l, path, LEDGER_WRITE, 0, &d);
	p.l = l;
	if (rc != 0 || ledger_scan(l, FMT_AUTO, 0, count, &p, &d) < 0 ||
	    p.seen == 0 || records((const char *)data + 1, size - 1,
	    ledger_format(l), &before, &names) < 0)
		goto done;
	p.want = data[0] % p.seen;
	/* an empty one would be that of the records without one too */
	if ((iid = rec_get(&before.r[p.want], "instance_id", NULL)) != NULL &&
	    *iid == '\0')
		iid = NULL;
	if (data[0] & 0x80) {
		if ((oid = rec_get(&before.r[p.want], "order_id", NULL)))
			idset_add(&oids, oid, strlen(oid));
		if (iid != NULL)
			idset_add(&ids, iid, strlen(iid));
		ledger_want(l, &oids, NULL);
	}
	if (ledger_scan(l, ledger_format(l), 0, change, &p, &d) < 0)
		goto done;
	if (data[0] & 0x80) {
		p.seen = 0;
		if (ledger_rescan(l, &ids, count, &p, &d) < 0)
			goto done;
		must(p.seen == of_instance(&before, iid));
	}
	rec_init(&add);
	rec_add(&add, "order_id", "R1", 2);
	rec_add(&add, "status", "Refunded", 8);
	ledger_append(l, &add);
	rec_free(&add);
	if (ledger_commit(l, &journaled, 1, "fuzz", 0, &d) < 0) {
		/* a refusal is fine; the commit's own read-back check failing
		 * is what this harness looks for */
		must(strstr(d.msg, "does not read back") == NULL);
		goto done;
	}
	fd = open(path, O_RDONLY);
	while ((k = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&out, chunk, (size_t)k);
	close(fd);
	must(records(out.p, out.len, ledger_format(l), &after, &names) == 0);
	must(after.n == before.n + 1);
	for (i = 0; i < before.n; i++)
		same_but(&before.r[i], &after.r[i], i == p.want);
	must(strcmp(rec_get(&after.r[before.n], "order_id", NULL), "R1") == 0);
done:
	ledger_close(l);
	idset_free(&oids);
	idset_free(&ids);
	recs_free(&before);
	recs_free(&after);
	strtab_free(&names);
	buf_free(&out);
	unlink(path);
	snprintf(beside, sizeof beside, "%s.lock", path);
	unlink(beside);
	snprintf(beside, sizeof beside, "%s.journal", path);
	unlink(beside);
	return 0;
}
