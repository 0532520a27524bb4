// bench/duckdb.mjs: DuckDB as a peer of bench/run, through its Node API
// (@duckdb/node-api, installed by bench/run into a cache directory).
//
//	node duckdb.mjs filter|json|refund FILE [AT]
//
// filter: the rows whose status is Unpaid, as CSV (S1); json: every row
// as one JSON array (S2); refund: GROUP BY instance_id, the intl rules of
// SPEC 5 as one query, as CSV (S4).  Output goes to standard output.
import { DuckDBInstance } from '@duckdb/node-api';

const [what, file, at = '2025-06-15T00:00:00Z'] = process.argv.slice(2);
const q = (s) => "'" + String(s).replace(/'/g, "''") + "'";
const src = `read_csv(${q(file)}, all_varchar = true, header = true)`;
const ts = (c) => `CAST(${c} AS TIMESTAMPTZ)`;
const money = (c) => `coalesce(CAST(${c} AS DECIMAL(18, 4)), 0)`;
const now = `CAST(${q(at)} AS TIMESTAMPTZ)`;

const queries = {
	filter: `COPY (SELECT * FROM ${src} WHERE status = 'Unpaid')
	    TO '/dev/stdout' (HEADER, DELIMITER ',')`,
	json: `COPY (SELECT * FROM ${src}) TO '/dev/stdout'
	    (FORMAT JSON, ARRAY true)`,
	refund: `COPY (
	    WITH o AS (SELECT instance_id, order_id, currency,
		${ts('period_start')} AS s, ${ts('period_end')} AS e,
		${money('gross_amount')} AS gross,
		${money('paid_amount')} - ${money('voucher_amount')} AS cash
		FROM ${src}
		WHERE status = 'Paid' AND order_type <> 'Refund'
		AND charge_type <> 'PayAsYouGo'),
	    d AS (SELECT *,
		CAST(greatest(1, ceil((epoch(${now}) - epoch(s)) / 86400))
		    AS BIGINT) AS used,
		CAST(greatest(1, floor((epoch(e) - epoch(s)) / 86400)) AS BIGINT)
		    AS days
		FROM o),
	    r AS (SELECT *, CASE WHEN ${now} < s THEN 0
		WHEN ${now} >= e THEN cash
		ELSE CAST(round(gross * used / days *
		    CASE WHEN used >= 1095 THEN 0.55 WHEN used >= 730 THEN 0.70
			WHEN used >= 365 THEN 0.85 ELSE 1 END *
		    CASE WHEN used < 30 THEN 1.5 ELSE 1 END, 2)
		    AS DECIMAL(18, 4)) END AS consumed
		FROM d)
	    SELECT instance_id, string_agg(order_id, ';') AS order_ids,
		sum(cash) AS cash_paid, sum(consumed) AS consumed,
		sum(least(cash, greatest(0, cash - consumed))) AS refund_amount,
		currency
	    FROM r GROUP BY instance_id, currency)
	    TO '/dev/stdout' (HEADER, DELIMITER ',')`,
};

if (!(what in queries) || !file) {
	console.error('usage: node duckdb.mjs filter|json|refund FILE [AT]');
	process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(queries[what]);
