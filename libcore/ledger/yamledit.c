/*
 * The YAML splice (ledger.h): where a scan's records are in the bytes of
 * the file, from libyaml's marks (which count characters, not bytes), and
 * the changes as text spliced into those bytes.  A changed value takes
 * the place of the old one; a new field goes on a line of its own, or
 * into its {flow} record; an appended record is indented like the last.
 * Comments, quoting and indentation stay as they were.  A splice is
 * fragile by nature: the new file is read back (readback.c).  The file is
 * mapped; a scan lets its pages go behind it, and notes where libyaml's
 * characters are on the way, so that its memory stays the same whatever
 * the file's size.  It is one unit of about 690 lines: every part finds
 * its bytes through the same character cursor and line helpers.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/swar.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/out.h"
#include "records/reader.h"
#include "records/writer.h"

/* A scan of a YAML file mapped lets its pages go this far behind the
 * record read, and notes where libyaml's characters are every so often,
 * so that it need not read the file from its start again. */
#define BEHIND		(4u << 20)
#define CH_STEP		(1u << 20)

/* The pages of the mapped file that bytes [from, to) cover wholly let
 * go: read again from the file if they are needed again. */
static void
let_go(struct ledger *l, size_t from, size_t to)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	from = (from + pg - 1) / pg * pg;
	to = to / pg * pg;
	if (l->mapped && to > from)
		(void)madvise(l->data + from, to - from, MADV_DONTNEED);
}

/* Whether the file, as its first bytes tell, is YAML to scan, whose
 * pages a scan lets go as it goes (ledger_load then maps it lazily). */
int
yamledit_lazy(struct ledger *l)
{
	char head[512];
	ssize_t k;

	if (l->fmt != FMT_AUTO)
		return l->fmt == FMT_YAML;
	while ((k = pread(l->rp.fd, head, sizeof head, 0)) < 0 &&
	    errno == EINTR)
		;
	return k > 0 && rd_fmt_detect(head, (size_t)k) == FMT_YAML;
}

/* The byte offset of libyaml's character index ch (a BOM not counted):
 * from the cursor, or from the last place noted before ch when ch is
 * behind the cursor or far ahead of it (so that the pages between, let
 * go, are not read again); eight bytes at a time through plain ASCII. */
static size_t
byte_at(struct ledger *l, size_t ch)
{
	const unsigned char *p = (const unsigned char *)l->data;
	size_t lo = 0, hi = l->nchpos, m;
	int back = ch < l->cur_ch || (l->cur_ch == 0 && l->cur_byte == 0);

	if (back || ch - l->cur_ch > CH_STEP) {
		while (lo < hi) {
			m = lo + (hi - lo) / 2;
			if (l->chpos[m].ch <= ch)
				lo = m + 1;
			else
				hi = m;
		}
		if (back || (lo > 0 && l->chpos[lo - 1].ch > l->cur_ch)) {
			l->cur_ch = lo > 0 ? l->chpos[lo - 1].ch : 0;
			l->cur_byte = lo > 0 ? l->chpos[lo - 1].byte :
			    ledger_bom(l);
		}
	}
	while (ch - l->cur_ch >= 8 && l->len - l->cur_byte >= 8 &&
	    (swar_load(l->data + l->cur_byte) & SWAR_HIGH) == 0) {
		l->cur_ch += 8;
		l->cur_byte += 8;
	}
	while (l->cur_ch < ch && l->cur_byte < l->len) {
		l->cur_byte++;
		while (l->cur_byte < l->len && (p[l->cur_byte] & 0xC0) == 0x80)
			l->cur_byte++;
		l->cur_ch++;
	}
	return l->cur_byte;
}

/* Behind the record a scan reads, at byte at: the place of the cursor
 * noted, and the pages far enough behind let go. */
static void
scanned_to(struct ledger *l, size_t at)
{
	if (l->nchpos == 0 || l->cur_byte >= l->chpos[l->nchpos - 1].byte +
	    CH_STEP) {
		l->chpos = xgrow(l->chpos, &l->capchpos, l->nchpos,
		    sizeof *l->chpos);
		l->chpos[l->nchpos].ch = l->cur_ch;
		l->chpos[l->nchpos++].byte = l->cur_byte;
	}
	if (at < l->let_go)	/* a scan again */
		l->let_go = 0;
	if (at >= l->let_go + 2 * BEHIND) {
		let_go(l, l->let_go, at - BEHIND);
		l->let_go = at - BEHIND;
	}
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A blank or a line end. */
static int
white(char c)
{
	return blank(c) || c == '\r' || c == '\n';
}

/* Where the line holding byte off starts (after the file's BOM). */
static size_t
line_start(const struct ledger *l, size_t off)
{
	size_t b = ledger_bom(l);

	while (off > b && l->data[off - 1] != '\n')
		off--;
	return off;
}

/* The column of byte off as libyaml counts it: in characters (a BOM
 * within the file is one), from the start of its line. */
static size_t
column(const struct ledger *l, size_t off)
{
	size_t bol = line_start(l, off);

	return utf8_chars(l->data + bol, off - bol);
}

/* Past the byte order mark at byte off, if one is there: libyaml skips
 * one at the start of any line, not only of the file. */
static size_t
past_bom(const struct ledger *l, size_t off, size_t end)
{
	return end - off >= 3 && memcmp(l->data + off, "\xEF\xBB\xBF", 3) == 0 ?
	    off + 3 : off;
}

/* Just past the line holding byte off (which may be past its "\n"), or
 * where that line starts if only blanks (after a byte order mark) come
 * before off on it: an empty value with no ":" ("? key") has the next
 * token's mark, which may start the next record. */
static size_t
after_line(const struct ledger *l, size_t off)
{
	size_t bol = line_start(l, off), i;
	const char *nl;

	for (i = past_bom(l, bol, off); i < off && blank(l->data[i]); i++)
		;
	if (i == off)
		return bol;
	nl = memchr(l->data + off, '\n', l->len - off);
	return nl ? (size_t)(nl + 1 - l->data) : l->len;
}

/*
 * Where the entry of a block list that holds a record starting at byte
 * start starts: the start of its line, when that line is spaces, then its
 * "-" at *col, then blanks up to the record; SIZE_MAX when it is not so.  The
 * read-back of the spliced records alone (readback.c) starts and ends
 * at such lines.
 */
static size_t
entry(const struct ledger *l, size_t start, uint32_t *col)
{
	size_t bol = line_start(l, start), i = start, j;

	while (i > bol && blank(l->data[i - 1]))
		i--;
	if (i == start || i == bol || l->data[--i] != '-')
		return SIZE_MAX;
	for (j = bol; j < i && l->data[j] == ' '; j++)
		;
	if (j < i || i - bol > UINT32_MAX)
		return SIZE_MAX;
	*col = (uint32_t)(i - bol);
	return bol;
}

/* Where new YAML records go: after the last one, indented like it; and
 * where the last one's entry starts (last_entry). */
void
yamledit_note_last(struct ledger *l, const struct rec *r)
{
	size_t start = byte_at(l, r->mark_start), bol = line_start(l, start);
	size_t i, end;

	l->last_entry = entry(l, start, &l->last_col);
	l->have_last = 0;
	l->open_end = r->last_block && l->data[l->len - 1] != '\n' &&
	    byte_at(l, r->mark_last) == l->len;
	for (i = start; i > bol && l->data[i - 1] != '-'; i--)
		;
	/* not an item of a block list: no "-", or one of "--- " */
	if (i == bol || (i - 1 > bol && l->data[i - 2] == '-')) {
		scanned_to(l, start);
		return;
	}
	l->have_last = 1;
	l->dash_col = column(l, i - 1);
	l->key_col = r->flow ? l->dash_col + 2 : column(l, start);
	/* the end of a flow record is its "}", if it has one, which may
	 * start its line; mark_last is just past the last value, which may
	 * be past its line end */
	end = byte_at(l, r->flow ? r->mark_end : r->mark_last);
	if (r->flow && end < l->len && l->data[end] == '}')
		end++;
	l->append_at = after_line(l, end);
	scanned_to(l, start);
}

size_t
yamledit_entry(struct ledger *l, const struct rec *r, uint32_t *col)
{
	size_t start = byte_at(l, r->mark_start), at;

	at = entry(l, start, col);
	scanned_to(l, start);
	return at;
}

static void
add_splice(struct splices *ss, size_t off, size_t del, struct buf *text)
{
	ss->s = xgrow(ss->s, &ss->cap, ss->n, sizeof *ss->s);
	ss->s[ss->n].off = off;
	ss->s[ss->n].del = del;
	ss->s[ss->n].seq = ss->n;
	ss->s[ss->n].text = xmemdup(text->p, text->len);
	ss->n++;
}

static int
by_place(const void *a, const void *b)
{
	const struct splice *x = a, *y = b;

	if (x->off != y->off)
		return (x->off > y->off) - (x->off < y->off);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* "key: value" with both quoted as the yaml writer quotes them. */
static void
yaml_pair_text(struct buf *b, const char *k, const char *v)
{
	struct out o;

	out_init_buf(&o, b);
	wr_yaml_scalar(&o, k, strlen(k));
	out_puts(&o, ": ");
	wr_yaml_scalar(&o, v, strlen(v));
	out_close(&o);
}

static void
yaml_value_text(struct buf *b, const char *v)
{
	struct out o;

	out_init_buf(&o, b);
	wr_yaml_scalar(&o, v, strlen(v));
	out_close(&o);
}

static void
spaces(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

/*
 * A new pair in a {flow} mapping: before its "}", after a comma unless
 * one (or the "{") is there already; or, when the "}" starts a line
 * (after blanks or a byte order mark), so that a comment may end the
 * line before it, just after the "{".  The n-th new pair of the record
 * follows those before it.
 */
/* The "{" of a {flow} record that starts at byte start, past its tag or
 * anchor ("! {key}", "&a {key}") and the comments after them; start
 * when there is none before close. */
static size_t
flow_open(const struct ledger *l, size_t start, size_t close)
{
	size_t i = start;
	char c;

	while (i < close && (c = l->data[i]) != '{') {
		if (c == '#')			/* a comment, to its line end */
			while (i < close && l->data[i] != '\n')
				i++;
		else if (c == '!' || c == '&')	/* a tag, an anchor */
			while (i < close && !white(l->data[i]))
				i++;
		else if (white(c))
			i++;
		else
			return start;
	}
	return i < close ? i : start;
}

static void
flow_pair(const struct ledger *l, size_t open, size_t close, const char *name,
    const char *value, size_t n, struct buf *t, struct splices *ss)
{
	size_t i = close;

	while (i > open && blank(l->data[i - 1]))
		i--;
	if (i - open > 3 && past_bom(l, i - 3, i) == i &&
	    (l->data[i - 4] == '\n' || l->data[i - 4] == '\r'))
		i -= 3;		/* a BOM starting the line: libyaml skips it */
	if (l->data[i - 1] == '\n' || l->data[i - 1] == '\r') {
		buf_addc(t, ' ');
		yaml_pair_text(t, name, value);
		buf_addc(t, ',');
		if (!strchr(" \t\r\n", l->data[open + 1]))
			buf_addc(t, ' ');
		add_splice(ss, open + 1, 0, t);
		return;
	}
	buf_adds(t, n > 0 || (l->data[i - 1] != ',' && l->data[i - 1] != '{') ?
	    ", " : " ");
	yaml_pair_text(t, name, value);
	add_splice(ss, close, 0, t);
}

/* The column of the key at byte off; of its "?" when it is an explicit
 * key ("? key"), since the mapping's keys line up with that.  The "?"
 * may be on a line above, past comments; only "- " comes before it on
 * its line, and a line starting a list item is as far up as it can be. */
static size_t
key_column(const struct ledger *l, size_t off)
{
	size_t bol = line_start(l, off), end = off, i;
	int dash;

	for (;;) {
		for (i = past_bom(l, bol, end), dash = 0; i < end &&
		    (white(l->data[i]) || l->data[i] == '-'); i++)
			dash |= l->data[i] == '-';
		if (i < end && l->data[i] == '?' && (i + 1 == l->len ||
		    white(l->data[i + 1])))
			return column(l, i);
		if (dash || (i < end && l->data[i] != '#') ||
		    bol <= ledger_bom(l))
			return column(l, off);
		end = bol - 1;
		bol = line_start(l, end);
	}
}

/* Lines inserted at the end of a file whose last line has no line end:
 * the first of them ends it. */
static void
end_last_line(struct ledger *l, size_t at, struct buf *t)
{
	if (at == l->len && l->len > 0 && l->data[l->len - 1] != '\n' &&
	    !l->ended) {
		buf_addc(t, '\n');
		l->ended = 1;
	}
}

/* A line of its own at byte at, a line start, indented to column col:
 * "name: value", or ": value" for the explicit key above (name NULL). */
static void
own_line(struct ledger *l, size_t at, size_t col, const char *name,
    const char *value, struct buf *t, struct splices *ss)
{
	end_last_line(l, at, t);
	spaces(t, col);
	if (name != NULL)
		yaml_pair_text(t, name, value);
	else {
		buf_adds(t, ": ");
		yaml_value_text(t, value);
	}
	buf_addc(t, '\n');
	add_splice(ss, at, 0, t);
}

/* The byte n characters (as byte_at() counts them) before byte off. */
static size_t
back_chars(const struct ledger *l, size_t off, size_t n)
{
	const unsigned char *p = (const unsigned char *)l->data;
	size_t b = ledger_bom(l);

	for (; n > 0 && off > b; n--)
		while (--off > b && (p[off] & 0xC0) == 0x80)
			;
	return off;
}

/* The ":" after a key ending at byte kb, past blanks, line ends and
 * comments, before byte end; 0 if there is none ("{key}", "? key"). */
static size_t
key_colon(const struct ledger *l, size_t kb, size_t end)
{
	while (kb < end && (white(l->data[kb]) || l->data[kb] == '#')) {
		if (l->data[kb] == '#')
			while (kb < end && l->data[kb] != '\n')
				kb++;
		else
			kb++;
	}
	return kb < end && l->data[kb] == ':' ? kb : 0;
}

/* A changed value, in place of bytes [b0, b1) of the old one. */
static void
value_splice(struct ledger *l, const struct kept *k, const struct span *s,
    const char *value, size_t key_col, struct buf *t, struct splices *ss)
{
	size_t b0 = byte_at(l, s->start), b1 = byte_at(l, s->end), i;
	size_t kb = back_chars(l, b0, s->start - s->key_end);
	size_t colon = key_colon(l, kb, b0);
	int lines = 0;

	/* the key's ":", and whether only blanks and line ends, at least
	 * one, come between it and the value */
	for (i = colon + 1; colon > 0 && i < b0 && white(l->data[i]); i++)
		lines += l->data[i] == '\n';
	if (i < b0)
		lines = 0;
	if (b0 == b1 && colon > 0) {
		/* no value: it goes right after the ":" */
		b0 = b1 = colon + 1;
		buf_addc(t, ' ');
	} else if (b0 == b1) {
		/* no value and no ":" ("{key}", "? key"), whose empty
		 * value has the next token's mark: a ":" of its own right
		 * after the key in a flow, on a line below it in a block */
		if (!k->r.flow) {
			own_line(l, after_line(l, kb), key_col, NULL, value,
			    t, ss);
			return;
		}
		b0 = b1 = kb;
		buf_adds(t, ": ");
	} else if (lines > 0) {
		/* on a line below its key: a "|" may be as deep as the
		 * key, where a quoted value may not; up to the ":" */
		b0 = colon + 1;
		buf_addc(t, ' ');
	}
	yaml_value_text(t, value);
	if (b1 > b0 && l->data[b1 - 1] == '\n')
		buf_addc(t, '\n');
	add_splice(ss, b0, b1 - b0, t);
}

static void
yaml_kept(struct ledger *l, struct kept *k, struct splices *ss)
{
	struct buf t = BUF_INIT;
	size_t i, nflow = 0, start = byte_at(l, k->r.mark_start), key_col, close;

	/* keys line up with the first, which need not be where the mapping
	 * starts ("- &anchor" and the keys below it); positions are found
	 * in file order, which byte_at() goes through fastest */
	key_col = key_column(l, k->r.mark_key > 0 ?
	    byte_at(l, k->r.mark_key) : start);
	close = k->r.flow ? byte_at(l, k->r.mark_end) : 0;
	/* values in place first (every field the record has has a place,
	 * as yamledit_prepare saw): a new pair may go where an empty value
	 * ends ("{key}", or "key:" ending the file), and must follow it */
	for (i = 0; i < k->nset; i++) {
		long f = rec_find(&k->r, k->set[i].name, NULL);

		if (f >= 0) {
			buf_reset(&t);
			value_splice(l, k, &k->r.span[f], k->set[i].value,
			    key_col, &t, ss);
		}
	}
	for (i = 0; i < k->nset; i++) {
		if (rec_find(&k->r, k->set[i].name, NULL) >= 0)
			continue;
		buf_reset(&t);
		if (k->r.flow)
			flow_pair(l, flow_open(l, start, close), close,
			    k->set[i].name, k->set[i].value, nflow++, &t, ss);
		else
			own_line(l, after_line(l, byte_at(l, k->r.mark_last)),
			    key_col, k->set[i].name, k->set[i].value, &t, ss);
	}
	buf_free(&t);
}

static void
yaml_added(struct ledger *l, const struct rec *r, struct splices *ss)
{
	struct buf t = BUF_INIT;
	size_t i;

	end_last_line(l, l->append_at, &t);
	for (i = 0; i < r->n; i++) {
		if (i == 0) {
			spaces(&t, l->dash_col);
			buf_adds(&t, "- ");
			spaces(&t, l->key_col - l->dash_col - 2);
		} else
			spaces(&t, l->key_col);
		yaml_pair_text(&t, r->f[i].name, rec_val(r, i));
		buf_addc(&t, '\n');
	}
	add_splice(ss, l->append_at, 0, &t);
	buf_free(&t);
}

/*
 * The first line break, to a YAML reader, that is not LF or CR LF: a lone
 * CR, or NEL, U+2028 or U+2029 written out (our writer escapes them).  The
 * edits find lines by LF, so a file holding one is not changed; l->len if
 * there is none.
 */
static size_t
odd_in(const struct ledger *l, size_t from, size_t to)
{
	const char *p = l->data, *end = p + l->len, *q, *stop;

	for (q = p + from; (q = memchr(q, '\r', (size_t)(p + to - q))) != NULL;
	    q++)
		if (q + 1 == end || q[1] != '\n') {
			to = (size_t)(q - p);
			break;
		}
	/* NEL, U+2028, U+2029: past plain ASCII eight bytes at a time */
	for (q = p + from, stop = p + to; q < stop; q++) {
		while (stop - q >= 8 && (swar_load(q) & SWAR_HIGH) == 0)
			q += 8;
		if (q == stop)
			break;
		if ((end - q >= 2 && memcmp(q, "\xC2\x85", 2) == 0) ||
		    (end - q >= 3 && (memcmp(q, "\xE2\x80\xA8", 3) == 0 ||
		    memcmp(q, "\xE2\x80\xA9", 3) == 0)))
			return (size_t)(q - p);
	}
	return to;
}

/* The same, a part at a time, each let go when looked through. */
static size_t
odd_line_break(struct ledger *l)
{
	size_t from, to, odd;

	for (from = 0; from < l->len; from = to) {
		to = l->len - from > BEHIND ? from + BEHIND : l->len;
		odd = odd_in(l, from, to);
		let_go(l, from, to);
		if (odd < to)
			return odd;
	}
	return l->len;
}

/* A file made now (ledger_create): its seed, "[]", becomes the block
 * list of the records added, at column 0, as order-show -o yaml writes
 * them. */
static void
seed_list(struct ledger *l, struct splices *ss)
{
	struct buf none = BUF_INIT;

	add_splice(ss, 0, l->len, &none);
	l->flow_list = 0;
	l->have_last = 1;
	l->dash_col = 0;
	l->key_col = 2;
	l->append_at = l->len;
}

/* The splices of the changes, in order; -1 if they cannot be made. */
int
yamledit_prepare(struct ledger *l, struct splices *ss, struct diag *d)
{
	size_t i, odd = odd_line_break(l);

	if (odd < l->len) {
		size_t bol = line_start(l, odd), n = 1;

		for (i = 0; i < bol; i++)
			n += l->data[i] == '\n';
		diag_set(d, l->rp.path, (long)n, (long)utf8_chars(l->data + bol,
		    odd - bol) + 1, "a line end other than LF or CR LF (a lone "
		    "CR, NEL, U+2028 or U+2029): the file is not changed in "
		    "place");
		return -1;
	}
	if (l->rp.seeded && l->added.n > 0)
		seed_list(l, ss);
	if (l->added.n > 0 && (l->flow_list || !l->have_last)) {
		diag_set(d, l->rp.path, 0, 0, "records are added only after a "
		    "record of a block list (\"- key: value\" lines)");
		return -1;
	}
	for (i = 0; i < l->nkept; i++) {
		const struct kept *k = &l->kept[i];
		size_t j;

		for (j = 0; j < k->nset; j++) {
			long f = rec_find(&k->r, k->set[j].name, NULL);

			if (f >= 0 && (k->r.span == NULL ||
			    k->r.span[f].start == 0)) {
				diag_set(d, l->rp.path, k->r.line, 0, "%s "
				    "holds a list here: a list is not changed "
				    "in place", k->set[j].name);
				return -1;
			}
		}
	}
	l->ended = 0;
	for (i = 0; i < l->nkept; i++)
		yaml_kept(l, &l->kept[i], ss);
	for (i = 0; i < l->added.n; i++)
		yaml_added(l, &l->added.r[i], ss);
	for (i = 0; i < ss->n && l->open_end; i++)
		if (ss->s[i].off == l->len && ss->s[i].text[0] == '\n') {
			diag_set(d, l->rp.path, 0, 0, "the file ends in a "
			    "\"|\" or \">\" value without a line end, which a "
			    "line written after it would change: end the "
			    "file with a line end first");
			return -1;
		}
	if (ss->n > 1)
		qsort(ss->s, ss->n, sizeof *ss->s, by_place);
	return 0;
}

void
yamledit_free(struct splices *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->s[i].text);
	free(ss->s);
	ss->s = NULL;
	ss->n = ss->cap = 0;
}

void
yamledit_write(struct ledger *l, struct out *o, struct splices *ss0)
{
	struct splices ss = *ss0;
	size_t i, pos = 0;

	free(l->spliced);
	l->spliced = xcalloc(ss.n + 1, sizeof *l->spliced);
	l->nspliced = ss.n;
	for (i = 0; i < ss.n; i++) {
		l->spliced[i].off = ss.s[i].off;
		l->spliced[i].del = ss.s[i].del;
		l->spliced[i].len = strlen(ss.s[i].text);
		ledger_copy_span(l, o, pos, ss.s[i].off - pos);
		out_puts(o, ss.s[i].text);
		pos = ss.s[i].off + ss.s[i].del;
		free(ss.s[i].text);
	}
	ledger_copy_span(l, o, pos, l->len - pos);
	free(ss.s);
}
