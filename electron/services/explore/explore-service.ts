import { directContext, type CallContext } from '../../../shared/api/call-context';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { buildOrderBy, buildPrecedes, buildWhere, quoteIdent, sortKeyList } from '../../../shared/sql';
import { isNumericType, type ColumnPage, type ColumnProfile, type Dataset, type FilterSpec, type SortSpec } from '../../../shared/types';
import { isGlob } from '../datasets/detect';
import type { Engine } from '../engine/engine';
import type { EngineLane } from '../engine/lanes';
import { sourceSql } from '../datasets/source-sql';

export interface PageRequest {
  dataset: Dataset;
  offset: number;
  limit: number;
  sort?: SortSpec[];
  filters?: FilterSpec[];
}

/** Sorted or filtered rows are fetched from DuckDB in windows this big and paged from memory. */
export const WINDOW_ROWS = 2000;
/** Beyond this offset a sorted window is found by sorting the key columns only (a full-row sort of 10M rows needs GBs). */
export const KEY_SORT_FROM = 50_000;
const MAX_WINDOWS = 24;

interface WindowSpec {
  key: string;
  /** A relation name or a parenthesised subquery. */
  rel: string;
  /** The select list: `*`, or `* EXCLUDE (...)` to hide the row-position columns. */
  select: string;
  where: { sql: string; params: (string | number)[] };
  order: string;
  sort: SortSpec[];
  known: Set<string>;
}

type Window = { columns: ColumnPage['columns']; data: ColumnPage['data']; rowCount: number };

const HISTOGRAM_BINS = 20;

/** Grid pages, counts and column profiles, all computed by DuckDB. */
/** Grid pages are small calls a person waits on: they run in the engine's interactive lane, never behind heavy work. */
const GRID_LANE: EngineLane = 'interactive';

export class ExploreService {
  /** Filtered row counts by dataset and filter; the grid asks for the same count on every page. */
  private readonly counts = new Map<string, number>();
  /** Windows of sorted/filtered rows, most recently used last; re-sorting 10M rows for every page is too slow. */
  private readonly windows = new Map<string, Promise<Window>>();

  constructor(private readonly engine: Engine) {}

  async page(req: PageRequest): Promise<{ page: ColumnPage; total: number }> {
    const known = new Set(req.dataset.columns.map((c) => c.name));
    const where = buildWhere(req.filters, known);
    const order = buildOrderBy(req.sort, known);
    const rel = quoteIdent(req.dataset.relation);
    const scope = `${req.dataset.id}|${req.dataset.fingerprint}|${where.sql}|${JSON.stringify(where.params)}`;
    const total = this.count(scope, rel, where);
    if (!order && !where.sql) {
      // Plain scans in insertion order are cheap at any offset: no window needed.
      const sql = `SELECT * FROM ${rel} LIMIT ${req.limit} OFFSET ${req.offset}`;
      const [page, n] = await Promise.all([this.engine.query(sql, { lane: GRID_LANE }), total]);
      return { page: { columns: page.columns, data: page.data, rowCount: page.rowCount }, total: n };
    }
    const key = `${scope}|${order}`;
    if (req.sort?.length) {
      // Sort keys, then the row's position in the source: a total order, so windows never overlap or skip rows.
      const grid = gridSource(req.dataset);
      const sortAll = [...req.sort, ...grid.tiebreak.map((column) => ({ column, direction: 'asc' as const }))];
      const knownAll = new Set([...known, ...grid.tiebreak]);
      const spec: WindowSpec = {
        key,
        rel: grid.sql,
        select: `* EXCLUDE (${grid.tiebreak.map(quoteIdent).join(', ')})`,
        where,
        order: buildOrderBy(sortAll, knownAll),
        sort: sortAll,
        known: knownAll,
      };
      return this.windowedPage(spec, req.offset, req.limit, total);
    }
    return this.windowedPage({ key, rel, select: '*', where, order, sort: [], known }, req.offset, req.limit, total);
  }

  private async windowedPage(
    spec: WindowSpec,
    offset: number,
    limit: number,
    total: Promise<number>,
  ): Promise<{ page: ColumnPage; total: number }> {
    const first = Math.floor(offset / WINDOW_ROWS);
    const last = Math.floor((offset + limit - 1) / WINDOW_ROWS);
    const parts: Promise<Window>[] = [];
    for (let w = first; w <= last; w++) parts.push(this.window(spec, w));
    const [windows, n] = await Promise.all([Promise.all(parts), total]);
    // Warm the next window while the user reads this one.
    if (last * WINDOW_ROWS + WINDOW_ROWS < n) void this.window(spec, last + 1).catch(() => undefined);
    return { page: slicePage(windows, offset - first * WINDOW_ROWS, limit), total: n };
  }

  private window(spec: WindowSpec, index: number): Promise<Window> {
    const id = `${spec.key}|${index}`;
    const hit = this.windows.get(id);
    if (hit) {
      this.windows.delete(id);
      this.windows.set(id, hit);
      return hit;
    }
    const offset = index * WINDOW_ROWS;
    const p = spec.sort.length && offset >= KEY_SORT_FROM ? this.keySortedWindow(spec, offset) : this.plainWindow(spec, offset);
    this.windows.set(id, p);
    p.catch(() => this.windows.delete(id));
    while (this.windows.size > MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value!);
    return p;
  }

  private plainWindow({ rel, select, where, order }: WindowSpec, offset: number): Promise<Window> {
    return this.engine.query(`SELECT ${select} FROM ${rel} ${where.sql} ${order} LIMIT ${WINDOW_ROWS} OFFSET ${offset}`, {
      params: where.params,
      lane: GRID_LANE,
    });
  }

  /**
   * Late materialisation by hand: find the row at `offset` sorting only the key columns, count the rows
   * before it, then take a small top-N of full rows from that row on. Same rows, a fraction of the memory.
   */
  private async keySortedWindow(spec: WindowSpec, offset: number): Promise<Window> {
    const { rel, select, where, order, sort, known } = spec;
    const cond = (extra: string) => (where.sql ? `${where.sql} AND ${extra}` : `WHERE ${extra}`);
    const bound = `__b AS (SELECT ${sortKeyList(sort)} FROM ${rel} ${where.sql} ${order} LIMIT 1 OFFSET ${offset})`;
    const precedes = buildPrecedes(sort, known, '__r', '__b');
    const before = await this.engine.query(
      `WITH ${bound} SELECT (SELECT count(*) FROM __b) AS found, (SELECT count(*) FROM ${rel} AS __r, __b ${cond(precedes)}) AS n`,
      { params: where.params, lane: GRID_LANE },
    );
    if (Number(before.data[0]?.[0] ?? 0) === 0) return this.plainWindow(spec, offset); // past the end
    const skip = offset - Number(before.data[1]?.[0] ?? 0);
    const rowOrder = order.replace(/"((?:[^"]|"")*)"/g, (_m, name: string) => `__r."${name}"`);
    return this.engine.query(
      `WITH ${bound} SELECT __r.${select} FROM ${rel} AS __r, __b ${cond(`NOT ${precedes}`)} ${rowOrder} LIMIT ${WINDOW_ROWS} OFFSET ${skip}`,
      { params: where.params, lane: GRID_LANE },
    );
  }

  private async count(key: string, rel: string, where: { sql: string; params: (string | number)[] }): Promise<number> {
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    const r = await this.engine.query(`SELECT count(*) FROM ${rel} ${where.sql}`, { params: where.params, lane: GRID_LANE });
    const n = Number(r.data[0]?.[0] ?? 0);
    if (this.counts.size > 200) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }

  forget(datasetId: string): void {
    for (const k of this.counts.keys()) if (k.startsWith(`${datasetId}|`)) this.counts.delete(k);
    for (const k of this.windows.keys()) if (k.startsWith(`${datasetId}|`)) this.windows.delete(k);
  }

  async profile(dataset: Dataset, ctx: CallContext = directContext()): Promise<ColumnProfile[]> {
    const stop = () => {
      if (ctx.isCancelled()) throw new WorkbenchError(ErrorCode.Cancelled, 'The profile was cancelled.');
    };
    const rel = quoteIdent(dataset.relation);
    // SUMMARIZE rounds its null percentage; exact null counts come from count(col) in one scan, and below
    // EXACT_DISTINCT_BELOW_ROWS exact distinct counts too (SUMMARIZE's sketch can exceed the row count).
    const exact = dataset.rowCount < EXACT_DISTINCT_BELOW_ROWS;
    const aggregates = dataset.columns.flatMap((c) => {
      const q = quoteIdent(c.name);
      return exact ? [`count(${q})`, `count(DISTINCT ${q})`] : [`count(${q})`];
    });
    const perColumn = exact ? 2 : 1;
    const [summary, counts] = await Promise.all([
      this.engine.query(`SUMMARIZE SELECT * FROM ${rel}`),
      this.engine.query(`SELECT count(*)${aggregates.length ? `, ${aggregates.join(', ')}` : ''} FROM ${rel}`),
    ]);
    stop();
    ctx.onProgress(0.3, 'column details');
    const total = Number(counts.data[0]?.[0] ?? 0);
    const col = (name: string) => summary.data[summary.columns.findIndex((c) => c.name === name)] ?? [];
    const names = col('column_name');
    const profiles: ColumnProfile[] = names.map((n, i) => {
      const mean = col('avg')[i];
      const idx = dataset.columns.findIndex((c) => c.name === n);
      const present = idx >= 0 ? Number(counts.data[1 + idx * perColumn]?.[0] ?? 0) : total;
      const counted = exact && idx >= 0;
      // The sketch can overshoot: never more distinct values than non-null rows.
      const distinct = counted
        ? Number(counts.data[2 + idx * perColumn]?.[0] ?? 0)
        : Math.min(Number(col('approx_unique')[i] ?? 0), present);
      return {
        name: String(n),
        type: String(col('column_type')[i]),
        count: total,
        nulls: total - present,
        distinct,
        distinctApprox: !counted,
        min: nullable(col('min')[i]),
        max: nullable(col('max')[i]),
        mean: mean === null || mean === undefined || Number.isNaN(Number(mean)) ? null : Number(mean),
      };
    });
    // Two at a time: each detail query scans the data, and running all at once multiplies memory.
    let done = 0;
    await mapLimit(profiles, 2, async (p) => {
      stop();
      ctx.onProgress(0.3 + (0.7 * done++) / profiles.length, p.name);
      if (isNumericType(p.type) && p.min !== null && p.max !== null) p.histogram = await this.histogram(rel, p);
      else if (isTemporalType(p.type) && p.min !== null) {
        // Dates and timestamps: a histogram over time, and their most frequent values as well.
        p.timeHistogram = await this.timeHistogram(rel, p.name);
        p.topValues = await this.topValues(rel, p.name, p.distinct);
      } else if (!/^(STRUCT|MAP|UNION)/.test(p.type) && !p.type.endsWith('[]')) p.topValues = await this.topValues(rel, p.name, p.distinct);
    });
    return profiles;
  }

  private async histogram(rel: string, p: ColumnProfile): Promise<ColumnProfile['histogram']> {
    const lo = Number(p.min);
    const hi = Number(p.max);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
    const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1;
    const c = `CAST(${quoteIdent(p.name)} AS DOUBLE)`;
    const r = await this.engine.query(
      `SELECT least(${HISTOGRAM_BINS - 1}, floor((${c} - $1) / $2))::INTEGER AS bin, count(*) AS n FROM ${rel} WHERE ${c} IS NOT NULL GROUP BY bin ORDER BY bin`,
      { params: [lo, width] },
    );
    const counts = new Array<number>(hi > lo ? HISTOGRAM_BINS : 1).fill(0);
    r.data[0]?.forEach((bin, i) => {
      counts[Number(bin)] = Number(r.data[1]?.[i] ?? 0);
    });
    const edges = counts.map((_, i) => lo + i * width).concat(hi > lo ? hi : lo + 1);
    return { edges, counts };
  }

  /** Equal-width bins over time, computed in DuckDB in one query (bounds and counts). */
  private async timeHistogram(rel: string, column: string): Promise<ColumnProfile['timeHistogram']> {
    const ms = `epoch_ms(CAST(${quoteIdent(column)} AS TIMESTAMP))`;
    const r = await this.engine.query(
      `WITH t AS (SELECT ${ms} AS v FROM ${rel} WHERE ${quoteIdent(column)} IS NOT NULL),
       b AS (SELECT min(v) AS lo, max(v) AS hi FROM t)
       SELECT least(${HISTOGRAM_BINS - 1}, floor((v - lo) / greatest((hi - lo) / ${HISTOGRAM_BINS}, 1)))::INTEGER AS bin,
              count(*) AS n, any_value(lo) AS lo, any_value(hi) AS hi
       FROM t, b GROUP BY bin ORDER BY bin`,
    );
    if (!r.data[0]?.length) return undefined;
    const lo = Number(r.data[2]![0]);
    const hi = Number(r.data[3]![0]);
    const bins = hi > lo ? HISTOGRAM_BINS : 1;
    const width = hi > lo ? Math.max((hi - lo) / HISTOGRAM_BINS, 1) : 1;
    const counts = new Array<number>(bins).fill(0);
    r.data[0].forEach((bin, i) => {
      const k = Math.min(bins - 1, Number(bin));
      counts[k] = (counts[k] ?? 0) + Number(r.data[1]?.[i] ?? 0);
    });
    const edges = counts.map((_, i) => lo + i * width).concat(hi > lo ? hi : lo + width);
    return { edges, counts };
  }

  private async topValues(rel: string, column: string, distinct: number): Promise<ColumnProfile['topValues']> {
    const c = quoteIdent(column);
    const text = `CAST(${c} AS VARCHAR)`;
    if (distinct <= EXACT_TOP_VALUES_UP_TO) {
      const r = await this.engine.query(
        `SELECT ${text} AS v, count(*) AS n FROM ${rel} WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
      );
      return (r.data[0] ?? []).map((v, i) => ({ value: String(v), count: Number(r.data[1]?.[i] ?? 0) }));
    }
    // Millions of distinct values: a bounded-memory sketch picks the candidates, one more scan counts them exactly.
    const r = await this.engine.query(
      `WITH top AS (SELECT unnest(approx_top_k(${text}, 10)) AS v FROM ${rel})
       SELECT ${text} AS v, count(*) AS n FROM ${rel} WHERE ${text} IN (SELECT v FROM top) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    );
    return (r.data[0] ?? []).map((v, i) => ({ value: String(v), count: Number(r.data[1]?.[i] ?? 0) }));
  }
}

/** Types profiled with a histogram over time. */
export function isTemporalType(type: string): boolean {
  return type === 'DATE' || type.startsWith('TIMESTAMP');
}

/** Datasets with fewer rows than this get exact distinct counts in profiles; bigger ones the approximate sketch. */
export const EXACT_DISTINCT_BELOW_ROWS = 5_000_000;

/** Above this many distinct values, top values come from a sketch instead of an exact GROUP BY. */
const EXACT_TOP_VALUES_UP_TO = 100_000;

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

function nullable(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** Joins consecutive windows and cuts one page out of them. */
function slicePage(windows: Window[], start: number, limit: number): ColumnPage {
  const columns = windows[0]!.columns;
  const data = columns.map((_, c) => {
    const joined = windows.length === 1 ? windows[0]!.data[c]! : windows.flatMap((w) => w.data[c]!);
    return joined.slice(start, start + limit);
  });
  return { columns, data, rowCount: data[0]?.length ?? 0 };
}

/**
 * The dataset with its row position in the source, as a sort tiebreak. Parquet (every import is
 * Parquet) has it for free; other views number rows in a streaming window.
 */
export function gridSource(d: Dataset): { sql: string; tiebreak: string[] } {
  if (d.mode === 'import' || d.format === 'parquet') {
    const multi = isGlob(d.dataPath);
    const read = sourceSql(d.dataPath, 'parquet').replace(/\)$/, `, file_row_number = true${multi ? ', filename = true' : ''})`);
    const hidden = multi ? 'file_row_number, filename' : 'file_row_number';
    const extra = multi ? 'filename AS __file, file_row_number AS __row' : 'file_row_number AS __row';
    return { sql: `(SELECT * EXCLUDE (${hidden}), ${extra} FROM ${read})`, tiebreak: multi ? ['__file', '__row'] : ['__row'] };
  }
  return { sql: `(SELECT *, row_number() OVER () AS __row FROM ${quoteIdent(d.relation)})`, tiebreak: ['__row'] };
}
