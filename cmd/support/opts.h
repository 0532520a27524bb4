/*
 * The command line the commands share (SPEC 6): the common options,
 * conditions of the selecting options, positional IDs and "-", the
 * fields options name, the IDs not found.
 */
#ifndef OPTS_H
#define OPTS_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "records/fields.h"
#include "records/fmt.h"
#include "records/recmap.h"
#include "records/writer.h"
#include "select/cond.h"
#include "select/idset.h"

struct diag;

enum { OPT_AT = 0x100, OPT_SORT, OPT_WIDE, OPT_COLOR, OPT_CMD = 0x200 };

#define COMMON_SHORT	"f:o:c:i:d:w:HhV"
#define COMMON_LONG \
	{ "file", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "columns", required_argument, NULL, 'c' }, \
	{ "input-format", required_argument, NULL, 'i' }, \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "where", required_argument, NULL, 'w' }, \
	{ "at", required_argument, NULL, OPT_AT }, \
	{ "no-header", no_argument, NULL, 'H' }, \
	{ "wide", no_argument, NULL, OPT_WIDE }, \
	{ "color", optional_argument, NULL, OPT_COLOR }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }

struct opts {
	const char	 *prog;
	enum rkind	  kind;		/* the records --where and -c name */
	const char *const *keys;	/* fields an ID may name, first first */
	size_t		  nkeys;
	const char	 *file;		/* the first -f */
	const char	**files;	/* every -f, when merge */
	const char	**fors;		/* the --for of each, or NULL */
	size_t		  nfiles, capfiles;
	int		  merge;	/* -f may be given again (merge.h),
					 * --for name a file's instance */
	enum fmt	  ifmt;
	unsigned char	  delim;
	enum ofmt	  ofmt;
	int		  ofmt_set;
	const char	**cols;		/* -c, canonical names */
	size_t		  ncols;
	char		 *colspec;
	const char	**where;	/* -w texts, parsed once --at is known */
	size_t		  nwhere;
	struct cond	 *conds;
	size_t		  nconds;
	const char	 *at;
	int64_t		  now;
	const char	 *sort;		/* --sort FIELD, "" when not given */
	char		 *sortbuf;
	int		  sort_desc;
	struct idset	  ids;
	int		  have_ids;	/* positional IDs were given */
	struct recmap	  piped;	/* instance records read as IDs */
	int		  no_header;	/* -H */
	int		  wide;		/* --wide: tables whole */
	enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color;
	int		  help, version;
};

/* First thing in main: standard descriptors closed by the caller are
 * opened (on /dev/null), the locale set, o emptied. */
void	opts_init(struct opts *, const char *prog, const char *const *keys,
	    size_t nkeys);
/*
 * The command line: common options into o, the command's own through
 * own(arg, option, optarg, d), which returns 0, -1 for a bad value (d
 * says why) or -2 for an option it does not take.  Returns -1 to go on,
 * or the exit status to end with: after --help (usage prints it) or
 * --version, or after a usage error, which it reports.
 */
int	opts_parse(struct opts *, int argc, char **argv, const char *shortopts,
	    const struct option *, int (*own)(void *, int, const char *,
	    struct diag *), void *arg, void (*usage)(void));
/* 1 when ch was a common option, 0 when not, -1 on a bad value. */
int	opts_common(struct opts *, int ch, const char *arg, struct diag *);
/* --for ID (ecs-list): ID is the instance of the file of the -f just
 * before it (rd_for): 0, or -1 with d set. */
int	opts_for(struct opts *, const char *id, struct diag *);
/* After the options: "now", the conditions, the output format, the file
 * (default from the environment variable env), positional IDs. */
int	opts_finish(struct opts *, const char *env, int argc, char **argv,
	    struct diag *);
/* An option that is a condition on one field ("--status S": status is
 * one of S). */
struct shortcut {
	const char	*opt, *field;
	enum op		 op;
};

/* The conditions of the shortcut options given: v[i] (NULL when not
 * given) for s[i]. */
int	opts_shortcuts(struct opts *, const struct shortcut *s, size_t n,
	    const char *const *v, struct diag *);
/* A condition a command adds for its option opt ("--status"). */
int	opts_cond(struct opts *, const char *opt, const char *field, enum op,
	    const char *, struct diag *);
void	opts_free(struct opts *);

/* A table's columns, without -c or --wide: the n of brief, those an admin
 * looks at first. */
void	opts_table_columns(struct opts *, const char *const *brief, size_t n);
/* What the options say of w's output: its header, bold on a terminal,
 * the width of a table (COLUMNS, else the terminal's) and of its
 * cells. */
void	opts_writer(const struct opts *, struct writer *);
/* w's columns: -c's, else the n of dflt. */
void	opts_columns(const struct opts *, struct writer *,
	    const char *const *dflt, size_t n);
/* After a table: say on standard error what was left out to fit. */
void	opts_table_note(const struct opts *, const struct writer *);

/* The options whose fields opts_check_names checks. */
enum { NAMES_COLS = 1, NAMES_WHERE = 2, NAMES_SORT = 4, NAMES_ALL = 7 };
/*
 * Each field that the options which (NAMES_ bits) name is a canonical
 * field of records of kind k, or one of known[] (fields the command
 * derives or writes, or those of its input; in is what the message calls
 * them: "a column of this file"); else an error naming the first that is
 * neither, and the nearest name.
 */
int	opts_check_names(const struct opts *, unsigned which, enum rkind k,
	    const char *const *known, size_t nknown, const char *in,
	    struct diag *);

/* The instances file path names (NULL: $ECS_INSTANCES), into m: 1, or
 * 0 when there is none, or -1 when it cannot be read. */
int	opts_instances(const char *path, struct recmap *m, struct diag *);
/* Name each ID that was asked for and not found, on standard error:
 * EX_PARTIAL when one was not, else EX_DONE. */
int	opts_report_unseen(const struct opts *);
#endif
