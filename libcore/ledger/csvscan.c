/*
 * A CSV ledger read in a stream (ledger_want, ledger.h), a part at a
 * time, never whole: each row is found by its line end (outside quotes)
 * and checked as the reader checks it, but only the rows that may matter
 * (an ID asked for in the key columns, or the text asked for in its
 * bytes) are read by the reader, alone after the header, and given to
 * the scan's function.  A row the quick look (csvlook.c) cannot vouch
 * for (a quote out of place, a carriage return, a NUL, too many fields,
 * no key, a list of instances) goes to the reader too, which reads it as
 * it would in the whole file; when the reader finds it wrong, the whole
 * file is read again by the reader, to say what it says about it there.
 *
 * The rows are counted in blocks of about BLOCK_BYTES, each with a Bloom
 * filter of its instance_id values, so that a rescan reads again only
 * the blocks that may hold an instance asked for (when a few IDs are
 * wanted, only the last blocks keep a filter; when many are, every row
 * is noted, and the rescan looks only at the rows of the instances it
 * asks for: ledger_priv.h).  Some 750 lines in one unit: the stream,
 * its blocks, filters and rows, and the hand-off to the reader all work
 * on the one buffer and its offsets.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/csvio.h"
#include "records/input.h"
#include "records/reader.h"
#include "select/idset.h"

#define CHUNK		(1u << 20)	/* read at a time */
#define MAX_ROW		(64u << 20)	/* the reader's own limit */
#define NONE		SIZE_MAX

typedef int (*scan_fn)(void *, size_t, struct rec *);

struct pick;
static void	mark(struct ledger *, const struct rec *);
static int	marked(const struct ledger *, struct pick *, size_t);
static int	marked_at(const struct ledger *, size_t);

/* A row of a run: where it is in the file and in the run's bytes, its
 * line, and the records of the rows passed by between it and the row
 * of the run before. */
struct runrow {
	size_t		 off, at, skip;
	long		 line;
	int		 picked;	/* its record one pk picks, as the
					 * quick look found it */
};

/* The file in a window of bytes, and where the rows stand. */
struct scan {
	struct ledger	*l;
	char		*buf;
	size_t		 cap, len, pos;	/* unread: buf[pos..len) */
	size_t		 base;		/* the file offset of buf[0] */
	size_t		 stop;		/* read no row from here on */
	int		 eof;
	/* the next quote, CR, NUL and wanted text at or after pos, or NONE
	 * before len; *_ok when that is known since the last read */
	size_t		 quote, cr, nul, text;
	int		 quote_ok, cr_ok, nul_ok, text_ok;
	long		 line;		/* lines before the row */
	size_t		 recno;		/* records before it */
	struct rowlook	 rl;		/* the row's key fields */
	/* the rows of a block to read, in runs read by one reader: the
	 * header, then each row, after as many blank lines as the file has
	 * lines between it and the one before, so that the reader counts
	 * the lines as in the file */
	struct buf	 one;		/* the header and the run's rows */
	struct runrow	*run;
	size_t		 nrun, caprun;
	long		 run_end;	/* the line after the run's last row */
	size_t		 skipped;	/* records since, not in the run */
	uint64_t	*bits;		/* a bit per hash of an ID wanted */
	uint64_t	 mask;
	struct block	*blk;		/* the block being counted */
	int		 index;		/* its rows noted (struct block) */
	struct handoff	*out;		/* a rescan's thread: the records for
					 * fn handed over, not given to it */
};

/* ---- reading ---- */

/* More of the file into the window; the row from pos on stays. */
static int
fill(struct scan *s, struct diag *d)
{
	ssize_t k;

	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->base += s->pos;
		s->len -= s->pos;
		s->pos = 0;
	}
	if (s->len == s->cap) {
		s->cap *= 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	s->quote_ok = s->cr_ok = s->nul_ok = s->text_ok = 0;
	for (;;) {
		size_t want = s->cap - s->len, left = s->stop - s->base - s->len;

		k = pread(s->l->rp.fd, s->buf + s->len, want < left ? want :
		    left, (off_t)(s->base + s->len));
		if (k < 0 && errno == EINTR)
			continue;
		break;
	}
	if (k < 0) {
		diag_set(d, s->l->rp.path, 0, 0, "read error: %s",
		    strerror(errno));
		return -1;
	}
	if (k == 0)
		s->eof = 1;
	s->len += (size_t)k;
	if (k > 0 && s->base + s->len == s->l->len)
		s->l->lastc = (unsigned char)s->buf[s->len - 1];
	return 0;
}

/* Where the next c is at or after pos, kept until passed or read on. */
static size_t
next_of(struct scan *s, size_t *at, int *ok, int c)
{
	const char *p;

	if (!*ok || (*at != NONE && *at < s->pos)) {
		p = memchr(s->buf + s->pos, c, s->len - s->pos);
		*at = p ? (size_t)(p - s->buf) : NONE;
		*ok = 1;
	}
	return *at;
}

static size_t
next_text(struct scan *s)
{
	const char *t = s->l->want_text, *p;

	if (t == NULL)
		return NONE;
	if (!s->text_ok || (s->text != NONE && s->text < s->pos)) {
		p = csvlook_find(s->buf + s->pos, s->len - s->pos, t, strlen(t));
		s->text = p ? (size_t)(p - s->buf) : NONE;
		s->text_ok = 1;
	}
	return s->text;
}

/* The end of a row that has a quote: the line end outside quotes, past
 * it; NONE when the window holds no such line end yet. */
static size_t
quoted_end(const struct scan *s)
{
	const char *p = s->buf + s->pos, *end = s->buf + s->len;
	int inq = 0;

	for (; p < end; p++)
		if (*p == '"')
			inq = !inq;	/* a doubled quote toggles twice */
		else if (*p == '\n' && !inq)
			return (size_t)(p + 1 - s->buf);
	return NONE;
}

/*
 * The next row, [pos, *end) of the window, whole: 1, 0 at the end, -1
 * on a read error.  *plain when it has no quote (its line end is then
 * its first LF).
 */
static int
next_row(struct scan *s, size_t *end, int *plain, struct diag *d)
{
	const char *nl;
	size_t q, e;

	for (;;) {
		if (s->pos == s->len && s->eof)
			return 0;
		nl = s->pos < s->len ? memchr(s->buf + s->pos, '\n',
		    s->len - s->pos) : NULL;
		e = nl ? (size_t)(nl + 1 - s->buf) : s->eof ? s->len : NONE;
		if (e != NONE) {
			q = next_of(s, &s->quote, &s->quote_ok, '"');
			*plain = q == NONE || q >= e;
			if (!*plain && (e = quoted_end(s)) == NONE && s->eof)
				e = s->len;	/* an unterminated quote */
		}
		if (e != NONE) {
			*end = e;
			return 1;
		}
		if (s->len - s->pos > MAX_ROW) {
			*end = s->len;	/* the reader says what is wrong */
			*plain = 0;
			return 1;
		}
		if (fill(s, d) < 0)
			return -1;
	}
}

/* Which records of a rescan are wanted: those of these instances, and
 * the marked ones. */
struct pick {
	const struct idset *ids;
	struct key	*keys;		/* their hashes, sorted */
	size_t		 nkeys, mark;	/* the next marked place */
	uint64_t	*bits;		/* a bit per hash, as want_bits */
	uint64_t	 mask;
	uint32_t	*lows;		/* their low 32 bits, sorted */
	char		*text;		/* csvlook_ids_in's buffer */
};

/* An ID asked for by its hash: ids[i]. */
struct key {
	uint64_t	 h;
	size_t		 i;
};

static int
by_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	return (x->h > y->h) - (x->h < y->h);
}

/* The two bits of a word of the filter (id_bits) of a hash's low 32
 * bits v, from a mix of v: the word is v's (v & mask) / 64. */
static uint64_t
two_bits(uint32_t v)
{
	uint32_t m = v * UINT32_C(0x9E3779B1);

	return UINT64_C(1) << (m >> 26) | UINT64_C(1) << (m >> 20 & 63);
}

static int
bits_have(const uint64_t *bits, uint64_t mask, uint32_t v)
{
	uint64_t t = two_bits(v);

	return (bits[(v & mask) / 64] & t) == t;
}

static int
picked(const struct pick *pk, const char *iid, size_t in)
{
	struct key k = { csvlook_hash(iid, in), 0 }, *p, *end;
	const struct id *id;

	if (!bits_have(pk->bits, pk->mask, (uint32_t)k.h))
		return 0;	/* most rows of a block are of others */
	if ((p = bsearch(&k, pk->keys, pk->nkeys, sizeof k, by_key)) == NULL)
		return 0;
	while (p > pk->keys && p[-1].h == k.h)
		p--;
	for (end = pk->keys + pk->nkeys; p < end && p->h == k.h; p++) {
		id = &pk->ids->ids[p->i];
		if (id->len == in && memcmp(id->s, iid, in) == 0)
			return 1;
	}
	return 0;
}

/* A filter of the IDs, so that most rows are passed by without a look
 * in the set: a word of 64 bits or more per ID, each ID two bits of
 * one word (two_bits), so that a row reads one word, and a few rows of
 * other IDs in a thousand are looked up (one in 64 with a bit an ID);
 * its mask in *mask. */
static uint64_t *
id_bits(const struct idset *ids, uint64_t *mask)
{
	size_t nbits = 1u << 12, i;
	uint32_t v;
	uint64_t *bits;

	while (nbits < 64 * ids->n)
		nbits *= 2;
	bits = xcalloc(nbits / 64, sizeof *bits);
	*mask = nbits - 1;
	for (i = 0; i < ids->n; i++) {
		v = (uint32_t)csvlook_hash(ids->ids[i].s, ids->ids[i].len);
		bits[(v & *mask) / 64] |= two_bits(v);
	}
	return bits;
}

static int
by_low(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* May an instance of these low 32 bits of its hash be one pk asks for? */
static int
low_hit(const struct pick *pk, uint32_t v)
{
	return bits_have(pk->bits, pk->mask, v) && bsearch(&v, pk->lows,
	    pk->nkeys, sizeof v, by_low) != NULL;
}

/* May block i, to byte to, hold a row of an instance pk asks for?  Its
 * instances looked up, while it lists them; else its filter asked about
 * each; else, its filter gone, its bytes looked at.  1, 0 or -1. */
static int
block_hit(const struct ledger *l, size_t i, size_t to, struct pick *pk,
    struct diag *d)
{
	const struct block *b = &l->blocks[i];
	const uint64_t *bloom = csvlook_bloom(l, i);
	size_t j;

	if (bloom == NULL)
		return pk->nkeys > FEW_IDS ? 1 : csvlook_ids_in(l, pk->ids,
		    b->off, to, &pk->text, d);
	if (b->niids == BLOCK_IDS_MANY) {
		for (j = 0; j < pk->nkeys; j++)
			if (csvlook_bloom_has(bloom, pk->keys[j].h))
				return 1;
		return 0;
	}
	for (j = 0; j < b->niids; j++)
		if (low_hit(pk, l->iids[b->first + j]))
			return 1;
	return 0;
}

/* The bits of the IDs the scan's fn wants. */
static void
want_bits(struct scan *s)
{
	s->bits = id_bits(s->l->want, &s->mask);
}

static int
maybe(const struct scan *s, const char *p, size_t n)
{
	return bits_have(s->bits, s->mask, (uint32_t)csvlook_hash(p, n));
}

/* Does the scan's fn want a record with these keys? */
static int
wanted(struct scan *s, const char *oid, size_t on, const char *iid,
    size_t in)
{
	return (oid != NULL && maybe(s, oid, on) &&
	    idset_find(s->l->want, oid, on) != NULL) ||
	    (iid != NULL && maybe(s, iid, in) &&
	    idset_find(s->l->want, iid, in) != NULL);
}

/* Do a record's bytes hold the text the scan's fn wants? */
static int
has_text(const struct ledger *l, const struct rec *r)
{
	const char *t = l->want_text;

	return t != NULL && r->raw != NULL && csvlook_find(r->raw, r->rawlen,
	    t, strlen(t)) != NULL;
}

/* The whole file read by the reader, as a scan of every record does, to
 * say what is wrong as it says it there; else what d says. */
static int
fail_as_whole(struct ledger *l, struct diag *d)
{
	struct input in;
	struct reader *rd;
	struct rec *r;
	struct diag whole;
	size_t n;
	int rc;

	memset(&in, 0, sizeof in);
	n = strlen(l->rp.path);
	if (n >= sizeof in.name)
		n = sizeof in.name - 1;	/* as input_open cuts it */
	memcpy(in.name, l->rp.path, n);
	in.seekable = 1;
	if ((in.fd = dup(l->rp.fd)) < 0 || lseek(in.fd, 0, SEEK_SET) < 0) {
		if (in.fd >= 0)
			close(in.fd);
		return -1;
	}
	if ((rd = rd_open_input(&in, l->fmt, l->delim, &whole)) == NULL) {
		*d = whole;
		return -1;
	}
	rd_expect(rd, &l->key, l->key != NULL, NULL);
	if (l->nonly > 0)
		rd_project(rd, l->only, l->nonly);
	while ((rc = rd_next(rd, &r, &whole)) > 0)
		;
	if (rc < 0)
		*d = whole;
	rd_close(rd);
	return -1;
}

/*
 * The run of rows gathered in s->one, after the header (run_row),
 * read by the reader, each of their records (a blank line has none, a
 * list of instances several) given to fn when pick says so (NULL: the
 * scan's filter), numbered as in the file, or handed over to be (out).
 * 0, or -1.
 */
static int
read_run(struct scan *s, struct pick *pk, scan_fn fn, void *arg,
    struct diag *d)
{
	struct ledger *l = s->l;
	const struct runrow *rw = s->run;
	size_t in, on, at, j = 0, recno = s->recno;
	struct reader *rd;
	struct batch *b = NULL;
	struct rec *r;
	const char *iid, *oid;
	int rc, k = 0;

	if (s->nrun == 0) {
		s->recno += s->skipped;
		s->skipped = 0;
		return 0;
	}
	if ((rd = rd_open_mem(l->rp.path, s->one.p, s->one.len, l->fmt,
	    l->delim, d)) == NULL)
		return fail_as_whole(l, d);
	rd_expect(rd, &l->key, l->key != NULL, NULL);
	if (pk == NULL && l->nonly > 0)
		rd_project(rd, l->only, l->nonly);
	rd_set_line(rd, rw[0].line + 1);
	if (s->out != NULL)
		b = handoff_blank(s->out);
	while ((rc = rd_next(rd, &r, d)) > 0) {
		at = (size_t)r->off;	/* in the run's bytes */
		while (j + 1 < s->nrun && rw[j + 1].at <= at)
			recno += rw[++j].skip;
		r->off = (off_t)(rw[j].off + (at - rw[j].at));
		iid = rec_get(r, "instance_id", &in);
		oid = rec_get(r, "order_id", &on);
		if (iid != NULL && pk == NULL && s->blk != NULL)
			csvlook_block_add(l, s->blk, csvlook_hash(iid, in));
		if (fn != NULL && (pk != NULL ? rw[j].picked || (iid &&
		    picked(pk, iid, in)) || marked_at(l, (size_t)r->off) :
		    has_text(l, r) ||
		    wanted(s, oid, on, iid, in))) {
			if (pk == NULL)
				ledger_copy_until(l, (size_t)r->off);
			if (b != NULL)
				batch_add(b, recno, r);
			else if ((k = fn(arg, recno, r)) < 0)
				break;
			if (pk == NULL && k > 0)
				mark(l, r);
		}
		recno++;
	}
	if (b != NULL && rc == 0 && b->nrec > 0) {
		struct buf t = b->one;

		b->rd = rd;	/* the records' reader and bytes go with them */
		b->one = s->one;
		s->one = t;
		if (handoff_put(s->out, b) < 0)
			return -1;	/* the taker stopped: no more */
	} else {
		if (b != NULL)
			handoff_give(s->out, b);
		rd_close(rd);
	}
	if (k < 0)
		return -1;	/* fn's own error, which it said */
	if (rc < 0)
		return fail_as_whole(l, d);
	while (++j < s->nrun)	/* rows of no record, and those after */
		recno += rw[j].skip;
	s->recno = recno + s->skipped;
	s->skipped = 0;
	s->nrun = 0;
	return 0;
}

/* The row [pos, end), of lines lines, added to the run to read, so that
 * the reader reads the rows of a block at once; got: picked already. */
static void
run_row(struct scan *s, size_t end, long lines, int got)
{
	struct runrow *rw;

	if (s->nrun == 0) {
		buf_reset(&s->one);
		(void)csvedit_add_header(s->l, &s->one);
		s->recno += s->skipped;
		s->skipped = 0;
		s->run_end = s->line;
	}
	buf_fill(&s->one, '\n', (size_t)(s->line - s->run_end));
	s->run = xgrow(s->run, &s->caprun, s->nrun, sizeof *s->run);
	rw = &s->run[s->nrun++];
	rw->off = s->base + s->pos;
	rw->at = s->one.len;
	rw->line = s->line;
	rw->skip = s->skipped;
	rw->picked = got;
	s->skipped = 0;
	s->run_end = s->line + lines;
	buf_add(&s->one, s->buf + s->pos, end - s->pos);
}

/* ---- the scan and the rescan ---- */

/* A record fn marked for the rescan: its row's place. */
static void
mark(struct ledger *l, const struct rec *r)
{
	struct place *p;

	if (l->nplace > 0 && l->place[l->nplace - 1].off == (size_t)r->off)
		return;	/* another record of the same row */
	l->place = xgrow(l->place, &l->capplace, l->nplace, sizeof *l->place);
	p = &l->place[l->nplace++];
	memset(p, 0, sizeof *p);
	p->off = (size_t)r->off;
	p->marked = 1;
}

/* Is the row at off one fn marked?  The places come in file order. */
static int
marked(const struct ledger *l, struct pick *pk, size_t off)
{
	while (pk->mark < l->nplace && l->place[pk->mark].off < off)
		pk->mark++;
	return pk->mark < l->nplace && l->place[pk->mark].off == off;
}

/* Is the row at off one fn marked?  Whatever rows were looked at
 * since (a run is read after the row that ends it). */
static int
marked_at(const struct ledger *l, size_t off)
{
	size_t lo = 0, hi = l->nplace, i;

	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		if (l->place[i].off == off)
			return 1;
		if (l->place[i].off < off)
			lo = i + 1;
		else
			hi = i;
	}
	return 0;
}

/* A new block from the row at pos. */
static void
new_block(struct scan *s)
{
	s->blk = csvlook_block_new(s->l, s->base + s->pos);
	s->blk->line = s->line;
	s->blk->recno = s->recno;
	s->blk->simple = s->index;
}

/* The row [pos, end) noted in the block's rows: its instance's hash h,
 * and whether it is simple (struct block). */
static void
note_row(struct scan *s, size_t end, uint64_t h, int simple)
{
	struct ledger *l = s->l;
	size_t n = end - s->pos;

	if (!simple || n > UINT32_MAX)
		s->blk->simple = 0;
	l->rows = xgrow(l->rows, &l->caprows, l->nrows, sizeof *l->rows);
	l->rows[l->nrows++] = (uint64_t)(uint32_t)h << 32 | (uint32_t)n;
}

static void
scan_init(struct scan *s, struct ledger *l, size_t from, size_t to)
{
	memset(s, 0, sizeof *s);
	s->l = l;
	s->cap = CHUNK;
	s->buf = xmalloc(s->cap);
	s->base = from;
	s->stop = to;
	s->rl.ko = s->rl.ki = NONE;
	for (size_t i = 0; i < l->nfilecols; i++)
		if (strcmp(l->cols[i], "order_id") == 0)
			s->rl.ko = i;
		else if (strcmp(l->cols[i], "instance_id") == 0)
			s->rl.ki = i;
}

static void
scan_free(struct scan *s)
{
	free(s->buf);
	free(s->bits);
	free(s->run);
	buf_free(&s->one);
}

/* The lines of a row: its LFs, and one more for a last line without. */
static long
lines_of(const char *p, size_t n, int plain)
{
	long k = plain ? n > 0 && p[n - 1] == '\n' : (long)csvlook_count(p, n,
	    '\n');

	return k + (n > 0 && p[n - 1] != '\n');
}

/*
 * The rows from s->base to s->stop: each looked at quickly, and read by
 * the reader when it may be wanted (pk: by the rescan, else by the scan's
 * filter) or when only the reader can tell what it is.  0, or -1.
 */
static int
rows(struct scan *s, struct pick *pk, scan_fn fn, void *arg, struct diag *d)
{
	struct ledger *l = s->l;
	const struct rowlook *rl = &s->rl;
	size_t end, nul, cr;
	long lines;
	int plain, rc, q, got;

	while ((rc = next_row(s, &end, &plain, d)) > 0) {
		const char *p = s->buf + s->pos;

		if (pk == NULL && (s->blk == NULL || s->base + s->pos >=
		    s->blk->off + l->block_bytes)) {
			if (read_run(s, pk, fn, arg, d) < 0)
				return -1;	/* its rows are the block's */
			/* a row before this one that may change has said
			 * so (read_run): the copy ahead may come this far */
			ledger_copy_pace(l, s->base + s->pos);
			new_block(s);
		}
		if (plain) {
			nul = next_of(s, &s->nul, &s->nul_ok, '\0');
			cr = next_of(s, &s->cr, &s->cr_ok, '\r');
			q = csvlook_plain(l, &s->rl, p, end - s->pos,
			    (nul < cr ? nul : cr) - s->pos);
		} else
			q = csvlook_quoted(l, &s->rl, p, end - s->pos);
		lines = lines_of(p, end - s->pos, plain);
		if (pk == NULL) {
			uint64_t h = q > 0 ? csvlook_hash(rl->iid ? rl->iid :
			    "", rl->in) : 0;

			if (q > 0)
				csvlook_block_add(l, s->blk, h);
			if (s->index)
				note_row(s, end, h, q == 1 && lines == 1);
		}
		got = q == 1 && pk != NULL && rl->iid && picked(pk, rl->iid,
		    rl->in);
		if (q < 0 || got || (q > 0 && (pk != NULL ? marked(l, pk,
		    s->base + s->pos) : next_text(s) < end || wanted(s, rl->oid,
		    rl->on, rl->iid, rl->in))))
			run_row(s, end, lines, got);
		else
			s->skipped += (size_t)q;
		s->line += lines;
		s->pos = end;
	}
	return rc < 0 || read_run(s, pk, fn, arg, d) < 0 ? -1 : 0;
}

/* The first NUL or CR of p, n, or SIZE_MAX. */
static size_t
odd_at(const char *p, size_t n)
{
	const char *nul = memchr(p, '\0', n), *cr = memchr(p, '\r', n);

	if (nul == NULL || (cr != NULL && cr < nul))
		nul = cr;
	return nul ? (size_t)(nul - p) : SIZE_MAX;
}

/*
 * The nrows rows of a simple block (struct block) for the rescan, read
 * whole: only those of an instance whose hash pk may ask for, and those
 * fn marked, looked at; the others passed by, a record and a line each.
 * 0, or -1.
 */
static int
noted_rows(struct scan *s, struct pick *pk, size_t nrows, scan_fn fn,
    void *arg, struct diag *d)
{
	struct ledger *l = s->l;
	const uint64_t *w = l->rows + s->blk->row0;
	const char *p, *nl;
	size_t j, n, sum = 0;
	int q, got;

	while (!s->eof)
		if (fill(s, d) < 0)
			return -1;
	for (j = 0; j < nrows; j++)
		sum += (uint32_t)w[j];
	if (sum != s->len)
		return ledger_changed(l, d);
	for (j = 0; j < nrows; j++, s->line++, s->pos += n) {
		n = (uint32_t)w[j];
		if (!low_hit(pk, (uint32_t)(w[j] >> 32)) &&
		    !marked(l, pk, s->base + s->pos)) {
			s->skipped++;
			continue;
		}
		p = s->buf + s->pos;
		nl = memchr(p, '\n', n);
		if (nl ? nl != p + n - 1 : s->base + s->pos + n != l->len)
			return ledger_changed(l, d);	/* not its row */
		q = memchr(p, '"', n) == NULL ? csvlook_plain(l, &s->rl, p, n,
		    odd_at(p, n)) : csvlook_quoted(l, &s->rl, p, n);
		got = q == 1 && s->rl.iid && picked(pk, s->rl.iid, s->rl.in);
		if (q < 0 || got || (q > 0 && marked(l, pk, s->base + s->pos)))
			run_row(s, s->pos + n, 1, got);
		else
			s->skipped += (size_t)q;
	}
	return read_run(s, pk, fn, arg, d);
}

int
csvscan_scan(struct ledger *l, scan_fn fn, void *arg, struct diag *d)
{
	struct scan s;
	int rc;

	scan_init(&s, l, l->hdr_end, l->len);
	want_bits(&s);
	s.line = l->hdr_lines;
	l->nblocks = l->nplace = l->niids = l->nrows = 0;
	l->bloom_ring = l->want != NULL && l->want->n <= FEW_IDS ?
	    l->ring_blocks : 0;
	s.index = l->bloom_ring == 0 && !l->marked_only;
	rc = rows(&s, NULL, fn, arg, d);
	ledger_copy_pace(l, SIZE_MAX);
	scan_free(&s);
	return rc;
}

/* The blocks that may hold a record pk picks, read again, their records
 * given to fn, or handed over (out).  0, or -1. */
static int
rescan_blocks(struct ledger *l, struct pick *pk, scan_fn fn, void *arg,
    struct handoff *out, struct diag *d)
{
	struct scan s;
	size_t i, to;
	int rc = 0, hit;

	for (i = 0; i < l->nblocks && rc == 0; i++) {
		to = i + 1 < l->nblocks ? l->blocks[i + 1].off : l->len;
		hit = marked(l, pk, l->blocks[i].off) ||
		    (pk->mark < l->nplace && l->place[pk->mark].off < to) ?
		    1 : block_hit(l, i, to, pk, d);
		if (hit <= 0) {
			rc = hit;
			continue;
		}
		scan_init(&s, l, l->blocks[i].off, to);
		s.line = l->blocks[i].line;
		s.recno = l->blocks[i].recno;
		s.blk = &l->blocks[i];
		s.out = out;
		rc = s.blk->simple ? noted_rows(&s, pk, (i + 1 < l->nblocks ?
		    l->blocks[i + 1].row0 : l->nrows) - s.blk->row0, fn, arg,
		    d) : rows(&s, pk, fn, arg, d);
		scan_free(&s);
	}
	return rc;
}

/* A rescan whose blocks a thread reads, handing their records over. */
struct apart {
	struct ledger	*l;
	struct pick	*pk;
	scan_fn		 fn;		/* which it does not call */
	struct handoff	 h;
	int		 rc;
	struct diag	 d;
};

static void *
read_apart(void *arg)
{
	struct apart *a = arg;

	a->rc = rescan_blocks(a->l, a->pk, a->fn, NULL, &a->h, &a->d);
	handoff_done(&a->h);
	return NULL;
}

/*
 * The rescan, its blocks read (from the disk, the quick look, the
 * reader) in a thread, while this one gives their records to fn, in the
 * same order: most of the time of a rescan for thousands of instances
 * is in fn.  0, or -1 with the first error in the order of the file,
 * fn's or the reading's, as without the thread.
 */
static int
rescan_apart(struct ledger *l, struct pick *pk, scan_fn fn, void *arg,
    struct diag *d)
{
	struct apart a;
	struct batch *b;
	pthread_t t;
	size_t j;
	int rc = 0;

	memset(&a, 0, sizeof a);
	a.l = l;
	a.pk = pk;
	a.fn = fn;
	handoff_init(&a.h);
	if (pthread_create(&t, NULL, read_apart, &a) != 0) {
		handoff_free(&a.h);
		return rescan_blocks(l, pk, fn, arg, NULL, d);
	}
	while ((b = handoff_take(&a.h)) != NULL) {
		for (j = 0; j < b->nrec && rc == 0; j++)
			if (fn(arg, b->recno[j], &b->rec[j]) < 0) {
				rc = -1;
				handoff_stop(&a.h);
			}
		handoff_give(&a.h, b);
	}
	pthread_join(t, NULL);
	handoff_free(&a.h);
	if (rc == 0 && a.rc < 0) {
		*d = a.d;
		rc = -1;
	}
	return rc;
}

int
csvscan_rescan(struct ledger *l, const struct idset *ids, scan_fn fn,
    void *arg, struct diag *d)
{
	struct pick pk;
	size_t i;
	int rc;

	memset(&pk, 0, sizeof pk);
	pk.ids = ids;
	pk.keys = xcalloc(ids->n + 1, sizeof *pk.keys);
	for (i = 0; i < ids->n; i++) {
		pk.keys[i].h = csvlook_hash(ids->ids[i].s, ids->ids[i].len);
		pk.keys[i].i = i;
	}
	qsort(pk.keys, ids->n, sizeof *pk.keys, by_key);
	pk.nkeys = ids->n;
	pk.bits = id_bits(ids, &pk.mask);
	pk.lows = xcalloc(ids->n + 1, sizeof *pk.lows);
	for (i = 0; i < ids->n; i++)
		pk.lows[i] = (uint32_t)pk.keys[i].h;
	qsort(pk.lows, ids->n, sizeof *pk.lows, by_low);
	/* a rescan of marks alone reads little: no thread for it */
	rc = l->len >= l->thread_bytes && ids->n > 0 ? rescan_apart(l, &pk,
	    fn, arg, d) : rescan_blocks(l, &pk, fn, arg, NULL, d);
	free(pk.keys);
	free(pk.bits);
	free(pk.lows);
	free(pk.text);
	return rc;
}

int
csvscan_each(struct ledger *l, int (*fn)(void *, size_t, const char *,
    size_t, int), void *arg, struct diag *d)
{
	struct scan s;
	size_t end;
	int rc, plain;

	scan_init(&s, l, l->hdr_end, l->len);
	while ((rc = next_row(&s, &end, &plain, d)) > 0) {
		if (fn(arg, s.base + s.pos, s.buf + s.pos, end - s.pos,
		    plain) < 0) {
			rc = -1;
			break;
		}
		s.pos = end;
	}
	scan_free(&s);
	return rc;
}
