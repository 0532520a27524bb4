#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "journal.h"
#include "out.h"
#include "rec.h"
#include "ts.h"
#include "writer.h"

static void
put(struct rec *r, const char *name, const char *v)
{
	rec_add(r, name, v, v ? strlen(v) : 0);
}

int
journal_append(const char *ledger, const char *policy, int64_t at,
    const struct change *c, size_t n, struct diag *d)
{
	char path[PATH_MAX + 16], host[256], now[TS_BUFSZ], when[TS_BUFSZ];
	char uid[32];
	struct passwd *pw = getpwuid(geteuid());
	const char *user = pw ? pw->pw_name : uid;
	struct writer w;
	struct out o;
	struct rec r;
	size_t i;
	int fd, err;

	snprintf(uid, sizeof uid, "%lu", (unsigned long)geteuid());
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	snprintf(path, sizeof path, "%s.journal", ledger);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0666)) < 0) {
		diag_set(d, path, 0, 0, "%s", strerror(errno));
		return -1;
	}
	ts_format((int64_t)time(NULL), now);
	ts_format(at, when);
	out_init(&o, fd);
	wr_init(&w, OUT_JSONL, &o);
	rec_init(&r);
	for (i = 0; i < n; i++) {
		rec_clear(&r);
		put(&r, "time", now);
		put(&r, "user", user);
		put(&r, "host", host);
		put(&r, "order_id", c[i].order_id);
		put(&r, "instance_id", c[i].instance_id);
		put(&r, "before", c[i].before);
		put(&r, "after", c[i].after);
		put(&r, "refund_amount", c[i].refund_amount);
		put(&r, "currency", c[i].currency);
		put(&r, "refund_rule", c[i].refund_rule);
		put(&r, "policy", policy);
		put(&r, "at", when);
		wr_rec(&w, &r);
	}
	rec_free(&r);
	wr_free(&w);
	if ((err = out_close(&o)) == 0 && fsync(fd) < 0)
		err = errno;
	if (close(fd) < 0 && err == 0)
		err = errno;
	if (err != 0) {
		diag_set(d, path, 0, 0, "%s", strerror(err));
		return -1;
	}
	return 0;
}
