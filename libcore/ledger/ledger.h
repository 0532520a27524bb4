/*
 * The one way the orders file changes (SPEC 4).  Under an exclusive flock
 * on FILE.lock it is read whole; records are kept, changed and appended;
 * the result goes to a temporary file in the same directory, is fsync'd
 * and renamed over the original, and the directory is fsync'd, with the
 * file's mode and owner kept.  A reader sees the old file or the new one,
 * never half of one, and a crash at any instant leaves one of the two.
 *
 * Records that do not change keep their exact bytes.  A changed CSV row is
 * written again alone, in the file's delimiter and line end; a changed
 * YAML record has only its changed values replaced and new fields inserted
 * in its own style, so comments, quoting and indentation stay.  A column
 * the CSV header lacks is added to the header once, with a note.
 */
#ifndef LEDGER_H
#define LEDGER_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/sha256.h"
#include "base/strtab.h"
#include "records/reader.h"
#include "select/recsort.h"

struct change;
struct diag;
struct idset;
struct kept;
struct place;

#define LEDGER_LOCKED	1	/* ledger_open: another process holds it */
#define LEDGER_STEP	(1u << 20)	/* between ckpt states */

/* How ledger_open takes the file. */
enum {
	LEDGER_READ,	/* to look: under a shared lock when FILE.lock is
			 * there to be read, else none; nothing made or
			 * removed, no write access needed */
	LEDGER_WRITE	/* to change: under the exclusive lock, FILE.lock
			 * made if need be; a file of one name only */
};

struct ledger {
	char		 path[PATH_MAX];	/* as given, for messages */
	char		 real[PATH_MAX];	/* the file replaced */
	int		 lockfd;
	int		 fd;			/* the file, to copy from */
	char		*data;			/* the file as read */
	size_t		 len;
	int		 mapped;
	struct stat	 st;		/* of the file as read */
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
	/* the new file, which a thread may fill with the old one's bytes
	 * while the records are read (ledger_copy_ahead) */
	char		 tmp[PATH_MAX + 320];
	int		 tmpfd;
	int		 have_tmp;	/* tmp is there, not renamed */
	char		 new_digest[SHA256_HEX];	/* of tmp, as written */
	pthread_t	 copier;
	int		 copying, copy_err;
	size_t		 cur_ch, cur_byte;	/* a character-to-byte cursor */
};

/* 0; LEDGER_LOCKED when still locked after wait seconds; -1 on error.
 * mode: LEDGER_READ or LEDGER_WRITE. */
int	ledger_open(struct ledger *, const char *path, int mode, long wait,
	    struct diag *);
/* FILE followed by suffix, opened with flags (O_CREAT: made if need be,
 * with the file's mode bits and, as root, owner): never through a
 * symbolic link, never waiting (a FIFO), and only if it is a regular
 * file of one name.  *made says whether it was made now.  The
 * descriptor, or -1. */
int	ledger_beside(struct ledger *, const char *suffix, int flags,
	    int *made, struct diag *);
/* The SHA-256 of the file as read, in hex. */
const char *ledger_digest(struct ledger *);
/* Read every record, fn(arg, record number, record); fn < 0 stops, and
 * fn > 0 marks the record for ledger_rescan.  fmt and delim as for
 * rd_open. */
int	ledger_scan(struct ledger *, enum fmt, unsigned char delim,
	    int (*fn)(void *, size_t, struct rec *), void *, struct diag *);
/* After ledger_scan: fn again for the marked records and those whose
 * instance_id is in ids (and possibly a few more); in a CSV file only
 * those records are read again. */
int	ledger_rescan(struct ledger *, const struct idset *ids,
	    int (*fn)(void *, size_t, struct rec *), void *, struct diag *);
/* Keep record recno, as scanned, so that it can be changed. */
int	ledger_keep(struct ledger *, size_t recno, const struct rec *,
	    struct diag *);
void	ledger_set(struct ledger *, size_t recno, const char *field,
	    const char *value);
void	ledger_append(struct ledger *, const struct rec *);
/* Start what a commit needs now, in threads, while the records are
 * read: the file's digest, and a copy of it as the new file, so that
 * the commit has only the bytes from the first change on to write (and
 * to hash). */
void	ledger_copy_ahead(struct ledger *);
/*
 * The changes made, with the journal around them (journal.h): the new
 * file written and synced, the changes c[0..n) journaled as intents
 * (with the policy's name and the time at), the file replaced, the run
 * marked landed.  -1 when nothing changed (d says why); 0 when the file
 * changed; 1 when it changed but a step after that failed, which d and
 * the notes say.  The notes then hold, in order, all there is to tell
 * besides.
 */
int	ledger_commit(struct ledger *, const struct change *, size_t n,
	    const char *policy, int64_t at, struct diag *);
/* 0 when bytes p, n read as the ledger's records with the changes made
 * and the appended ones after them; else -1, saying which record not. */
int	ledger_read_back(struct ledger *, const char *p, size_t n,
	    struct diag *);
/* Unlock and free. */
void	ledger_close(struct ledger *);

#endif
