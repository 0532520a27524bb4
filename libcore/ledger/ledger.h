/*
 * The one way the orders file changes (SPEC 4).  Under an exclusive flock
 * on FILE.lock it is read (a CSV file in a stream, when the command says
 * which records it wants; else whole); records are kept, changed and
 * appended; the result goes to a temporary file in the same directory,
 * is fsync'd and renamed over the original, and the directory is
 * fsync'd, with the file's mode and owner kept; the journal (journal.h)
 * is written around the rename.  A reader sees the old file or the new one, never half of
 * one, and a crash at any instant leaves one of the two.
 *
 * Records that do not change keep their exact bytes.  A changed CSV row is
 * written again alone, in the file's delimiter and line end; a changed
 * YAML record has only its changed values replaced and new fields inserted
 * in its own style, so comments, quoting and indentation stay.  A column
 * the CSV header lacks is added to the header and, empty, to every row,
 * so that the file stays rectangular, with one note.
 *
 * A ledger is a handle; its insides are its units' own (ledger_priv.h).
 */
#ifndef LEDGER_H
#define LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "records/fmt.h"

struct change;
struct diag;
struct idset;
struct ledger;
struct rec;

#define LEDGER_LOCKED	1	/* ledger_open: another process holds it */

/* How ledger_open takes the file. */
enum {
	LEDGER_READ,	/* to look: under a shared lock when FILE.lock is
			 * there to be read, else none; nothing made or
			 * removed, no write access needed */
	LEDGER_WRITE	/* to change: under the exclusive lock, FILE.lock
			 * made if need be; a file of one name only */
};

/* ledger.c */
/* 0; LEDGER_LOCKED when still locked after wait seconds; -1 on error.
 * mode: LEDGER_READ or LEDGER_WRITE.  *lp is a handle whatever the
 * outcome, for ledger_path and ledger_close. */
int	ledger_open(struct ledger **lp, const char *path, int mode, long wait,
	    struct diag *);
/* As ledger_open; but a file that is not there, once locked, is read as
 * the n bytes of seed (an empty ledger: a header, "[]"), and the commit
 * makes it, never replacing a file made meanwhile.  ledger_seeded says
 * whether it was not there. */
int	ledger_create(struct ledger **lp, const char *path, int mode,
	    long wait, const char *seed, size_t n, struct diag *);
int	ledger_seeded(const struct ledger *);
/* Unlock and free (NULL: nothing). */
void	ledger_close(struct ledger *);
/* The path as given, for messages. */
const char *ledger_path(const struct ledger *);
/* After ledger_scan: the file's format, and a CSV file's columns as its
 * header has them (NULL, *n 0 for YAML). */
enum fmt ledger_format(const struct ledger *);
const char *const *ledger_columns(const struct ledger *, size_t *n);
/* Before ledger_scan: every record has key (rd_expect); the scan's fn
 * is given only the n fields in names (rd_project; else all fields). */
void	ledger_expect_key(struct ledger *, const char *key);
void	ledger_only(struct ledger *, const char *const *names, size_t n);
/* Before ledger_scan: its fn is given only the records whose order_id
 * or instance_id is one of ids, or whose bytes hold text (NULL: none),
 * and possibly a few more.  The others are still read and checked, but
 * a CSV file is then read in a stream, a part at a time, and not held;
 * a YAML scan keeps copies of the records ledger_rescan will want. */
void	ledger_want(struct ledger *, struct idset *ids, const char *text);
/* Before ledger_scan: the ledger_rescan after it wants the records the
 * scan's fn marks and no instance, so that a CSV scan of many IDs need
 * not note where every row is. */
void	ledger_rescan_marked(struct ledger *);
/* Start what a commit needs now, in threads, while the records are
 * read: the file's digest, and a copy of it as the new file, so that
 * the commit has only the bytes from the first change on to write (and
 * to hash). */
void	ledger_copy_ahead(struct ledger *);
/*
 * The changes made, with the journal around them (journal.h): the new
 * file written and synced; the changes c[0..n) journaled as intents,
 * with the policy's name and the time at (n > 0: the journal accounts
 * for the file only by what it is told); the file replaced; the run
 * marked landed.  -1 when nothing changed (d says why); 0 when the file
 * changed; 1 when it changed but a step after that failed, which d and
 * the notes say.  The notes then hold, in order, all there is to tell
 * besides.
 */
int	ledger_commit(struct ledger *, const struct change *, size_t n,
	    const char *policy, int64_t at, struct diag *);
/* What there is to tell besides errors, for standard error: lines, each
 * starting with the path (a column added, an owner not kept, what the
 * journal did about an earlier run). */
const char *ledger_notes(struct ledger *);

/* scan.c */
/* Read every record, fn(arg, record number, record); fn < 0 stops, and
 * fn > 0 marks the record for ledger_rescan.  fmt and delim as for
 * rd_open. */
int	ledger_scan(struct ledger *, enum fmt, unsigned char delim,
	    int (*fn)(void *, size_t, struct rec *), void *, struct diag *);
/* After ledger_scan: fn again for the marked records and those whose
 * instance_id is in ids (and possibly a few more); in a CSV file only
 * those records are read again, and in a YAML file none when the scan
 * kept them all (ledger_want). */
int	ledger_rescan(struct ledger *, const struct idset *ids,
	    int (*fn)(void *, size_t, struct rec *), void *, struct diag *);

/* keep.c */
/* Keep record recno, as scanned, so that it can be changed. */
int	ledger_keep(struct ledger *, size_t recno, const struct rec *,
	    struct diag *);
void	ledger_set(struct ledger *, size_t recno, const char *field,
	    const char *value);
void	ledger_append(struct ledger *, const struct rec *);

#endif
