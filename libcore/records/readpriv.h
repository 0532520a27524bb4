/*
 * The insides of a reader (reader.h), for the units that make it up:
 * reader.c (opening, the formats, the rows of a record listing several
 * instances) and expect.c (what records must be).  Nothing else includes
 * this.
 */
#ifndef READPRIV_H
#define READPRIV_H

#include "records/csvio.h"
#include "records/input.h"
#include "records/jsonio.h"
#include "records/reader.h"
#include "records/yamlio.h"

struct reader {
	struct input	in;
	enum fmt	fmt;
	unsigned char	delim;
	struct csvin	csv;
	struct yamlin	yaml;
	struct jsonin	json;
	struct rec	cur;		/* as read */
	struct rec	part;		/* one instance's share of cur */
	struct buf	ids;		/* instance ids of cur, NUL-separated */
	size_t		nids, next;
	const char	*nextid;
	size_t		id_hint;	/* where instance_id was last */
	const char	*id_name;	/* "instance_id", as rd_own_name */
	const char *const *keys;	/* see rd_expect() */
	size_t		nkeys;
	const char	*key0;		/* keys[0], as rd_own_name */
	const char	*foreign;
	size_t		key_hint, foreign_hint;	/* where they were */
	int		keyed;		/* a record had the key */
	const char	*for_id;	/* see rd_for() */
	int		for_offered;
	size_t		nraw;		/* records read, with for_id */
};

/* The next record as the file has it: 1, 0 at the end, -1. */
int	rd_next_raw(struct reader *, struct diag *);
/* rd_for: the record just read (rc as rd_next_raw returned) gets its
 * key from --for: rc, or -1 with d set. */
int	rd_check_for(struct reader *, int rc, struct diag *);
/* The record read has what rd_expect asked: 0, or -1 with d set. */
int	rd_check_key(struct reader *, struct diag *);
/* A field name as the records have it when it is a canonical one, the
 * same pointer, so that finding it compares no bytes; else name. */
const char *rd_own_name(const char *name);

#endif
