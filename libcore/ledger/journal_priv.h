/*
 * The journal's writing side, for the ledger's commit (ledger_commit,
 * ledger.c), so that no command writes the file and forgets its journal.
 * journal.h says what the lines are and in what order they are written.
 */
#ifndef JOURNAL_PRIV_H
#define JOURNAL_PRIV_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "ledger/journal.h"
#include "records/rec.h"

struct diag;
struct ledger;

/* The journal of one run, open to append to. */
struct journal {
	const char	*name;		/* the ledger, as given: for messages */
	char		 path[PATH_MAX + 16];
	int		 fd;
	int		 made;		/* by this run: its directory entry is
					 * synced before the file is replaced */
	char		 run[64];	/* this run's id */
	char		 before[65], after[65];	/* this run's digests */
	char		 user[64], host[256];
	struct recs	 lines;		/* this run's intents */
	struct buf	 text;		/* and their lines, as written */
	int		 ahead;		/* made by journal_lines */
	struct buf	 notes;		/* for standard error */
	struct strtab	 names;		/* of the lines read */
};

/* Open the journal of l to append to, made if need be as replace_beside
 * makes files; remove a last line cut short; mark the changes of a run
 * it ends with unmarked.  -1 with nothing changed. */
int	journal_open(struct journal *, struct ledger *, struct diag *);
/* The run's changes as intents, made ahead of journal_intent, which
 * then puts the digests in: the new file's is made in a thread while
 * the run waits for it (ledger_write).  Nothing is written. */
void	journal_lines(struct journal *, const char *policy, int64_t at,
	    const struct change *, size_t n);
/* The run's changes as intents, synced, with l's digest as read and of
 * its new file (ledger_write).  A change that cannot be written (a value
 * that is not UTF-8) writes nothing.  -1 with nothing written. */
int	journal_intent(struct journal *, struct ledger *, const char *policy,
	    int64_t at, const struct change *, size_t n, struct diag *);
/* Mark this run's changes "landed" or "void".  -1 with nothing written,
 * the run unmarked as if it had ended there; d then says so as for a
 * run that changed the file (a failed "void" needs no word: the next
 * run finds it void by the digest). */
int	journal_mark(struct journal *, const char *state, struct diag *);
void	journal_close(struct journal *);

/* journal_read.c */
/* A field of a journal line as a string ("" when it has none). */
const char *journal_field(const struct rec *, const char *name);
int	journal_last_line(int fd, off_t size, struct buf *, off_t *start,
	    int *torn);
int	journal_last_run(struct journal *, off_t size, struct recs *in,
	    size_t *marked, char *state, size_t statesz);

#endif
