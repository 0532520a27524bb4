/*
 * YAML records through libyaml's events (yamlio.h): one state machine
 * over the event stream, a frame per collection, read top to bottom.  At
 * some 700 lines it is long, but splitting it would scatter the roles of
 * the frames over units that each need all of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "records/envelope.h"
#include "records/fields.h"
#include "records/input.h"
#include "records/yamlio.h"

#define MAX_DEPTH	64
#define MAX_VALUE	(16u << 20)	/* bytes of one value */
#define WINDOW		(64 * 1024)

enum role {
	R_LIST,		/* a sequence whose items are records */
	R_CAND,		/* a document's root mapping: one record or an envelope */
	R_RECORD,	/* an item of a record list */
	R_MAP,		/* a mapping inside a record */
	R_SEQ,		/* a list inside a record */
	R_TAGS,		/* the ECS tag list */
	R_TAG		/* one TagKey/TagValue item of it */
};

struct frame {
	enum role	 role;
	struct rec	*rec;		/* the record names go into */
	size_t		 base;		/* path.len where its names begin */
	size_t		 keyat;		/* path.len before the current key */
	int		 want_key;	/* mappings: a key comes next */
	int		 inseq;		/* within a list: repeats join with ";" */
	size_t		 adds;		/* fields set when the frame began */
	int		 tagpart;	/* R_TAG: 1 TagKey, 2 TagValue, 0 other */
	yaml_mark_t	 keymark;	/* the key naming the current value */
	size_t		 keyend;	/* and where it ends */
};

static int
is_map(enum role r)
{
	return r == R_CAND || r == R_RECORD || r == R_MAP || r == R_TAG;
}

/* Keep the last stretch of input so an error can quote its line. */
static void
remember(struct yamlin *ys, const char *p, size_t n)
{
	const char *cut, *q, *end;
	size_t drop;

	buf_add(&ys->win, p, n);
	if (ys->win.len <= 2 * WINDOW)
		return;
	cut = memchr(ys->win.p + ys->win.len - WINDOW, '\n', WINDOW);
	drop = cut ? (size_t)(cut + 1 - ys->win.p) : ys->win.len - WINDOW;
	end = ys->win.p + drop;
	for (q = ys->win.p; ys->win_line >= 0 &&
	    (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		ys->win_line++;
	if (cut == NULL)
		ys->win_line = -1;
	memmove(ys->win.p, ys->win.p + drop, ys->win.len - drop);
	ys->win.len -= drop;
	ys->win_off += drop;
}

static int
read_input(void *arg, unsigned char *p, size_t size, size_t *got)
{
	struct yamlin *ys = arg;
	ssize_t r;

	if ((r = input_read(ys->in, (char *)p, size, &ys->rd_diag)) < 0) {
		ys->rd_failed = 1;
		return 0;
	}
	remember(ys, (const char *)p, (size_t)r);
	*got = (size_t)r;
	return 1;
}

/* The text from (line, col), both 0-based, to the end of that line. */
static const char *
text_at(struct yamlin *ys, size_t line, size_t col, size_t *len)
{
	const char *p = ys->win.p, *end, *nl;
	long l;
	uint32_t c;

	if (ys->win_line < 0 || (long)line < ys->win_line || p == NULL)
		return NULL;
	end = p + ys->win.len;
	for (l = ys->win_line; l < (long)line; l++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return NULL;
		p = nl + 1;
	}
	while (col-- > 0 && p < end && *p != '\n')
		p += utf8_decode(p, (size_t)(end - p), &c);
	nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	if (*len > 0 && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

static int
fail(struct yamlin *ys, yaml_mark_t m, const char *what, struct diag *d)
{
	char q[QUOTE_MAX];
	const char *t;
	size_t n;

	t = text_at(ys, m.line, m.column, &n);
	if (t != NULL && n > 0)
		diag_set(d, ys->in->name, (long)m.line + 1, (long)m.column + 1,
		    "%s: %s", what, diag_quote(q, t, n));
	else
		diag_set(d, ys->in->name, (long)m.line + 1, (long)m.column + 1,
		    "%s", what);
	return -1;
}

/* What libyaml found wrong, where it found it. */
static int
parse_error(struct yamlin *ys, struct diag *d)
{
	yaml_parser_t *p = &ys->p;
	yaml_mark_t m = p->problem_mark;
	char what[512];

	if (ys->rd_failed) {
		*d = ys->rd_diag;
		return -1;
	}
	if (p->error == YAML_READER_ERROR) {
		/* A bad byte: libyaml gives its offset; find its line. */
		size_t i, bol = 0, off = p->problem_offset - ys->win_off;

		memset(&m, 0, sizeof m);
		if (ys->win_line >= 0 && p->problem_offset >= ys->win_off &&
		    off <= ys->win.len) {
			m.line = (size_t)ys->win_line;
			for (i = 0; i < off; i++)
				if (ys->win.p[i] == '\n')
					m.line++, bol = i + 1;
			m.column = utf8_chars(ys->win.p + bol, off - bol);
		}
	}
	snprintf(what, sizeof what, "%s%s%s%s", p->problem ? p->problem :
	    "malformed YAML", p->context ? " (" : "",
	    p->context ? p->context : "", p->context ? ")" : "");
	return fail(ys, m, what, d);
}

int
yamlin_open(struct yamlin *ys, struct input *in, struct diag *d)
{
	memset(ys, 0, sizeof *ys);
	ys->in = in;
	if (!yaml_parser_initialize(&ys->p)) {
		diag_set(d, in->name, 0, 0, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input(&ys->p, read_input, ys);
	rec_init(&ys->cand);
	return 0;
}

void
yamlin_close(struct yamlin *ys)
{
	if (ys->have_held)
		yaml_event_delete(&ys->held);
	yaml_parser_delete(&ys->p);
	strtab_free(&ys->names);
	free(ys->stk);
	buf_free(&ys->path);
	buf_free(&ys->tagkey);
	buf_free(&ys->tagval);
	buf_free(&ys->win);
	buf_free(&ys->listpath);
	rec_free(&ys->cand);
}

const char *
yamlin_lone_list(struct yamlin *ys)
{
	return ys->lone && ys->listpath.len > 0 ? buf_str(&ys->listpath) :
	    NULL;
}

static int
next_event(struct yamlin *ys, yaml_event_t *ev, struct diag *d)
{
	if (ys->have_held) {
		*ev = ys->held;
		ys->have_held = 0;
		return 0;
	}
	if (!yaml_parser_parse(&ys->p, ev))
		return parse_error(ys, d);
	return 0;
}

static int
peek_type(struct yamlin *ys, struct diag *d)
{
	if (!ys->have_held) {
		if (next_event(ys, &ys->held, d) < 0)
			return -1;
		ys->have_held = 1;
	}
	return (int)ys->held.type;
}

static struct frame *
top(struct yamlin *ys)
{
	return ys->depth ? &ys->stk[ys->depth - 1] : NULL;
}

static struct frame *
push(struct yamlin *ys, enum role role)
{
	struct frame *up, *f;

	ys->stk = xgrow(ys->stk, &ys->cap, ys->depth, sizeof *ys->stk);
	up = top(ys);
	f = &ys->stk[ys->depth++];
	memset(f, 0, sizeof *f);
	f->role = role;
	f->want_key = 1;
	if (up != NULL) {
		f->rec = up->rec;
		f->base = up->base;
		f->inseq = up->inseq;
		/* an empty one names a field at the key above it */
		f->keymark = up->keymark;
		f->keyend = up->keyend;
	}
	f->adds = ys->adds;
	return f;
}

/* A frame's records are being ignored: the rest of an envelope. */
static int
ignored(struct yamlin *ys, const struct frame *f)
{
	return f->rec == NULL || (f->rec == &ys->cand && ys->envelope);
}

static const char *
name_of(struct yamlin *ys, const struct frame *f, size_t *len)
{
	*len = ys->path.len - f->base;
	return ys->path.p + f->base;
}

/*
 * Where the field just added is: its line and column for messages (a
 * list's, its first item's), and with spans asked for, where its key and
 * value are for the ledger (none for a list: it is not edited).
 */
static void
note_span(struct yamlin *ys, const struct frame *f, yaml_mark_t m,
    yaml_mark_t end)
{
	struct span *s = rec_span(f->rec, f->rec->n - 1);

	s->line = (long)m.line + 1;
	s->col = (long)m.column + 1;
	if (ys->spans && !f->inseq) {
		s->key_end = f->keyend;
		s->start = m.index;
		s->end = end.index;
	}
}

/* The name a field read as raw has in records, and its API alias. */
static const char *
field_named(struct yamlin *ys, const char *raw, size_t len,
    const struct alias **a)
{
	const char *name = envelope_field(ys->env, raw, len, a);

	return name != NULL ? name : strtab_intern(&ys->names, raw, len);
}

static const char *
field_of(struct yamlin *ys, const char *raw, size_t len)
{
	const struct alias *a;

	return field_named(ys, raw, len, &a);
}

/* A value for the current name: added, or joined to what a list gave. */
static int
set_field(struct yamlin *ys, struct frame *f, const char *v, size_t n,
    yaml_mark_t m, yaml_mark_t end, int block, struct diag *d)
{
	struct buf conv = BUF_INIT;
	const struct alias *a;
	const char *name, *raw;
	size_t len;
	long i;
	char q[QUOTE_MAX], what[256];

	if (ignored(ys, f))
		return 0;
	if (end.index > f->rec->mark_last) {
		f->rec->mark_last = end.index;
		f->rec->last_block = block;
	}
	raw = name_of(ys, f, &len);
	if (len == 0)
		return 0;
	name = field_named(ys, raw, len, &a);
	if (field_take(a, &v, &n, &conv, what, sizeof what) < 0) {
		buf_free(&conv);
		return fail(ys, m, what, d);
	}
	ys->adds++;
	if ((i = rec_find(f->rec, name, NULL)) < 0) {
		rec_add(f->rec, name, v, n);
		note_span(ys, f, m, end);
	} else if (f->inseq)
		rec_join(f->rec, (size_t)i, ';', v, n);
	else {
		buf_free(&conv);
		snprintf(what, sizeof what, "duplicate field %s",
		    diag_quote(q, raw, len));
		return fail(ys, is_map(f->role) ? f->keymark : m, what, d);
	}
	buf_free(&conv);
	f->rec->line = f->rec->line ? f->rec->line : (long)m.line + 1;
	return 0;
}

/* A mapping's value is complete: drop its key from the path. */
static void
value_done(struct yamlin *ys)
{
	struct frame *f = top(ys);

	if (f == NULL || !is_map(f->role) || f->want_key)
		return;
	if (f->role != R_TAG)
		ys->path.len = f->keyat;
	f->want_key = 1;
}

/* A "|" or ">" scalar, whose value a line end after it can change. */
static int
block_scalar(const yaml_event_t *ev)
{
	return ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
}

static int
is_null(const yaml_event_t *ev)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t i;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    ev->data.scalar.length > 4)
		return 0;
	for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp((const char *)ev->data.scalar.value, nulls[i]) == 0)
			return 1;
	return 0;
}

static void
add_tag(struct yamlin *ys, struct frame *f, const char *s, size_t n)
{
	if (ignored(ys, f))
		return;
	ys->adds++;
	if (field_add_tag(f->rec, s, n))
		rec_span(f->rec, f->rec->n - 1);	/* no place: a list */
}

/* The export whose records the collection starting in f, in the root
 * mapping, holds: a list of them (one 0), or one (one 1). */
static const struct envelope *
export_at(struct yamlin *ys, struct frame *f, int one)
{
	const struct envelope *e;
	size_t n;
	const char *name = name_of(ys, f, &n);

	if (f->rec != &ys->cand || (e = envelope_find(name, n)) == NULL)
		return NULL;
	return e->one == one ? e : NULL;
}

/* Is this sequence, in the root mapping, the document's record list? */
static int
is_list_of_records(struct yamlin *ys, struct frame *f, struct diag *d)
{
	size_t n;
	const char *name = name_of(ys, f, &n);
	const struct envelope *e;
	int next;

	if (f->rec != &ys->cand)
		return 0;
	if ((e = export_at(ys, f, 0)) != NULL) {
		ys->env = e;
		return 1;
	}
	if (f->role != R_CAND || field_is_tags(name, n))
		return 0;
	if ((next = peek_type(ys, d)) < 0)
		return -1;
	/* "orders: []" holds no records; "id: 1, items: []" is a record */
	return next == YAML_MAPPING_START_EVENT ||
	    (next == YAML_SEQUENCE_END_EVENT && ys->cand.n == 0);
}


/* A mapping that is a record starts: read into out. */
static void
start_record(struct yamlin *ys, struct rec *out, const yaml_event_t *ev)
{
	struct frame *nf = push(ys, R_RECORD);

	rec_clear(out);
	nf->rec = out;
	nf->base = ys->path.len;
	nf->inseq = 0;
	out->line = (long)ev->start_mark.line + 1;
	out->mark_start = ev->start_mark.index;
	out->flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
}

static int
start_collection(struct yamlin *ys, const yaml_event_t *ev, struct rec *out,
    struct diag *d)
{
	int seq = ev->type == YAML_SEQUENCE_START_EVENT;
	struct frame *f = top(ys), *nf;
	const struct envelope *e;
	const char *raw;
	char q[QUOTE_MAX], what[256];
	size_t n;
	int k;

	if (ys->skip || (f && (f->role == R_TAGS ? seq : f->role == R_TAG))) {
		ys->skip++;
		return 0;
	}
	if (ys->depth >= MAX_DEPTH)
		return fail(ys, ev->start_mark, "nesting deeper than 64 levels",
		    d);
	if (f && is_map(f->role) && f->want_key)
		return fail(ys, ev->start_mark, "a mapping key must be text", d);
	if (f == NULL) {
		nf = push(ys, seq ? R_LIST : R_CAND);
		ys->sources += seq;
		if (seq)
			ys->flow_list = ev->data.sequence_start.style ==
			    YAML_FLOW_SEQUENCE_STYLE;
		else {
			rec_clear(&ys->cand);
			nf->rec = &ys->cand;
			ys->cand.line = (long)ev->start_mark.line + 1;
			ys->cand.mark_start = ev->start_mark.index;
			ys->cand.flow = ev->data.mapping_start.style ==
			    YAML_FLOW_MAPPING_STYLE;
		}
		return 0;
	}
	if (f->role == R_LIST) {
		if (seq)
			return fail(ys, ev->start_mark,
			    "expected a mapping (a record), found a list", d);
		start_record(ys, out, ev);
		return 0;
	}
	if (f->role == R_TAGS) {
		push(ys, R_TAG);
		buf_reset(&ys->tagkey);
		buf_reset(&ys->tagval);
		return 0;
	}
	if (!seq && f->role != R_SEQ && (e = export_at(ys, f, 1)) != NULL) {
		ys->env = e;
		ys->envelope = 1;
		ys->sources++;
		start_record(ys, out, ev);
		return 0;
	}
	if (!seq) {
		if (f->role == R_SEQ && f->rec == &ys->cand &&
		    ys->listpath.len == 0) {
			name_of(ys, f, &n);
			buf_add(&ys->listpath, ys->path.p + f->base, n);
		}
		push(ys, R_MAP);
		return 0;
	}
	if ((k = is_list_of_records(ys, f, d)) < 0)
		return -1;
	if (k) {
		ys->envelope = 1;
		ys->sources++;
		ys->flow_list = ev->data.sequence_start.style ==
		    YAML_FLOW_SEQUENCE_STYLE;
		rec_clear(&ys->cand);
		push(ys, R_LIST)->rec = NULL;
		return 0;
	}
	raw = name_of(ys, f, &n);
	if (f->role != R_SEQ && !field_is_tags(raw, n) && f->rec != NULL &&
	    rec_find(f->rec, field_of(ys, raw, n), NULL) >= 0) {
		/* its items would be joined to the first key's value */
		snprintf(what, sizeof what, "duplicate field %s",
		    diag_quote(q, raw, n));
		return fail(ys, is_map(f->role) ? f->keymark : ev->start_mark,
		    what, d);
	}
	nf = push(ys, field_is_tags(raw, n) ? R_TAGS : R_SEQ);
	nf->inseq = 1;
	return 0;
}

/* Returns 1 when a record is complete. */
static int
end_collection(struct yamlin *ys, const yaml_event_t *ev, struct rec *out,
    struct diag *d)
{
	struct frame f;

	if (ys->skip) {
		if (--ys->skip == 0)
			value_done(ys);
		return 0;
	}
	f = ys->stk[--ys->depth];
	switch (f.role) {
	case R_RECORD:
		out->mark_end = ev->start_mark.index;
		value_done(ys);	/* an export's one record ends its key */
		return 1;
	case R_TAG:
		if (ys->tagkey.len || ys->tagval.len) {
			buf_addc(&ys->tagkey, '=');
			buf_add(&ys->tagkey, ys->tagval.p, ys->tagval.len);
			add_tag(ys, &f, ys->tagkey.p, ys->tagkey.len);
		}
		break;
	case R_TAGS:
		if (ys->adds == f.adds)
			add_tag(ys, &f, "", 0);
		break;
	case R_MAP:
	case R_SEQ:
		/* An empty mapping or list still names a field. */
		if (ys->adds == f.adds && set_field(ys, &f, "", 0,
		    ev->start_mark, ev->start_mark, 0, d) < 0)
			return -1;
		break;
	case R_CAND:
		ys->cand.mark_end = ev->start_mark.index;
		break;
	case R_LIST:
		break;
	}
	/* a list or mapping within a record ends past its last item,
	 * which may be an empty one whose mark is before its "-" */
	if (f.role != R_CAND && f.role != R_LIST && !ignored(ys, &f) &&
	    ev->end_mark.index > f.rec->mark_last) {
		f.rec->mark_last = ev->end_mark.index;
		f.rec->last_block = 0;
	}
	value_done(ys);
	return 0;
}

static int
scalar(struct yamlin *ys, const yaml_event_t *ev, struct diag *d)
{
	struct frame *f = top(ys);
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;

	if (ys->skip)
		return 0;
	if (memchr(v, '\0', n) != NULL)
		return fail(ys, ev->start_mark, "NUL character in a value", d);
	if (n > MAX_VALUE)
		return fail(ys, ev->start_mark, "a value longer than 16 MiB", d);
	if (is_null(ev))
		n = 0;
	if (f == NULL) {
		if (n == 0)
			return 0;	/* an empty document */
		return fail(ys, ev->start_mark,
		    "expected records (a list or a mapping), found text", d);
	}
	switch (f->role) {
	case R_LIST:
		return fail(ys, ev->start_mark,
		    "expected a mapping (a record), found text", d);
	case R_TAGS:
		add_tag(ys, f, v, n);
		return 0;
	case R_SEQ:
		return set_field(ys, f, v, n, ev->start_mark, ev->end_mark,
		    block_scalar(ev), d);
	case R_TAG:
		if (f->want_key) {
			f->tagpart = (strcmp(v, "TagKey") == 0 ||
			    strcmp(v, "Key") == 0) ? 1 :
			    (strcmp(v, "TagValue") == 0 ||
			    strcmp(v, "Value") == 0) ? 2 : 0;
			f->want_key = 0;
			return 0;
		}
		if (f->tagpart == 1)
			buf_add(&ys->tagkey, v, n);
		else if (f->tagpart == 2)
			buf_add(&ys->tagval, v, n);
		f->want_key = 1;
		return 0;
	default:
		break;
	}
	if (f->want_key) {
		f->keyat = ys->path.len;
		f->keymark = ev->start_mark;
		f->keyend = ev->end_mark.index;
		if ((f->role == R_RECORD || f->role == R_CAND) &&
		    f->rec->n == 0)
			f->rec->mark_key = ev->start_mark.index;
		if (ys->path.len > f->base)
			buf_addc(&ys->path, '.');
		buf_add(&ys->path, v, n);
		f->want_key = 0;
		return 0;
	}
	if (set_field(ys, f, v, n, ev->start_mark, ev->end_mark,
	    block_scalar(ev), d) < 0)
		return -1;
	value_done(ys);
	return 0;
}

/* One event; 1 when it completes a record, 2 at the end of the stream. */
static int
event(struct yamlin *ys, const yaml_event_t *ev, struct rec *out,
    struct diag *d)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 2;
	case YAML_DOCUMENT_START_EVENT:
		ys->envelope = 0;
		ys->env = NULL;
		ys->depth = ys->skip = 0;
		buf_reset(&ys->path);
		buf_reset(&ys->listpath);
		rec_clear(&ys->cand);
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		if (ys->envelope || ys->cand.n == 0)
			return 0;
		rec_copy(out, &ys->cand);
		rec_clear(&ys->cand);
		ys->lone = 1;
		ys->sources++;
		return 1;
	case YAML_ALIAS_EVENT:
		return fail(ys, ev->start_mark,
		    "YAML aliases (*name) are not supported", d);
	case YAML_SCALAR_EVENT:
		return scalar(ys, ev, d);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return start_collection(ys, ev, out, d);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return end_collection(ys, ev, out, d);
	default:
		return 0;
	}
}

int
yamlin_next(struct yamlin *ys, struct rec *out, struct diag *d)
{
	yaml_event_t ev;
	int rc;

	ys->lone = 0;
	do {
		if (next_event(ys, &ev, d) < 0)
			return -1;
		rc = event(ys, &ev, out, d);
		yaml_event_delete(&ev);
	} while (rc == 0);
	return rc == 2 ? 0 : rc;
}
