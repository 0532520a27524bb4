/*
 * order-cancel's decisions (refund/plan.h), every row of SPEC 4's state
 * table and the checks around it, driven directly: a ledger as CSV, the
 * IDs asked for, what is known of the instances, and the answers as text,
 * one "order_id action status_after refund rule: reason" per row, then
 * "+ Refund-row-id refund rule related" per Refund row.
 */
#include <time.h>

#include "base/buf.h"
#include "base/diag.h"
#include "records/reader.h"
#include "records/recmap.h"
#include "refund/orders.h"
#include "refund/plan.h"
#include "refund/policy.h"
#include "select/idset.h"
#include "tap.h"
#include "values/money.h"
#include "values/ts.h"

#define HEAD "order_id,instance_id,order_type,charge_type,status," \
	"created_at,period_start,period_end,gross_amount,paid_amount,currency\n"
/* a New yearly subscription of i-a: on 2025-07-01, 181 days used of
 * 365, 181.00 consumed, 184.00 refunded */
#define NEW_A "N1,i-a,New,Subscription,Paid,2025-01-01T00:00:00Z," \
	"2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,365.00,365.00,CNY\n"
#define AT "2025-07-01T00:00:00Z"

static const char *const actions[] = { "cancel", "refund", "none",
	"refused" };

/* A recmap of instance records, from CSV text; NULL for none. */
static struct recmap *
facts(const char *csv, struct recmap *m)
{
	struct reader *rd;
	struct diag d;
	struct rec *r;

	if (csv == NULL)
		return NULL;
	memset(m, 0, sizeof *m);
	m->key = "instance_id";
	rd = rd_open_mem("facts", csv, strlen(csv), FMT_CSV, 0, &d);
	while (rd_next(rd, &r, &d) > 0)
		recmap_add(m, r);
	rd_close(rd);
	return m;
}

static char *
answers(const char *ledger, const char *ids, const char *inst,
    const char *where_status, int force, const char *policy)
{
	static struct buf b;
	struct orders os;
	struct idset want, wanted;
	struct recmap map, piped;
	struct policy pol;
	struct plan p;
	struct reader *rd;
	struct diag d;
	struct rec *r;
	char *sel = calloc(64, 1), idbuf[256], *id, *save = NULL;
	size_t i, n = 0;
	int64_t at = 0;

	buf_reset(&b);
	memset(&os, 0, sizeof os);
	memset(&want, 0, sizeof want);
	memset(&wanted, 0, sizeof wanted);
	memset(&piped, 0, sizeof piped);
	piped.key = "instance_id";
	policy_load(&pol, policy, &d);
	ts_parse(AT, strlen(AT), &at);
	snprintf(idbuf, sizeof idbuf, "%s", ids);
	for (id = strtok_r(idbuf, " ", &save); id; id = strtok_r(NULL, " ",
	    &save))
		idset_add(&want, id, strlen(id));
	rd = rd_open_mem("ledger", ledger, strlen(ledger), FMT_CSV, 0, &d);
	while (rd_next(rd, &r, &d) > 0) {
		const char *iid = rec_get(r, "instance_id", NULL);
		const char *st = rec_get(r, "status", NULL);

		orders_add(&os, r, n, &d);
		sel[n++] = where_status == NULL || strcmp(st, where_status) == 0;
		idset_add(&wanted, iid, strlen(iid));
	}
	rd_close(rd);
	{
		struct plan_input in = { &pol, &os, sel, at, &piped,
		    facts(inst, &map), force };

		if (plan_make(&p, &in, &want, &wanted, &d) < 0)
			buf_addf(&b, "error: %s", d.msg);
	}
	for (i = 0; i < p.n; i++) {
		const struct plan_row *pr = &p.rows[i];

		buf_addf(&b, "%s %s %s ", os.o[pr->oi].id,
		    actions[pr->action], plan_status_after(&p, pr));
		money_format(&b, pr->refund, os.o[pr->oi].places);
		buf_addf(&b, " %s: %s\n", pr->rule, pr->reason);
	}
	for (i = 0; i < p.nrefunds; i++) {
		buf_addf(&b, "+ %s ", p.refunds[i].id);
		money_format(&b, p.refunds[i].refund, p.refunds[i].places);
		buf_addf(&b, " %s %s\n", p.refunds[i].rule,
		    buf_str(&p.refunds[i].related));
	}
	if (p.unchecked)
		buf_adds(&b, "(unchecked)\n");
	plan_free(&p);
	orders_free(&os);
	idset_free(&want);
	idset_free(&wanted);
	if (inst)
		recmap_free(&map);
	free(sel);
	return (char *)buf_str(&b);
}

int
main(void)
{
	static const struct {
		const char *name, *ledger, *ids, *inst, *where;
		int force;
		const char *policy, *want;
	} c[] = {
	    { "Unpaid: cancelled",
	      HEAD "U1,i-u,New,Subscription,Unpaid,2025-06-28T00:00:00Z,,,"
	      "10.00,10.00,CNY\n", "U1", NULL, NULL, 0, "intl",
	      "U1 cancel Cancelled 0.00 : \n" },
	    { "Paid subscription, by order: the whole instance",
	      HEAD NEW_A "R1,i-a,Renew,Subscription,Paid,"
	      "2025-06-01T00:00:00Z,2026-01-01T00:00:00Z,"
	      "2027-01-01T00:00:00Z,365.00,300.00,CNY\n", "N1", NULL, NULL, 0,
	      "intl", "N1 refund Refunded 184.00 partial: \n"
	      "R1 refund Refunded 300.00 not-started: \n"
	      "+ Ri-a20250701000000 484.00 partial+not-started N1;R1\n"
	      "(unchecked)\n" },
	    { "Paid subscription, by instance",
	      HEAD NEW_A, "i-a", NULL, NULL, 0, "intl",
	      "N1 refund Refunded 184.00 partial: \n"
	      "+ Ri-a20250701000000 184.00 partial N1\n(unchecked)\n" },
	    { "a renewal not started, by order: refunded alone, in full",
	      HEAD NEW_A "R1,i-a,Renew,Subscription,Paid,"
	      "2025-06-01T00:00:00Z,2026-01-01T00:00:00Z,"
	      "2027-01-01T00:00:00Z,365.00,300.00,CNY\n", "R1", NULL, NULL, 0,
	      "intl", "R1 refund Refunded 300.00 not-started: \n"
	      "+ Ri-a20250701000000 300.00 not-started R1\n" },
	    { "... then its instance takes it in",
	      HEAD NEW_A "R1,i-a,Renew,Subscription,Paid,"
	      "2025-06-01T00:00:00Z,2026-01-01T00:00:00Z,"
	      "2027-01-01T00:00:00Z,365.00,300.00,CNY\n", "R1 i-a", NULL, NULL,
	      0, "intl", "N1 refund Refunded 184.00 partial: \n"
	      "R1 refund Refunded 300.00 not-started: \n"
	      "+ Ri-a20250701000000 484.00 partial+not-started N1;R1\n"
	      "(unchecked)\n" },
	    { "an upgrade alone: refused",
	      HEAD NEW_A "G1,i-a,Upgrade,Subscription,Paid,"
	      "2025-03-01T00:00:00Z,2025-03-01T00:00:00Z,"
	      "2026-01-01T00:00:00Z,100.00,100.00,CNY\n", "G1", NULL, NULL, 0,
	      "intl", "G1 refused Paid 0.00 : an upgrade is refunded only with "
	      "its instance: give the instance or its New order\n" },
	    { "pay-as-you-go: refused",
	      HEAD "P1,i-p,New,PayAsYouGo,Paid,2025-01-01T00:00:00Z,,,"
	      "0,0,CNY\n", "P1", NULL, NULL, 0, "intl",
	      "P1 refused Paid 0.00 : pay-as-you-go: nothing to refund; "
	      "release the instance instead\n" },
	    { "another unpaid order of the instance: refused, naming it",
	      HEAD NEW_A "U2,i-a,Renew,Subscription,Unpaid,"
	      "2025-06-28T00:00:00Z,2026-01-01T00:00:00Z,"
	      "2027-01-01T00:00:00Z,365.00,365.00,CNY\n", "N1", NULL, NULL, 0,
	      "intl", "N1 refused Paid 0.00 : order U2 of this instance is "
	      "unpaid: cancel it first\n" },
	    { "already cancelled, already refunded: nothing",
	      HEAD "C1,i-c,New,Subscription,Cancelled,2025-01-01T00:00:00Z,"
	      ",,10.00,10.00,CNY\nF1,i-f,New,Subscription,Refunded,"
	      "2025-01-01T00:00:00Z,,,10.00,10.00,CNY\n", "C1 i-f", NULL,
	      NULL, 0, "intl", "C1 none Cancelled 0.00 : already cancelled\n"
	      "F1 none Refunded 0.00 : already refunded\n" },
	    { "not in the file: no answer (the command names it)",
	      HEAD NEW_A, "N9", NULL, NULL, 0, "intl", "" },
	    { "not selected by --where: nothing",
	      HEAD "U1,i-u,New,Subscription,Unpaid,2025-06-28T00:00:00Z,,,"
	      "10.00,10.00,CNY\n", "U1", NULL, "Paid", 0, "intl",
	      "U1 none Unpaid 0.00 : not selected by --where\n" },
	    { "deletion protection: refused, even forced",
	      HEAD NEW_A, "i-a", "instance_id,deletion_protection,status,"
	      "os_name,spot_strategy\ni-a,true,Stopped,Linux,NoSpot\n", NULL, 1,
	      "intl", "N1 refused Paid 0.00 : i-a has deletion protection on: "
	      "it is never unsubscribed here\n" },
	    { "Running: refused",
	      HEAD NEW_A, "i-a", "instance_id,deletion_protection,status,"
	      "os_name,spot_strategy\ni-a,false,Running,Linux,NoSpot\n", NULL,
	      0, "intl", "N1 refused Paid 0.00 : i-a is Running: make sure no "
	      "live business runs on it, stop it, or give --force\n" },
	    { "Running, forced: refunded",
	      HEAD NEW_A, "i-a", "instance_id,deletion_protection,status,"
	      "os_name,spot_strategy\ni-a,false,Running,Linux,NoSpot\n", NULL,
	      1, "intl", "N1 refund Refunded 184.00 partial: \n"
	      "+ Ri-a20250701000000 184.00 partial N1\n" },
	    { "absent from the instances file: refused",
	      HEAD NEW_A, "i-a", "instance_id,status\ni-z,Stopped\n", NULL, 0,
	      "intl", "N1 refused Paid 0.00 : i-a is not in the instances "
	      "file: its deletion protection and status cannot be checked "
	      "(--force to go on)\n" },
	    { "a spot instance: not refundable",
	      HEAD NEW_A, "i-a", "instance_id,deletion_protection,status,"
	      "os_name,spot_strategy\ni-a,false,Stopped,Linux,"
	      "SpotAsPriceGo\n", NULL, 0, "intl",
	      "N1 refused Paid 0.00 : a spot instance (spot_strategy "
	      "SpotAsPriceGo) is not refunded\n" },
	    { "a Refund row given: already refunded",
	      HEAD "X1,i-x,Refund,Subscription,Paid,2025-01-01T00:00:00Z,,,"
	      ",-10.00,CNY\n", "X1", NULL, NULL, 0, "intl",
	      "X1 none Paid 0.00 : a Refund row: already refunded\n" },
	    { "a status of no meaning: refused",
	      HEAD "S1,i-s,New,Subscription,Pending,2025-01-01T00:00:00Z,,,"
	      "10.00,10.00,CNY\n", "S1", NULL, NULL, 0, "intl",
	      "S1 refused Pending 0.00 : status \"Pending\" is none of Unpaid, "
	      "Paid, Cancelled, Refunded\n" },
	    { "cn: the no-reason refund once, to the first asked",
	      HEAD "N1,i-a,New,Subscription,Paid,2025-06-28T00:00:00Z,"
	      "2025-06-28T00:00:00Z,2025-07-28T00:00:00Z,300.00,300.00,CNY\n"
	      "N2,i-b,New,Subscription,Paid,2025-06-28T00:00:00Z,"
	      "2025-06-28T00:00:00Z,2025-07-28T00:00:00Z,300.00,300.00,CNY\n",
	      "i-b i-a", NULL, NULL, 0, "cn",
	      "N2 refund Refunded 300.00 no-reason: \n"
	      "N1 refund Refunded 255.00 partial: \n"
	      "+ Ri-b20250701000000 300.00 no-reason N2\n"
	      "+ Ri-a20250701000000 255.00 partial N1\n(unchecked)\n" },
	};
	size_t i;

	setenv("TZ", "UTC", 1);
	tzset();
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		is_str(answers(c[i].ledger, c[i].ids, c[i].inst, c[i].where,
		    c[i].force, c[i].policy), c[i].want, "%s", c[i].name);
	return done();
}
