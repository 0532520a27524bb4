/*
 * The ledger's insides, for its own units (commands include ledger.h):
 * what a scan keeps of the records that change, the splices of a YAML
 * edit, and the functions the units share, by the file that holds them.
 */
#ifndef LEDGER_PRIV_H
#define LEDGER_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger.h"
#include "records/rec.h"

struct diag;
struct out;
struct reader;

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
void	digest_ahead(struct ledger *);
int	digest_written(struct ledger *, size_t first);

/* readback.c */
int	readback_written(struct ledger *, struct diag *);

#endif
