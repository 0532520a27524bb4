/*
 * The rescan of a CSV ledger read in a stream (ledger_want): the scan
 * wants one order, the rescan the instances of its rows.  Read in small
 * blocks, with the filters of only the last two blocks kept (the older
 * ones looked at by the text of the IDs), of every block, or wanting
 * more IDs (IDs of no row besides the order), so that the scan notes
 * every row and the rescan looks only at those of the instances, and
 * the blocks read again in a thread or not, it gives the same records,
 * and among them every record of those instances that a read of the
 * whole file finds, with its number, line and place.  The first byte
 * picks the order, the second the size of the blocks (and whether the
 * third way reads in a thread); the rest is the file.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"
#include "fuzz.h"
#include "ledger/ledger.h"
#include "ledger/ledger_priv.h"
#include "records/reader.h"
#include "select/idset.h"

/* A record as the rescan gave it. */
struct seen {
	size_t		 recno;
	long		 line;
	long long	 off;
};

struct run {
	const char	*order;		/* the order wanted */
	struct idset	 insts;		/* the instances of its rows */
	struct seen	*seen;		/* the records the rescan gave */
	size_t		 nseen, capseen;
};

static int
scan_fn(void *arg, size_t recno, struct rec *r)
{
	struct run *u = arg;
	size_t on = 0, in = 0;
	const char *oid = rec_get(r, "order_id", &on);
	const char *iid = rec_get(r, "instance_id", &in);

	(void)recno;
	if (oid != NULL && iid != NULL && in > 0 && strcmp(oid, u->order) == 0 &&
	    idset_find(&u->insts, iid, in) == NULL)
		idset_add(&u->insts, iid, in);
	return 0;
}

static int
rescan_fn(void *arg, size_t recno, struct rec *r)
{
	struct run *u = arg;

	u->seen = xgrow(u->seen, &u->capseen, u->nseen, sizeof *u->seen);
	u->seen[u->nseen].recno = recno;
	u->seen[u->nseen].line = r->line;
	u->seen[u->nseen].off = (long long)r->off;
	u->nseen++;
	return 0;
}

/* The scan and the rescan of path, blocks of bs bytes, the filters of
 * ring blocks kept, wanting the order and more more IDs, the rescan's
 * blocks read in a thread or not: 0, or -1 when the ledger refuses the
 * file. */
static int
run(const char *path, size_t bs, size_t ring, size_t more, int apart,
    struct run *u)
{
	struct idset want;
	struct ledger *l;
	struct diag d;
	char id[32];
	size_t i;
	int rc = -1;

	memset(&want, 0, sizeof want);
	idset_add(&want, u->order, strlen(u->order));
	for (i = 0; i < more; i++) {
		snprintf(id, sizeof id, "\x7f%zu", i);	/* no ID of a row */
		idset_add(&want, id, strlen(id));
	}
	if (ledger_open(&l, path, LEDGER_READ, 0, &d) == 0) {
		l->block_bytes = bs;
		l->ring_blocks = ring;
		l->thread_bytes = apart ? 0 : SIZE_MAX;
		ledger_want(l, &want, NULL);
		if (ledger_scan(l, FMT_CSV, 0, scan_fn, u, &d) == 0)
			rc = ledger_rescan(l, &u->insts, rescan_fn, u, &d);
	}
	ledger_close(l);
	idset_free(&want);
	return rc;
}

/* Whether the rescan gave record recno, at this line and place. */
static int
seen(const struct run *u, size_t recno, long line, long long off)
{
	size_t i;

	for (i = 0; i < u->nseen; i++)
		if (u->seen[i].recno == recno)
			return u->seen[i].line == line && u->seen[i].off == off;
	return 0;
}

/* Did runs a and b give the same records? */
static int
same(const struct run *a, const struct run *b)
{
	size_t i;

	if (a->nseen != b->nseen)
		return 0;
	for (i = 0; i < a->nseen; i++)
		if (a->seen[i].recno != b->seen[i].recno ||
		    a->seen[i].line != b->seen[i].line ||
		    a->seen[i].off != b->seen[i].off)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/ecs-orders-rescan.XXXXXX";
	struct run a, b, c;
	struct reader *rd;
	struct diag d;
	struct rec *r;
	struct buf order = BUF_INIT;
	size_t recno = 0, want, bs, n = 0, in;
	const char *v;
	int fd, rc, ra, rb, rcc;

	if (size < 3 || (fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data + 2, size - 2) != (ssize_t)(size - 2)) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&c, 0, sizeof c);
	want = data[0];
	bs = 8 + data[1] % 120;
	/* the order of record want % n, as a whole read finds it */
	if ((rd = rd_open_mem("x", (const char *)data + 2, size - 2, FMT_CSV,
	    0, &d)) == NULL)
		goto done;
	while ((rc = rd_next(rd, &r, &d)) > 0)
		n++;
	rd_close(rd);
	if (rc < 0 || n == 0)
		goto done;
	rd = rd_open_mem("x", (const char *)data + 2, size - 2, FMT_CSV, 0, &d);
	while (rd != NULL && rd_next(rd, &r, &d) > 0 && recno++ < want % n)
		;
	if (rd != NULL && (v = rec_get(r, "order_id", &in)) != NULL && in > 0)
		buf_add(&order, v, in);
	rd_close(rd);
	if (order.len == 0 || memchr(order.p, '\0', order.len) != NULL)
		goto done;
	buf_addc(&order, '\0');
	a.order = b.order = c.order = order.p;
	ra = run(path, bs, 2, 0, 1, &a);
	rb = run(path, bs, SIZE_MAX / 2, 0, 0, &b);
	rcc = run(path, bs, 2, FEW_IDS, data[1] & 128, &c);
	must(ra == rb && ra == rcc);
	must(ra < 0 || (same(&a, &b) && same(&a, &c)));
	if (ra < 0)
		goto done;
	/* every record of those instances, as a whole read finds them */
	rd = rd_open_mem("x", (const char *)data + 2, size - 2, FMT_CSV, 0, &d);
	for (recno = 0; rd != NULL && rd_next(rd, &r, &d) > 0; recno++) {
		v = rec_get(r, "instance_id", &in);
		if (v != NULL && in > 0 && idset_find(&a.insts, v, in) != NULL)
			must(seen(&a, recno, r->line, (long long)r->off));
	}
	rd_close(rd);
done:
	idset_free(&a.insts);
	idset_free(&b.insts);
	idset_free(&c.insts);
	free(a.seen);
	free(b.seen);
	free(c.seen);
	buf_free(&order);
	unlink(path);
	return 0;
}
