/**
 * The funnel as one DuckDB query: events in, a small JSON summary out (no event ever leaves the engine).
 *
 * Semantics (README "Journeys → Funnels" says the same). Rows with a NULL customer or a NULL (or
 * unreadable) timestamp are ignored in every mode. A row matches a step when its event is one of the step's
 * events and every filter of the step holds. W is the window.
 *
 * - ordered: a customer reaches step k if some DISTINCT rows e1..ek match steps 1..k with
 *   e1.ts ≤ e2.ts ≤ … ≤ ek.ts and ek.ts − e1.ts ≤ W. Ties are allowed in any order, but one row never
 *   serves two steps (a step repeated twice needs two rows). The best attempt counts.
 *   How: every first-step row starts an attempt (tied ones give the same chain); step j+1 is taken at the
 *   earliest row matching it at or after step j's time that the attempt has not used yet (an ASOF join on
 *   the step's rows numbered per customer, skipping the rows of that time the attempt already holds). The
 *   earliest choice at every step leaves the most room, so the attempt's step-k time is the earliest any
 *   chain from that start can reach, and the window check on it is exact. This is exact when any two steps
 *   are either the same (event and filters) or match disjoint rows; when two different steps can match
 *   the same row (one event, overlapping filters) and such rows tie on time, it can count one step fewer.
 *   When no two steps name the same event and there are no exclusions, one grouping pass first computes each
 *   customer's chain from the earliest start from per-step lists of times; it settles every customer whose chain
 *   ends for want of a next row or reaches the last step within W (proof in funnel-easy-sql.ts), and only the
 *   others, whose chain from the earliest start leaves the window, go through the joins.
 * - strict: the matched rows are consecutive in the customer's timeline: rows with a timestamp ordered by
 *   time, ties by file order (Parquet's row number, else the order DuckDB reads the file), every event of
 *   the customer counted (not only step events). Step k is reached if rows p..p+k−1 match steps 1..k and
 *   span at most W.
 * - unordered: steps 1..k are matched by distinct rows in any order, all within W of the earliest of them.
 *   (Not PostHog's "any k of the steps": step k's number means the first k steps were all done.) Counted
 *   per window start, so it has the same overlapping-filter caveat as ordered. Time between steps is not
 *   defined here and comes back null.
 * - exclusions (ordered and strict): an attempt with an excluded event at a time in [t_from, t_k] for a
 *   step k in (from, to] stops at step k − 1 (default between: the first and the last step). The attempt
 *   is the one described above (each step at its earliest row); an exclusion event may not also be a step.
 * - customers are grouped by their id. With `customerHash` the joins, sorts and groupings run on a 64-bit
 *   hash of the id instead of its text (twice as fast for the ASOF joins); the summary then says whether two
 *   ids share a hash (`collision`), and the caller runs the query again on the ids themselves.
 * - the attempt a customer is counted by: the one reaching most steps, then the earliest start (then file
 *   order). Its first row gives the breakdown value; its step times give the time statistics.
 */
import { quoteIdent, quoteString } from '../sql';
import { easyRowsSql, easyTierCtes } from './funnel-easy-sql';
import { stepEvents, stepFilters, type FunnelFilter, type FunnelMode, type FunnelStep } from './funnel';

export interface FunnelSqlSpec {
  /** What to read: a relation name or a parenthesised SELECT, with the tiebreak columns. */
  source: string;
  /** SQL expressions over the source giving file order (ties on time are broken by them). */
  tiebreak: string[];
  customerColumn: string;
  timeColumn: string;
  eventColumn: string;
  steps: FunnelStep[];
  windowSeconds: number;
  mode: FunnelMode;
  /** Normalised: `between` given as 1-based step numbers, from < to. */
  exclusions: { event: string; between: [number, number] }[];
  breakdownColumn?: string;
  droppedAt?: number;
  reachedAt?: number;
  breakdownLimit: number;
  droppedIdLimit: number;
  histogramBins: number;
  /** With droppedAt: the query returns the dropped customers' ids (one column `cust`) instead of the JSON summary. */
  membersOnly?: boolean;
  /**
   * The query returns one row (easy, hard): how many customers the ordered funnel's first tier settles from
   * aggregates and how many go through the chain (funnel-easy-sql.ts); no row when the tier does not apply.
   */
  tiersOnly?: boolean;
  /**
   * A SQL function (normally `hash`) keying customers by a 64-bit hash of their id; ignored when customer ids are
   * returned (droppedAt, reachedAt, membersOnly). The summary's `collision` says whether two ids share a key.
   */
  customerHash?: string;
}

/** What the query returns (one row, one JSON text), before the service turns it into a FunnelResult. */
export interface FunnelSqlRow {
  steps: { k: number; customers: number; medPrev: number | null; q: number[] | null; lo: number | null; hi: number | null }[] | null;
  hist: { k: number; bin: number; n: number }[] | null;
  total: number;
  present: string[] | null;
  breakdown: { value: string | null; steps: number[] }[] | null;
  droppedCount: number | null;
  droppedIds: string[] | null;
  reachedCount?: number | null;
  reachedIds?: string[] | null;
  /** With customerHash: two customer ids share a hash, so the counts may be wrong; run again without it. */
  collision?: boolean | null;
}

const NO_TIME = '9223372036854775807';

function literal(v: string | number | boolean): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`filter value ${v} is not a finite number.`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return quoteString(v);
}

/** A step or population filter as a SQL condition over the row (the value typed like the filter's value). */
export function filterSql(f: FunnelFilter): string {
  const col = quoteIdent(f.column);
  const typed =
    typeof f.value === 'number'
      ? `TRY_CAST(${col} AS DOUBLE)`
      : typeof f.value === 'boolean'
        ? `TRY_CAST(${col} AS BOOLEAN)`
        : `CAST(${col} AS VARCHAR)`;
  const v = literal(f.value);
  switch (f.op) {
    case '=':
      return `(${typed} = ${v})`;
    case '!=':
      return `((${typed} = ${v}) IS NOT TRUE)`;
    case '<':
      return `(${typed} < ${v})`;
    case '>':
      return `(${typed} > ${v})`;
    case 'contains':
      return `contains(lower(CAST(${col} AS VARCHAR)), lower(${quoteString(String(f.value))}))`;
  }
}

function stepSql(step: FunnelStep, ev: string): string {
  const events = stepEvents(step);
  const named = events.length === 1 ? `${ev} = ${quoteString(events[0]!)}` : `${ev} IN (${events.map(quoteString).join(', ')})`;
  return [named, ...stepFilters(step).map(filterSql)].join(' AND ');
}

/** A step's identity: steps with the same key match the same rows. */
function stepKey(step: FunnelStep): string {
  const filters = stepFilters(step)
    .map((f) => JSON.stringify([f.column, f.op, typeof f.value, f.value]))
    .sort();
  return JSON.stringify([[...stepEvents(step)].sort(), filters]);
}

/** Steps grouped into classes of identical steps: class of each step, and each class's step bits. */
export function stepClasses(steps: FunnelStep[]): { classOf: number[]; masks: number[] } {
  const keys: string[] = [];
  const classOf = steps.map((s) => {
    const k = stepKey(s);
    const at = keys.indexOf(k);
    if (at >= 0) return at;
    keys.push(k);
    return keys.length - 1;
  });
  const masks = keys.map((_, c) => classOf.reduce((m, cls, j) => (cls === c ? m | (1 << j) : m), 0));
  return { classOf, masks };
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** The whole funnel as one query returning one JSON text column `result` (see FunnelSqlRow). */
export function buildFunnelSql(spec: FunnelSqlSpec): string {
  const n = spec.steps.length;
  const W = BigInt(Math.round(spec.windowSeconds)) * 1_000_000n;
  const ev = quoteIdent(spec.eventColumn);
  const { classOf, masks } = stepClasses(spec.steps);
  const bit = (j: number) => 1 << (j - 1);
  const events = [...new Set([...spec.steps.flatMap(stepEvents), ...spec.exclusions.map((x) => x.event)])];
  // Steps whose event no other step names need no numbering: no row of theirs is ever held already.
  const overlaps = (a: FunnelStep, b: FunnelStep) => stepEvents(a).some((e) => stepEvents(b).includes(e));
  const shared = (c: number) => spec.steps.filter((s) => overlaps(s, spec.steps[classOf.indexOf(c)]!)).length > 1;
  const numbered = masks.map((_, c) => c).filter(shared);
  // File order is read only where it decides something: numbering, strict and unordered, a breakdown's first row.
  const needOrder = spec.mode !== 'ordered' || numbered.length > 0 || spec.breakdownColumn !== undefined;
  const tb = needOrder ? spec.tiebreak.map((e, i) => `${e} AS tb${i}`) : [];
  const tbCols = needOrder ? spec.tiebreak.map((_, i) => `tb${i}`) : [];
  const order = ['ts', ...tbCols].join(', ');
  const stepMask = spec.steps.map((s, i) => `(CASE WHEN ${stepSql(s, ev)} THEN ${bit(i + 1)} ELSE 0 END)`).join(' + ');
  const xMask = spec.exclusions.length
    ? spec.exclusions.map((x, i) => `(CASE WHEN ${ev} = ${quoteString(x.event)} THEN ${1 << i} ELSE 0 END)`).join(' + ')
    : '0';
  const bval = spec.breakdownColumn ? quoteIdent(spec.breakdownColumn) : 'NULL';
  const cust = quoteIdent(spec.customerColumn);
  const hashed = spec.customerHash && !spec.droppedAt && !spec.reachedAt && !spec.membersOnly ? spec.customerHash : null;
  if (hashed !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(hashed)) throw new Error(`customerHash: "${hashed}" is not a function name.`);
  // Without step filters, a row whose event is named matches a step or an exclusion: the event filter is enough.
  const filtered = spec.steps.some((st) => stepFilters(st).length > 0);
  const eventFilter = [`${cust} IS NOT NULL`, ...(spec.mode === 'strict' ? [] : [`${ev} IN (${events.map(quoteString).join(', ')})`])];

  const ctes: string[] = [
    `base AS MATERIALIZED (
  SELECT * FROM (
    SELECT ${hashed ? `${hashed}(${cust})` : cust} AS ck, epoch_us(TRY_CAST(${quoteIdent(spec.timeColumn)} AS TIMESTAMP)) AS ts,
      ${[...tb, `(${stepMask})::INTEGER AS mask`, `(${xMask})::INTEGER AS xmask`, `${bval} AS bval`].join(', ')}
    FROM ${spec.source} WHERE ${eventFilter.join(' AND ')}
  ) WHERE ts IS NOT NULL${spec.mode === 'strict' || !filtered ? '' : ' AND (mask <> 0 OR xmask <> 0)'}
)`,
  ];
  const tCols = range(1, n).map((j) => `t${j}`);
  const reachedExpr = (t: (j: number) => string) =>
    `CASE ${range(2, n)
      .map((j) => `WHEN ${t(j)} IS NULL OR ${t(j)} - t1 > ${W} THEN ${j - 1}`)
      .join(' ')} ELSE ${n} END`;

  // The first tier (funnel-easy-sql.ts): customers settled by per-step aggregates; the chain gets the rest (hb).
  const tiered = spec.mode === 'ordered' && spec.exclusions.length === 0 && numbered.length === 0;
  const src = tiered ? 'hb' : 'base';
  if (spec.tiersOnly && !tiered) return 'SELECT 0 AS easy, 0 AS hard WHERE false';
  if (spec.mode === 'ordered') {
    const tbStruct = tbCols.length ? `{${tbCols.map((c) => `${c}: ${c}`).join(', ')}}` : 'NULL';
    if (numbered.length)
      ctes.push(
        `mc AS MATERIALIZED (
  SELECT b.ck, k.cls, b.ts, b.mask, b.bval, ${tbStruct} AS o,
    row_number() OVER (PARTITION BY b.ck, k.cls ORDER BY ${['b.ts', ...tbCols.map((c) => `b.${c}`)].join(', ')}) AS idx,
    rank() OVER (PARTITION BY b.ck, k.cls ORDER BY b.ts) AS rk
  FROM base b JOIN (VALUES ${numbered.map((c) => `(${c}, ${masks[c]})`).join(', ')}) k(cls, cmask) ON (b.mask & k.cmask) <> 0
)`,
        `firsts AS MATERIALIZED (SELECT ck, cls, ts, idx FROM mc WHERE idx = rk)`,
      );
    if (tiered) ctes.push(...easyTierCtes(n, W, spec.breakdownColumn !== undefined, tbStruct));
    if (spec.tiersOnly) return `WITH ${ctes.join(',\n')}\nSELECT count(lvl) AS easy, count(*) - count(lvl) AS hard FROM ez`;
    const c1 = classOf[0]!;
    // The chain carries only what later steps read: masks when some step is numbered, the first row's
    // breakdown value and file order (which only break ties between identical attempts) when asked for.
    const m = (j: number, v: string) => (numbered.length ? `, ${v} AS m${j}` : '');
    const b = spec.breakdownColumn ? ', bval' : '';
    const o = (v: string) => (spec.breakdownColumn ? `, ${v} AS o` : '');
    ctes.push(
      shared(c1)
        ? `s1 AS (SELECT ck, ts AS t1${m(1, 'mask')}${b}${o('o')} FROM mc WHERE cls = ${c1} AND idx = rk)`
        : `s1 AS (SELECT ck, ts AS t1${m(1, 'mask')}${b}${o(tbStruct)} FROM ${src} WHERE (mask & ${masks[c1]}) <> 0)`,
    );
    // An attempt whose step j − 1 is missing or already outside the window is finished: only live attempts
    // go on to the next join (each join sorts its input), the finished ones rejoin them at the end.
    const live = (j: number) => (j === 1 ? 's1' : `(SELECT * FROM s${j} WHERE t${j} - t1 <= ${W})`);
    const done = (j: number) => `SELECT * FROM s${j} WHERE t${j} IS NULL OR t${j} - t1 > ${W}`;
    for (const j of range(2, n)) {
      const c = classOf[j - 1]!;
      const mat = j < n ? ' MATERIALIZED' : '';
      if (!shared(c)) {
        ctes.push(`s${j} AS${mat} (
  SELECT p.*, f.ts AS t${j}${m(j, String(masks[c]))} FROM ${live(j - 1)} p
  ASOF LEFT JOIN (SELECT ck, ts FROM ${src} WHERE (mask & ${masks[c]}) <> 0) f ON p.ck = f.ck AND f.ts >= p.t${j - 1}
)`);
        continue;
      }
      const used = range(1, j - 1)
        .map((i) => `(CASE WHEN p.t${i} = p.t${j - 1} AND (p.m${i} & ${masks[c]}) <> 0 THEN 1 ELSE 0 END)`)
        .join(' + ');
      ctes.push(`s${j} AS${mat} (
  SELECT p.* EXCLUDE (fidx, used), x.ts AS t${j}, x.mask AS m${j} FROM (
    SELECT p.*, f.idx AS fidx, ${used} AS used FROM ${live(j - 1)} p
    ASOF LEFT JOIN (SELECT ck, ts, idx FROM firsts WHERE cls = ${c}) f ON p.ck = f.ck AND f.ts >= p.t${j - 1}
  ) p LEFT JOIN (SELECT ck, idx, ts, mask FROM mc WHERE cls = ${c}) x ON x.ck = p.ck AND x.idx = p.fidx + p.used
)`);
    }
    const parts = [...range(2, n - 1).map(done), `SELECT * FROM s${n}`];
    ctes.push(
      `chains AS (${parts.join('\n  UNION ALL BY NAME ')})`,
      `att0 AS (SELECT ck, ${spec.breakdownColumn ? 'bval, o' : 'NULL AS bval, NULL AS o'}, ${tCols.join(', ')}, ${reachedExpr((j) => `t${j}`)} AS reached FROM chains)`,
    );
  } else if (spec.mode === 'strict') {
    const leads = range(2, n).flatMap((j) => [`lead(mask, ${j - 1}) OVER w AS m${j}`, `lead(ts, ${j - 1}) OVER w AS r${j}`]);
    const ok = (j: number) =>
      range(2, j)
        .map((i) => `(m${i} & ${bit(i)}) <> 0`)
        .join(' AND ');
    ctes.push(
      `lk AS (
  SELECT ck, bval, ts AS t1, mask AS m1, row_number() OVER w AS o, ${leads.join(', ')}
  FROM base WINDOW w AS (PARTITION BY ck ORDER BY ${order})
)`,
      `att0 AS (
  SELECT ck, bval, o, t1, ${range(2, n)
    .map((j) => `CASE WHEN ${ok(j)} THEN r${j} END AS t${j}`)
    .join(', ')} FROM lk WHERE (m1 & 1) <> 0
)`,
      `att1 AS (SELECT *, ${reachedExpr((j) => `t${j}`)} AS reached FROM att0)`,
    );
  } else {
    const counts = masks.map((m, c) => `count(*) FILTER (WHERE (mask & ${m}) <> 0) OVER w AS n${c}`);
    const feasible = (k: number) =>
      masks
        .map((_, c) => [c, classOf.slice(0, k).filter((x) => x === c).length] as const)
        .filter(([, need]) => need > 0)
        .map(([c, need]) => `n${c} >= ${need}`)
        .join(' AND ');
    ctes.push(
      `win AS (
  SELECT ck, bval, ts AS t1, row_number() OVER (PARTITION BY ck ORDER BY ${order}) AS o, ${counts.join(', ')}
  FROM base WHERE mask <> 0
  WINDOW w AS (PARTITION BY ck ORDER BY ts RANGE BETWEEN CURRENT ROW AND ${W} FOLLOWING)
)`,
      `att0 AS (
  SELECT ck, bval, o, t1, ${range(2, n)
    .map((j) => `NULL::BIGINT AS t${j}`)
    .join(', ')}, CASE ${range(1, n)
    .map((k) => `WHEN NOT (${feasible(k)}) THEN ${k - 1}`)
    .join(' ')} ELSE ${n} END AS reached FROM win
)`,
    );
  }

  // Exclusions: the first excluded row at or after t_from cuts the attempt before the first later step at or after it.
  let att = spec.mode === 'strict' ? 'att1' : 'att0';
  spec.exclusions.forEach((x, i) => {
    const [a, b] = x.between;
    const cut = `CASE WHEN xt IS NULL THEN ${n} ${range(a + 1, b)
      .map((k) => `WHEN t${k} >= xt THEN ${k - 1}`)
      .join(' ')} ELSE ${n} END`;
    ctes.push(`ex${i} AS (
  SELECT p.* EXCLUDE (xt, reached), least(p.reached, ${cut}) AS reached FROM (
    SELECT p.*, e.ts AS xt FROM ${att} p
    ASOF LEFT JOIN (SELECT ck, ts FROM base WHERE (xmask & ${1 << i}) <> 0) e ON p.ck = e.ck AND e.ts >= coalesce(p.t${a}, ${NO_TIME})
  ) p
)`);
    att = `ex${i}`;
  });

  // The best attempt: most steps, then the earliest start, then file order. Ordered attempts with one start
  // have one chain, so without a breakdown the start alone decides: one 128-bit key (steps missed, then t1).
  const best =
    spec.mode === 'ordered' && !spec.breakdownColumn
      ? `(${n} - reached)::HUGEINT * 18446744073709551616 + t1`
      : '{r: -reached, t: t1, o: o}';
  ctes.push(
    `pc AS MATERIALIZED (
  SELECT ck AS cust, s.reached AS reached, s.bval AS bval, ${tCols.map((t) => `s.${t} AS ${t}`).join(', ')} FROM (
    SELECT ck, arg_min({reached: reached, bval: bval, ${tCols.map((t) => `${t}: ${t}`).join(', ')}}, ${best}) AS s
    FROM ${att} GROUP BY ck
  ) WHERE s.reached >= 1${tiered ? `\n  UNION ALL ${easyRowsSql(n)}` : ''}
)`,
    // One row per customer and step reached after the first (an unnest, not a join: nothing to sort); the first
    // step has no times to summarise, only its count.
    `per AS (
  SELECT k, (ts[k] - ts[k - 1]) / 1e6 AS dprev, (ts[k] - ts[1]) / 1e6 AS dfirst
  FROM (SELECT [${tCols.join(', ')}] AS ts, unnest(range(2, reached + 1)) AS k FROM pc)
)`,
    `agg AS (
  SELECT k, count(*) AS customers, median(dprev) AS medPrev, quantile_cont(dfirst, [0.25, 0.5, 0.75]) AS q, min(dfirst) AS lo, max(dfirst) AS hi
  FROM per GROUP BY k
  UNION ALL SELECT 1, count(*), NULL, NULL, NULL, NULL FROM pc HAVING count(*) > 0
)`,
    `hist AS (
  SELECT p.k, least(floor((p.dfirst - a.lo) / (a.hi - a.lo) * ${spec.histogramBins}), ${spec.histogramBins - 1})::INTEGER AS bin, count(*) AS n
  FROM per p JOIN agg a ON a.k = p.k WHERE a.hi > a.lo GROUP BY ALL
)`,
    // The step events present: the distinct events first (a few), then the names tested on those.
    `tot AS (
  SELECT list(e) FILTER (WHERE e IN (${[...new Set(spec.steps.flatMap(stepEvents))].map(quoteString).join(', ')})) AS present
  FROM (SELECT DISTINCT ${ev} AS e FROM ${spec.source})
)`,
    // The customers, and whether two of their ids share a key.
    `keys AS (
  SELECT count(*) AS total, ${hashed ? `count(DISTINCT ${hashed}(id)) <> count(*)` : 'NULL::BOOLEAN'} AS collision
  FROM (SELECT DISTINCT ${cust} AS id FROM ${spec.source} WHERE ${cust} IS NOT NULL)
)`,
  );
  const breakdown = spec.breakdownColumn
    ? `(SELECT list({value: v, steps: s} ORDER BY n1 DESC, v NULLS LAST) FROM (
        SELECT CAST(bval AS VARCHAR) AS v, count(*) AS n1, [${range(1, n)
          .map((k) => `count(*) FILTER (WHERE reached >= ${k})`)
          .join(', ')}] AS s
        FROM pc GROUP BY 1 ORDER BY n1 DESC, v NULLS LAST LIMIT ${spec.breakdownLimit}))`
    : 'NULL';
  const d = spec.droppedAt;
  const droppedCount = d ? `(SELECT count(*) FROM pc WHERE reached = ${d - 1})` : 'NULL';
  const droppedIds = d
    ? `(SELECT list(id ORDER BY id) FROM (SELECT CAST(cust AS VARCHAR) AS id FROM pc WHERE reached = ${d - 1} ORDER BY id LIMIT ${spec.droppedIdLimit}))`
    : 'NULL';
  if (spec.membersOnly && d) return `WITH ${ctes.join(',\n')}\nSELECT cust FROM pc WHERE reached = ${d - 1}`;
  const k = spec.reachedAt;
  const reachedCount = k ? `(SELECT count(*) FROM pc WHERE reached >= ${k})` : 'NULL';
  const reachedIds = k
    ? `(SELECT list(id ORDER BY id) FROM (SELECT CAST(cust AS VARCHAR) AS id FROM pc WHERE reached >= ${k} ORDER BY id LIMIT ${spec.droppedIdLimit}))`
    : 'NULL';
  return `WITH ${ctes.join(',\n')}
SELECT to_json({
  steps: (SELECT list({k: k, customers: customers, medPrev: medPrev, q: q, lo: lo, hi: hi} ORDER BY k) FROM agg),
  hist: (SELECT list({k: k, bin: bin, n: n}) FROM hist),
  total: (SELECT total FROM keys),
  present: (SELECT present FROM tot),
  breakdown: ${breakdown},
  droppedCount: ${droppedCount},
  droppedIds: ${droppedIds},
  reachedCount: ${reachedCount},
  reachedIds: ${reachedIds},
  collision: (SELECT collision FROM keys)
})::VARCHAR AS result`;
}
