/*
 * The ledger's insides, for its own units (commands include ledger.h and
 * see a handle): the handle itself, what a scan keeps of the records
 * that change, the splices of a YAML edit, and the functions the units
 * share, by the file that holds them.
 */
#ifndef LEDGER_PRIV_H
#define LEDGER_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/sha256.h"
#include "base/strtab.h"
#include "ledger/ledger.h"
#include "ledger/replace.h"
#include "records/reader.h"
#include "records/rec.h"

struct diag;
struct out;

#define LEDGER_STEP	(1u << 20)	/* between ckpt states */

/* A ledger open (ledger_open). */
struct ledger {
	struct replace	 rp;		/* the file held, its new file */
	char		*data;		/* the file as read */
	size_t		 len;
	int		 mapped;
	char		 digest[SHA256_HEX];	/* its digest ("" until made) */
	uint32_t	(*ckpt)[8];	/* the digest's state at every
					 * LEDGER_STEP bytes, from 0 */
	pthread_t	 digester;
	int		 digesting;
	atomic_int	 stop_digest;	/* not needed after all */
	enum fmt	 fmt;
	unsigned char	 delim;
	/* CSV: the header's bytes [hdr_start, hdr_end), its line end, and
	 * its columns, then those added */
	size_t		 hdr_start, hdr_end;
	const char	*eol;
	const char	**cols;
	size_t		 ncols, nfilecols;
	char		*converted;	/* per file column: read converted;
					 * NULL if none is */
	/* YAML: where records are appended, and how they are indented */
	size_t		 append_at, dash_col, key_col;
	int		 flow_list, have_last;
	int		 open_end;	/* it ends, with no line end, in a
					 * "|" or ">" value */
	int		 ended;		/* a line end was put after its last
					 * line (it had none) */
	const char	*key;		/* every record has it (rd_expect) */
	const char *const *only;	/* the fields ledger_scan's fn needs */
	size_t		 nonly;		/* (0: all of them) */
	struct place	*place;		/* where each record is, from a scan */
	size_t		 nplace, capplace, id_hint;
	struct kept	*kept;
	size_t		 nkept, capkept;
	struct recs	 added;
	struct strtab	 names;
	struct buf	 notes;		/* for standard error */
	/* the new file (rp.tmp), which a thread may fill with the old one's
	 * bytes while the records are read (ledger_copy_ahead) */
	char		 new_digest[SHA256_HEX];	/* as written */
	pthread_t	 copier;
	int		 copying, copy_err;
	size_t		 cur_ch, cur_byte;	/* a character-to-byte cursor */
};

/* A value set in a kept record. */
struct set {
	const char	*name;
	char		*value;
};

/* Where a record is, and what a rescan needs to know of it. */
struct place {
	size_t		 off;
	uint32_t	 len;
	uint32_t	 marked;
	long		 line;
	uint64_t	 key;		/* hash of its instance_id */
};

/* A record that may change: as scanned, and the changes asked for. */
struct kept {
	size_t		 recno;
	struct rec	 r;
	size_t		 off, len;	/* CSV: the row's bytes */
	struct set	*set;
	size_t		 nset;
};

/* An insertion or replacement in the bytes of a YAML file. */
struct splice {
	size_t		 off, del;
	size_t		 seq;		/* order of making: ties keep it */
	char		*text;
};

struct splices {
	struct splice	*s;
	size_t		 n, cap;
};

/* ledger.c */
size_t	ledger_bom(const struct ledger *);
const char *ledger_intern(struct ledger *, const char *);
void	ledger_copy_span(struct ledger *, struct out *, size_t off, size_t n);

/* csvedit.c */
void	csvedit_header(struct ledger *, const struct reader *);
size_t	csvedit_prepare(struct ledger *);
void	csvedit_write(struct ledger *, struct out *);

/* yamledit.c */
void	yamledit_note_last(struct ledger *, const struct rec *);
int	yamledit_prepare(struct ledger *, struct splices *, struct diag *);
void	yamledit_write(struct ledger *, struct out *, struct splices *);
void	yamledit_free(struct splices *);

/* digest.c */
/* The SHA-256 of the file as read, in hex. */
const char *digest_read(struct ledger *);
void	digest_ahead(struct ledger *);
int	digest_written(struct ledger *, size_t first);

/* readback.c */
/* 0 when bytes p, n read as the ledger's records with the changes made
 * and the appended ones after them; else -1, saying which record not. */
int	readback_check(struct ledger *, const char *p, size_t n,
	    struct diag *);
int	readback_written(struct ledger *, struct diag *);

#endif
