/**
 * The ordered funnel's first tier: one GROUP BY pass over the matched rows settles most customers exactly;
 * only the others ("hard") go through the chain of ASOF joins in funnel-sql.ts (each join sorts its input).
 *
 * Used when the mode is ordered, there are no exclusions and no two steps name the same event (so no row
 * matches two steps, and a chain never has to skip a row it already holds). Per customer, over the rows with a
 * timestamp: f = the earliest step-1 time, and L_j = the times of the rows matching step j (j ≥ 2). From them,
 * the chain from the earliest start: t_1 = f, t_j = the least element of L_j at or after t_{j−1} (NULL when
 * there is none, or t_{j−1} is NULL). Let m = the largest k with t_1..t_k present and t_k − t_1 ≤ W (0 when f
 * is NULL; the t_j do not decrease, so the window holds for every step before m).
 *
 * Claim. If m = n, or t_{m+1} is NULL, the customer reaches exactly m steps, and the attempt counted starts at
 * t_1 with step times t_1..t_m. Otherwise (t_{m+1} present but more than W after t_1) the customer is hard.
 * Proof. Lower bound: t_1..t_m are the times of distinct rows (the steps share no row) of steps 1..m, in time
 *   order and spanning at most W. Upper bound when t_{m+1} is NULL: take any chain of rows e_1..e_{m+1} (of
 *   steps 1..m+1, e_1.ts ≤ … ≤ e_{m+1}.ts). By induction e_i.ts ≥ t_i: e_1.ts ≥ f = t_1 (f is the earliest
 *   step-1 row), and e_i is a step-i row at or after e_{i−1}.ts ≥ t_{i−1}, so e_i.ts ≥ t_i, the least such
 *   time. Then e_{m+1} is a step-(m+1) row at or after t_m, and there is none: no chain reaches step m + 1,
 *   within the window or not. The attempt counted reaches most steps (m), then starts earliest: no step-1 row
 *   is earlier than f, and the chain from f takes each step at its earliest row, which is what the query's
 *   attempt from f does (funnel-sql.ts). Tied step-1 rows at f give the same times; file order picks among
 *   them, so the breakdown value is the first in file order of the step-1 rows at f.
 * A hard customer's chain from f leaves the window, and a later start may reach more: the ASOF chain decides.
 */

/** The customer's level when the chain from the earliest start settles it (see the claim above), else NULL. */
export function easyLevelSql(n: number, windowMicros: bigint): string {
  const whens = ['WHEN t1 IS NULL THEN 0'];
  for (let j = 2; j <= n; j++) whens.push(`WHEN t${j} IS NULL THEN ${j - 1}`, `WHEN t${j} - t1 > ${windowMicros} THEN NULL`);
  return `CASE ${whens.join(' ')} ELSE ${n} END`;
}

/**
 * The tier's CTEs over `base` (ck, ts, mask with step j at bit j − 1, bval, and the file-order columns in
 * `order`): `ez` has one row per customer with the chain's times t1..tn, the first row's breakdown value `bval`
 * and `lvl` (NULL when hard); `hb` holds the hard customers' rows of base, for the chain of joins.
 */
export function easyTierCtes(n: number, windowMicros: bigint, breakdown: boolean, order: string): string[] {
  const bit = (j: number) => 1 << (j - 1);
  const later = Array.from({ length: n - 1 }, (_, i) => i + 2);
  // arg_min skips a NULL argument; wrapped in a struct, a NULL breakdown value is kept.
  const bval = breakdown ? `(arg_min({b: bval}, {t: ts, o: ${order}}) FILTER (WHERE (mask & 1) <> 0)).b` : 'NULL';
  const lists = later.map((j) => `list(ts) FILTER (WHERE (mask & ${bit(j)}) <> 0) AS l${j}`);
  // Each step's time from the previous one, one projection per step (nesting the expressions would repeat them).
  let chain = `SELECT ck, min(ts) FILTER (WHERE (mask & 1) <> 0) AS t1, ${bval} AS bval, ${lists.join(', ')} FROM base GROUP BY ck`;
  for (const j of later)
    chain = `SELECT * EXCLUDE (l${j}), list_min(list_filter(l${j}, lambda x: x >= t${j - 1})) AS t${j} FROM (${chain})`;
  return [
    `ez AS MATERIALIZED (SELECT *, ${easyLevelSql(n, windowMicros)} AS lvl FROM (${chain}))`,
    `hb AS MATERIALIZED (SELECT * FROM base WHERE ck IN (SELECT ck FROM ez WHERE lvl IS NULL))`,
  ];
}

/** The easy customers as rows of the funnel's per-customer table (cust, reached, bval, t1..tn). */
export function easyRowsSql(n: number): string {
  const ts = Array.from({ length: n }, (_, i) => `t${i + 1}`);
  return `SELECT ck AS cust, lvl AS reached, bval, ${ts.join(', ')} FROM ez WHERE lvl >= 1`;
}
