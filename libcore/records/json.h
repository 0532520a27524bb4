/*
 * JSON exactly as RFC 8259 has it, read as a stream of events: objects
 * and arrays opening and closing, keys, and scalars with their text
 * (strings decoded to UTF-8, numbers as written).  Whatever is not JSON
 * is refused where it goes wrong, with the text there quoted.  A file
 * may hold several values (JSON Lines, exports one after another), each
 * beginning on a line after the one where the value before it ended.
 *
 * Beyond the RFC, and refused: a key given twice in one object, an empty
 * key, NUL (raw or \u0000), an escaped UTF-16 surrogate that is not in a
 * pair, nesting deeper than JSON_MAX_DEPTH, and a string or number longer
 * than JSON_MAX_TEXT bytes.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/diag.h"

struct input;

#define JSON_MAX_DEPTH	64
#define JSON_MAX_TEXT	(16u << 20)

enum json_tok {
	JSON_OBJECT,	/* "{" */
	JSON_ARRAY,	/* "[" */
	JSON_CLOSE,	/* "}" or "]" */
	JSON_KEY,
	JSON_STRING,
	JSON_NUMBER,
	JSON_TRUE,
	JSON_FALSE,
	JSON_NULL
};

/* A place in the file: line and column (in characters) from 1. */
struct json_pos {
	long	line, col;
	off_t	off;		/* in bytes */
};

struct json_ev {
	enum json_tok	 tok;
	/* Text of a key or scalar: "true", "false", "" for null and for
	 * the brackets.  Valid until the next call; never holds a NUL. */
	const char	*s;
	size_t		 n;
	int		 depth;	/* containers around it; 0: a top-level value */
	struct json_pos	 at;	/* where it begins */
};

struct json_key;

struct json {
	struct input	*in;
	long		 line;
	off_t		 bol;		/* where the line of in->pos begins */
	off_t		 cont;		/* UTF-8 continuation bytes before it */
	off_t		 bolcont;	/* ... and before bol */
	int		 depth;
	unsigned char	 state[JSON_MAX_DEPTH + 1];
	struct json_pos	 open[JSON_MAX_DEPTH + 1];	/* where each began */
	size_t		 keys0[JSON_MAX_DEPTH + 1];	/* its first key */
	size_t		 values;	/* top-level values begun */
	long		 endline;	/* where the last one ended */
	struct json_pos	 comma;		/* the last ",": to name a trailing one */
	struct buf	 text;		/* a string with escapes, decoded */
	/* the keys of the open objects, to refuse one given twice */
	struct json_key	*keys;
	size_t		 nkeys, capkeys;
	size_t		*slot;		/* 1 + index in keys; 0 empty */
	size_t		 nslot;
	struct buf	 keytext;
	int		 failed;
	struct diag	 err;		/* why, to say again */
};

void	json_open(struct json *, struct input *);
/* 1 with *ev set, 0 at the end of the file, -1 on error. */
int	json_next(struct json *, struct json_ev *, struct diag *);
/* The next byte that is not white space, without reading past it: -1 at
 * the end of the file or on a read error (which json_next reports). */
int	json_peek(struct json *, struct diag *);
/* An error found at place at, the text there quoted: returns -1.  The
 * place must be that of the event just read, or of its key. */
int	json_fail(struct json *, const struct json_pos *at, struct diag *,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	json_close(struct json *);

#endif
