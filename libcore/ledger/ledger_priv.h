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
	char		*data;		/* the file as read whole (NULL: a
					 * CSV file read in a stream) */
	size_t		 len;		/* its size */
	int		 mapped;
	char		 digest[SHA256_HEX];	/* its digest ("" until made) */
	int		 digest_err;	/* the errno that stopped it */
	int		 lastc;		/* the file's last byte, -1: none */
	uint32_t	(*ckpt)[8];	/* the digest's state at every
					 * LEDGER_STEP bytes, from 0 */
	pthread_t	 digester;
	int		 digesting;
	atomic_size_t	 nckpt;		/* ckpt states made so far */
	atomic_int	 hashed;	/* the digester is done */
	atomic_int	 stop_digest;	/* not needed after all */
	enum fmt	 fmt;
	unsigned char	 delim;
	/* CSV: the header's bytes [hdr_start, hdr_end), with those before
	 * it (a byte order mark, blank lines) in hdr; its line end, and its
	 * columns, then those added */
	struct buf	 hdr;
	size_t		 hdr_start, hdr_end;
	long		 hdr_lines;
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
	struct idset	*want;		/* the records it needs (ledger_want; */
	const char	*want_text;	/* NULL: all of them) */
	struct block	*blocks;	/* a CSV file streamed, in blocks */
	size_t		 nblocks, capblocks;
	uint64_t	*blooms;	/* their filters (struct block) */
	uint64_t	*last_bloom;	/* the last block's */
	size_t		 capblooms, bloom_ring;
	size_t		 block_bytes;	/* BLOCK_BYTES, BLOOM_RING (a test */
	size_t		 ring_blocks;	/* makes them small) */
	size_t		 thread_bytes;	/* a rescan of a file this long or
					 * longer reads it in a thread */
	uint32_t	*iids;		/* their instances (struct block) */
	size_t		 niids, capiids;
	uint64_t	*rows;		/* their rows (struct block) */
	size_t		 nrows, caprows;
	int		 marked_only;	/* ledger_rescan_marked */
	struct held	*ring;		/* a YAML file's records kept */
	struct held	*held;
	size_t		 nheld, capheld;
	struct idset	*insts;		/* the instances of those asked for */
	struct place	*place;		/* where each record is, from a scan */
	size_t		 nplace, capplace, id_hint;
	int		 printed;	/* with its fingerprint (YAML) */
	/* YAML with records asked for (ledger_want): place lists only the
	 * records that can matter, by their recno (struct place), so that
	 * it does not grow with the file; with more than FEW_IDS asked for,
	 * every record still (all_places), since the filter would say yes
	 * to one of so many and the file be read again */
	int		 sparse, all_places;
	size_t		 nrecs;		/* the records the scan read */
	size_t		 follow;	/* records after a held one to note */
	uint64_t	*gone;		/* a Bloom filter of the instances
					 * of records no longer held */
	size_t		 gone_bits;	/* its size, a power of two */
	int		 in_line;	/* every entry at one column, in
					 * increasing order (struct place) */
	size_t		 prev_entry;
	uint32_t	 first_col;
	size_t		 last_entry;	/* the last record's (struct place) */
	uint32_t	 last_col;
	int		 one_list;	/* all of them items of one block
					 * list (rd_one_list) */
	struct spliced	*spliced;	/* the splices written, in order */
	size_t		 nspliced;
	struct kept	*kept;
	size_t		 nkept, capkept;
	int		 kept_sorted;	/* in the order of their recno */
	struct spot	*spots;		/* CSV: the rows kept, by place */
	size_t		 nspots, capspots;
	int		 spots_sorted;	/* in the order of their recno */
	struct recs	 added;
	struct strtab	 names;
	struct buf	 notes;		/* for standard error */
	/* the new file (rp.tmp), which a thread may fill with the old one's
	 * bytes while the records are read (ledger_copy_ahead) */
	char		 new_digest[SHA256_HEX];	/* as written */
	pthread_t	 copier;
	int		 copying, copy_err;
	atomic_size_t	 copy_limit;	/* copy no further: a change may be
					 * there (ledger_copy_until) */
	atomic_size_t	 copy_pace;	/* nor, for now, beyond what the scan
					 * has looked at (ledger_copy_pace) */
	size_t		 copied;	/* how far it went */
	/* the new file's digest, made in a thread as it is written */
	pthread_t	 follower;
	int		 following, follow_err;
	size_t		 follow_from;
	atomic_int	 written;	/* all of it is */
	size_t		 cur_ch, cur_byte;	/* a character-to-byte cursor */
	struct chpos	*chpos;		/* places of it a YAML scan noted */
	size_t		 nchpos, capchpos;
	size_t		 let_go;	/* its pages before this let go */
};

/* A character of a YAML file, as libyaml counts them, and its byte. */
struct chpos {
	size_t		 ch, byte;
};

/* A splice as written: bytes [off, off + del) of the old file became
 * len bytes. */
struct spliced {
	size_t		 off, del, len;
};

/* A value set in a kept record. */
struct set {
	const char	*name;
	char		*value;
};

/* Where a record is, and what a rescan and a read-back need to know of
 * it. */
struct place {
	size_t		 recno;		/* the record's number */
	size_t		 off;		/* YAML: where its list entry's line
					 * starts (SIZE_MAX: not known) */
	uint32_t	 len;		/* YAML: its "-"'s column */
	uint32_t	 marked;
	long		 line;
	uint64_t	 key;		/* hash of its instance_id */
	uint64_t	 print;		/* YAML: of its fields (readback_print) */
	uint32_t	 nf;		/* how many */
};

/*
 * A part of a CSV file read in a stream, from a record on: where it
 * starts, and a Bloom filter of the instance_id values of its records,
 * so that a rescan reads again only the blocks that may hold an instance
 * asked for.  The filters are BLOOM_WORDS words each in the ledger's
 * blooms, one a block; but when a scan wants a few IDs (FEW_IDS), only
 * those of the last BLOOM_RING blocks are kept, in a ring, so that the
 * memory does not grow with the file, and a rescan looks for the text
 * of the IDs in the bytes of an older block instead.
 */
#define BLOCK_BYTES	(256u << 10)
#define BLOOM_BITS	8192
#define BLOOM_WORDS	(BLOOM_BITS / 64)
#define BLOOM_RING	1024		/* 256 MiB of the file, 1 MiB */
#define FEW_IDS		16
#define BLOCK_IDS	256		/* instances listed, at most */
#define BLOCK_IDS_MANY	UINT32_MAX	/* more: the filter alone */

struct block {
	size_t		 off, recno;
	long		 line;
	/* when the scan wants more than FEW_IDS IDs, its rows: the low 32
	 * bits of the hash of each one's instance_id and its length, a word
	 * each in the ledger's rows from row0 on, so that a rescan looks
	 * only at the rows of an instance asked for; used when every row
	 * is a record on a line of its own that the quick look vouched for
	 * (simple) */
	size_t		 row0;
	int		 simple;
	/* while they are few, the hashes of its instances, exactly (their
	 * low 32 bits): niids of them in the ledger's iids from first on,
	 * since a filter asked about thousands of IDs says yes to every
	 * block; none when the scan wants a few IDs */
	size_t		 first;
	uint32_t	 niids;
};

/* A record a scan of a YAML file kept, so that a rescan need not read
 * the file again: those of the instances asked for (ledger_want) and
 * those the scan's function marked, and the last HOLD_RING read, among
 * which the earlier records of an instance found late usually are.  The
 * instances of those that leave the ring are put in a Bloom filter
 * (gone): a rescan asking for one of them reads the file again.  The
 * places kept are those of the records held, of the PLACE_AFTER records
 * after each one in the held list, and of the first record: all that a
 * read-back of the spliced records needs (readback.c). */
#ifndef HOLD_RING		/* a fuzz build makes it small */
#define HOLD_RING	1024
#endif
#define PLACE_AFTER	3

struct held {
	size_t		 recno;		/* SIZE_MAX: none */
	struct rec	 r;
	struct place	 p;		/* its place, as noted */
};

/* A CSV row that may change, by its place: most rows kept (every row of
 * an instance asked for) do not, and only those that do are in kept. */
struct spot {
	size_t		 recno, off, len;
	size_t		 kept;		/* its entry in kept, or SIZE_MAX */
};

/* A record that may change: as scanned, and the changes asked for (a
 * CSV row only once it changes, its record and bytes read again by
 * keep_load). */
struct kept {
	size_t		 recno;
	struct rec	 r;
	size_t		 off, len;	/* CSV: the row's bytes, */
	char		*raw;		/* a copy of them */
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
int	ledger_load(struct ledger *, struct diag *);
/* The copy ahead need go no further than off: a record there may
 * change, and the new file is written afresh from the first change. */
void	ledger_copy_until(struct ledger *, size_t off);
/* Nor, for now, beyond off: the scan has not looked at the rows there
 * (SIZE_MAX: as far as ledger_copy_until lets it). */
void	ledger_copy_pace(struct ledger *, size_t off);
size_t	ledger_bom(const struct ledger *);
const char *ledger_intern(struct ledger *, const char *);
void	ledger_copy_span(struct ledger *, struct out *, size_t off, size_t n);
/* The file's bytes are not those a scan read: -1, with d saying so. */
int	ledger_changed(const struct ledger *, struct diag *);

/* csvscan.c */
int	csvscan_scan(struct ledger *, int (*fn)(void *, size_t, struct rec *),
	    void *, struct diag *);
int	csvscan_rescan(struct ledger *, const struct idset *,
	    int (*fn)(void *, size_t, struct rec *), void *, struct diag *);
/* Each row after the header, read from the file: fn(arg, its offset,
 * its bytes with its line end, whether it has no quote); fn < 0 stops.
 * 0, or -1. */
int	csvscan_each(struct ledger *, int (*fn)(void *, size_t, const char *,
	    size_t, int), void *, struct diag *);

/* scan.c */
void	scan_unhold(struct ledger *);

/* handoff.c */
/* The records of a run of rows, read in one thread for another, with
 * the reader that read them, still open (their names and rd_where are
 * its), and the bytes it read (raw).  A batch taken is given back to be
 * filled again, its records' memory kept. */
struct batch {
	struct batch	*next;
	struct reader	*rd;
	struct buf	 one;
	struct rec	*rec;
	size_t		 nrec, made, caprec;	/* made: rec_init'ed */
	size_t		*recno, caprecno;	/* each record's number */
};

void	batch_add(struct batch *, size_t recno, const struct rec *);

/* Batches from a thread that reads them to the one that takes them, in
 * order, a few at a time. */
struct handoff {
	pthread_mutex_t	 mu;
	pthread_cond_t	 more, room;
	struct batch	*head, *tail;
	size_t		 n;
	struct batch	*spare;		/* given back */
	int		 done, stop;
};

void	handoff_init(struct handoff *);
/* A batch to fill: one given back, or a new one. */
struct batch *handoff_blank(struct handoff *);
/* 0, or -1 (b given back) when the taker wants no more. */
int	handoff_put(struct handoff *, struct batch *);
void	handoff_done(struct handoff *);		/* the reader puts no more */
/* The next batch, or NULL when the reader is done and all are taken. */
struct batch *handoff_take(struct handoff *);
/* A batch taken, its records used: its reader closed, to be filled
 * again. */
void	handoff_give(struct handoff *, struct batch *);
void	handoff_stop(struct handoff *);		/* the taker wants no more */
void	handoff_free(struct handoff *);

/* keep.c */
/* Before a CSV file's new one is written: the rows kept that change
 * read again, their bytes in raw and their record in r.  0, or -1. */
int	keep_load(struct ledger *, struct diag *);

/* csvlook.c */
/* A row of a CSV file as a quick look finds it: the columns of its key
 * fields (SIZE_MAX: none), and their values in the row. */
struct rowlook {
	size_t		 ko, ki;	/* order_id, instance_id */
	const char	*oid, *iid;
	size_t		 on, in;
};

int	csvlook_plain(const struct ledger *, struct rowlook *, const char *,
	    size_t, size_t odd);
int	csvlook_quoted(const struct ledger *, struct rowlook *, const char *,
	    size_t);
size_t	csvlook_count(const char *, size_t, unsigned char);
const char *csvlook_find(const char *, size_t, const char *, size_t);
/* Whether the text of one of ids is in bytes [from, to) of the file. */
int	csvlook_ids_in(const struct ledger *, const struct idset *,
	    size_t from, size_t to, char **buf, struct diag *);
size_t	csvlook_fields(const char *, size_t, unsigned char delim, int plain);
uint64_t csvlook_hash(const char *, size_t);
/* The filter of block i, or NULL when it is no longer kept. */
uint64_t *csvlook_bloom(const struct ledger *, size_t i);
int	csvlook_bloom_has(const uint64_t *, uint64_t);
/* A new block, the ledger's last, from byte off on. */
struct block *csvlook_block_new(struct ledger *, size_t off);
/* The instance of hash h in block b, the ledger's last. */
void	csvlook_block_add(struct ledger *, struct block *b, uint64_t h);

/* csvedit.c */
/* The header of a CSV file to read in a stream: 1 when it is one (scans
 * then go through csvscan_*), 0 when the file is to be read whole, -1 on
 * error. */
int	csvedit_open(struct ledger *, struct diag *);
/* The header as the reader rd read it from bytes p, n: the file's
 * first bytes, the header's included. */
void	csvedit_header(struct ledger *, const struct reader *, const char *p,
	    size_t n);
/* The header's bytes after those in b, so that a reader of b reads it as
 * the file's reader did; how many bytes that added. */
size_t	csvedit_add_header(const struct ledger *, struct buf *b);
size_t	csvedit_prepare(struct ledger *);
void	csvedit_write(struct ledger *, struct out *);

/* yamledit.c */
/* Whether ledger_load maps the file lazily: a YAML file, whose scan
 * lets its pages go behind it (yamledit_note_last), so that its memory
 * does not grow with the file. */
int	yamledit_lazy(struct ledger *);
void	yamledit_note_last(struct ledger *, const struct rec *);
/* Where the list entry of a record read again after the scan starts,
 * and its "-"'s column (SIZE_MAX: not an entry of a block list); the
 * pages behind it let go. */
size_t	yamledit_entry(struct ledger *, const struct rec *, uint32_t *col);
int	yamledit_prepare(struct ledger *, struct splices *, struct diag *);
void	yamledit_write(struct ledger *, struct out *, struct splices *);
void	yamledit_free(struct splices *);

/* digest.c */
/* The SHA-256 of the file as read, in hex; NULL with errno set when the
 * file could not be read. */
const char *digest_read(struct ledger *);
void	digest_ahead(struct ledger *);
/* The new file's digest, its bytes before first the old file's: made
 * while it is written, from digest_follow on (in a thread: following);
 * digest_written when it is written whole, 0 with new_digest, or -1
 * with errno. */
void	digest_follow(struct ledger *, size_t first);
int	digest_written(struct ledger *);

/* readback.c */
/* A fingerprint of a record's fields, whatever their order. */
uint64_t readback_print(const struct rec *);
/* 0 when bytes p, n read as the ledger's records with the changes made
 * and the appended ones after them; else -1, saying which record not. */
int	readback_check(struct ledger *, const char *p, size_t n,
	    struct diag *);
/* 1 when the new file, as written with the splices noted, is as
 * intended, told from its spliced records alone and its other bytes
 * compared with the old file's; 0 when that does not tell, and the new
 * file is to be read back whole (readback_written does so). */
int	readback_spliced(struct ledger *);
int	readback_written(struct ledger *, struct diag *);

#endif
