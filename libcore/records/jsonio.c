#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "records/envelope.h"
#include "records/fields.h"
#include "records/jsonio.h"

/*
 * What each open container is to the records; the same roles as the YAML
 * reader's, so that a text gives the same records through either.
 */
enum role {
	R_LIST,		/* an array whose items are records */
	R_CAND,		/* a document's root object: one record or an envelope */
	R_RECORD,	/* an item of a record list */
	R_MAP,		/* an object inside a record */
	R_SEQ,		/* an array inside a record */
	R_TAGS,		/* the ECS tag list */
	R_TAG		/* one TagKey/TagValue item of it */
};

struct jframe {
	enum role	 role;
	struct rec	*rec;		/* the record names go into; NULL: none */
	int		 cand;		/* within the root object */
	size_t		 base;		/* path.len where its names begin */
	size_t		 keyat;		/* path.len before the current key */
	int		 inseq;		/* within a list: repeats join with ";" */
	size_t		 adds;		/* fields set when the frame began */
	int		 tagpart;	/* R_TAG: 1 TagKey, 2 TagValue, 0 other */
	struct json_pos	 key;		/* the key naming the current value */
};

struct jplace {
	long	line, col;
};

void
jsonin_open(struct jsonin *js, struct input *in)
{
	memset(js, 0, sizeof *js);
	json_open(&js->j, in);
	js->stk = xcalloc(JSON_MAX_DEPTH, sizeof *js->stk);
}

void
jsonin_close(struct jsonin *js)
{
	json_close(&js->j);
	strtab_free(&js->names);
	free(js->stk);
	free(js->place);
	buf_free(&js->path);
	buf_free(&js->tagkey);
	buf_free(&js->tagval);
	buf_free(&js->listpath);
}

const char *
jsonin_lone_list(struct jsonin *js)
{
	return js->lone && js->listpath.len > 0 ? buf_str(&js->listpath) :
	    NULL;
}

static struct jframe *
top(struct jsonin *js)
{
	return js->depth ? &js->stk[js->depth - 1] : NULL;
}

/* The parser allows no more containers than there are frames. */
static struct jframe *
push(struct jsonin *js, enum role role)
{
	struct jframe *up = top(js), *f = &js->stk[js->depth++];

	memset(f, 0, sizeof *f);
	f->role = role;
	if (up != NULL) {
		f->rec = up->rec;
		f->cand = up->cand;
		f->base = up->base;
		f->inseq = up->inseq;
		f->key = up->key;
	}
	f->adds = js->adds;
	return f;
}

/* A frame's records are being ignored: the rest of an envelope. */
static int
ignored(const struct jsonin *js, const struct jframe *f)
{
	return f->rec == NULL || (f->cand && js->envelope);
}

static const char *
name_of(const struct jsonin *js, const struct jframe *f, size_t *len)
{
	*len = js->path.len - f->base;
	return js->path.p + f->base;
}

/* The field just added was named at f's current key; its value (a
 * list's first item) is at at, where messages about it point, if given
 * (the tag list has no one place).  Every field has its span, if only an
 * empty one: rec_copy copies as many spans as there are fields. */
static void
note_place(struct jsonin *js, const struct jframe *f,
    const struct json_pos *at)
{
	size_t i = f->rec->n - 1;
	struct span *s = rec_span(f->rec, i);

	js->place = xgrow(js->place, &js->capplace, i, sizeof *js->place);
	js->place[i].line = f->key.line;
	js->place[i].col = f->key.col;
	if (at != NULL) {
		s->line = at->line;
		s->col = at->col;
	}
}

/* A value for the current name, at: added, or joined to what a list
 * gave. */
static int
set_field(struct jsonin *js, struct jframe *f, const char *v, size_t n,
    const struct json_pos *at, struct diag *d)
{
	struct buf conv = BUF_INIT;
	const struct alias *a;
	const char *name, *raw;
	size_t len;
	long i;
	char q[QUOTE_MAX], why[256];
	int rc = 0;

	if (ignored(js, f))
		return 0;
	raw = name_of(js, f, &len);
	if ((name = envelope_field(js->env, raw, len, &a)) == NULL)
		name = strtab_intern(&js->names, raw, len);
	if (field_take(a, &v, &n, &conv, why, sizeof why) < 0) {
		buf_free(&conv);
		return json_fail(&js->j, at, d, "%s", why);
	}
	js->adds++;
	if ((i = rec_find(f->rec, name, NULL)) < 0) {
		rec_add(f->rec, name, v, n);
		note_place(js, f, at);
	} else if (f->inseq)
		rec_join(f->rec, (size_t)i, ';', v, n);
	else
		rc = json_fail(&js->j, &f->key, d,
		    "duplicate field %s, first at %ld:%ld",
		    diag_quote(q, raw, len), js->place[i].line,
		    js->place[i].col);
	buf_free(&conv);
	return rc;
}

/* A member's value is complete: drop its key from the path. */
static void
value_done(struct jsonin *js)
{
	struct jframe *f = top(js);

	if (f != NULL && (f->role == R_CAND || f->role == R_RECORD ||
	    f->role == R_MAP))
		js->path.len = f->keyat;
}

static void
add_tag(struct jsonin *js, struct jframe *f, const char *s, size_t n)
{
	if (ignored(js, f))
		return;
	js->adds++;
	if (field_add_tag(f->rec, s, n))
		note_place(js, f, NULL);
}

/* The export whose records the collection starting in f, in the root
 * object, holds: a list of them (one 0), or one (one 1). */
static const struct envelope *
export_at(struct jsonin *js, struct jframe *f, int one)
{
	const struct envelope *e;
	size_t n;
	const char *name = name_of(js, f, &n);

	if (!f->cand || (e = envelope_find(name, n)) == NULL)
		return NULL;
	return e->one == one ? e : NULL;
}

/* Is this array, in the root object, the document's record list? */
static int
is_list_of_records(struct jsonin *js, struct jframe *f, struct diag *d)
{
	size_t n;
	const char *name = name_of(js, f, &n);
	const struct envelope *e;
	int next;

	if (!f->cand)
		return 0;
	if ((e = export_at(js, f, 0)) != NULL) {
		js->env = e;
		return 1;
	}
	if (f->role != R_CAND || field_is_tags(name, n))
		return 0;
	next = json_peek(&js->j, d);
	/* "orders": [] holds no records; "id": 1, "items": [] is a record */
	return next == '{' || (next == ']' && (js->envelope ||
	    f->rec->n == 0));
}

static void
new_document(struct jsonin *js)
{
	js->envelope = 0;
	js->env = NULL;
	js->depth = js->skip = 0;
	buf_reset(&js->path);
	buf_reset(&js->listpath);
}

static int
start_collection(struct jsonin *js, const struct json_ev *ev,
    struct rec *out, struct diag *d)
{
	int seq = ev->tok == JSON_ARRAY;
	struct jframe *f, *nf;
	const struct envelope *e;
	size_t n;

	if (ev->depth == 0)
		new_document(js);
	f = top(js);
	if (js->skip || (f && (f->role == R_TAGS ? seq : f->role == R_TAG))) {
		js->skip++;
		return 0;
	}
	if (f == NULL) {
		nf = push(js, seq ? R_LIST : R_CAND);
		if (!seq) {
			rec_clear(out);
			nf->rec = out;
			nf->cand = 1;
			out->line = ev->at.line;
		}
		return 0;
	}
	if (f->role == R_LIST) {
		if (seq)
			return json_fail(&js->j, &ev->at, d,
			    "expected an object (a record), found an array");
		nf = push(js, R_RECORD);
		rec_clear(out);
		nf->rec = out;
		nf->cand = 0;
		nf->base = js->path.len;
		nf->inseq = 0;
		out->line = ev->at.line;
		return 0;
	}
	if (f->role == R_TAGS) {
		push(js, R_TAG);
		buf_reset(&js->tagkey);
		buf_reset(&js->tagval);
		return 0;
	}
	if (!seq && f->role != R_SEQ && (e = export_at(js, f, 1)) != NULL) {
		js->env = e;
		js->envelope = 1;
		nf = push(js, R_RECORD);
		rec_clear(out);
		nf->rec = out;
		nf->cand = 0;
		nf->base = js->path.len;
		out->line = ev->at.line;
		return 0;
	}
	if (!seq) {
		if (f->role == R_SEQ && f->cand && js->listpath.len == 0) {
			name_of(js, f, &n);
			buf_add(&js->listpath, js->path.p + f->base, n);
		}
		push(js, R_MAP);
		return 0;
	}
	if (is_list_of_records(js, f, d)) {
		js->envelope = 1;
		rec_clear(out);
		nf = push(js, R_LIST);
		nf->rec = NULL;
		nf->cand = 0;
		return 0;
	}
	name_of(js, f, &n);
	nf = push(js, field_is_tags(js->path.p + f->base, n) ? R_TAGS : R_SEQ);
	nf->inseq = 1;
	return 0;
}

/* 1 when a record is complete. */
static int
end_collection(struct jsonin *js, const struct json_ev *ev, struct rec *out,
    struct diag *d)
{
	struct jframe f;

	if (js->skip) {
		if (--js->skip == 0)
			value_done(js);
		return 0;
	}
	f = js->stk[--js->depth];
	switch (f.role) {
	case R_RECORD:
		value_done(js);	/* an export's one record ends its key */
		return 1;
	case R_TAG:
		if (js->tagkey.len || js->tagval.len) {
			buf_addc(&js->tagkey, '=');
			buf_add(&js->tagkey, js->tagval.p, js->tagval.len);
			add_tag(js, &f, js->tagkey.p, js->tagkey.len);
		}
		break;
	case R_TAGS:
		if (js->adds == f.adds)
			add_tag(js, &f, "", 0);
		break;
	case R_MAP:
	case R_SEQ:
		/* An empty object or array still names a field. */
		if (js->adds == f.adds &&
		    set_field(js, &f, "", 0, &ev->at, d) < 0)
			return -1;
		break;
	case R_CAND:
	case R_LIST:
		break;
	}
	value_done(js);
	if (f.role == R_CAND && !js->envelope && out->n > 0) {
		js->lone = 1;
		return 1;
	}
	return 0;
}

static int
key(struct jsonin *js, const struct json_ev *ev)
{
	struct jframe *f = top(js);

	if (js->skip)
		return 0;
	if (f->role == R_TAG) {
		f->tagpart = (ev->n == 6 && memcmp(ev->s, "TagKey", 6) == 0) ||
		    (ev->n == 3 && memcmp(ev->s, "Key", 3) == 0) ? 1 :
		    (ev->n == 8 && memcmp(ev->s, "TagValue", 8) == 0) ||
		    (ev->n == 5 && memcmp(ev->s, "Value", 5) == 0) ? 2 : 0;
		return 0;
	}
	f->keyat = js->path.len;
	f->key = ev->at;
	if (js->path.len > f->base)
		buf_addc(&js->path, '.');
	buf_add(&js->path, ev->s, ev->n);
	return 0;
}

static const char *
kind(const struct json_ev *ev)
{
	switch (ev->tok) {
	case JSON_STRING: return "a string";
	case JSON_NUMBER: return "a number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	default: return "null";
	}
}

static int
scalar(struct jsonin *js, const struct json_ev *ev, struct diag *d)
{
	struct jframe *f = top(js);

	if (ev->depth == 0)
		return json_fail(&js->j, &ev->at, d,
		    "expected records (an array or an object), found %s",
		    kind(ev));
	if (js->skip)
		return 0;
	switch (f->role) {
	case R_LIST:
		return json_fail(&js->j, &ev->at, d,
		    "expected an object (a record), found %s", kind(ev));
	case R_TAGS:
		add_tag(js, f, ev->s, ev->n);
		return 0;
	case R_SEQ:
		return set_field(js, f, ev->s, ev->n, &ev->at, d);
	case R_TAG:
		if (f->tagpart == 1)
			buf_add(&js->tagkey, ev->s, ev->n);
		else if (f->tagpart == 2)
			buf_add(&js->tagval, ev->s, ev->n);
		return 0;
	default:
		break;
	}
	if (set_field(js, f, ev->s, ev->n, &ev->at, d) < 0)
		return -1;
	value_done(js);
	return 0;
}

int
jsonin_next(struct jsonin *js, struct rec *out, struct diag *d)
{
	struct json_ev ev;
	int rc;

	js->lone = 0;
	do {
		if ((rc = json_next(&js->j, &ev, d)) <= 0)
			return rc;
		switch (ev.tok) {
		case JSON_OBJECT:
		case JSON_ARRAY:
			rc = start_collection(js, &ev, out, d);
			break;
		case JSON_CLOSE:
			rc = end_collection(js, &ev, out, d);
			break;
		case JSON_KEY:
			rc = key(js, &ev);
			break;
		default:
			rc = scalar(js, &ev, d);
		}
	} while (rc == 0);
	return rc;
}
