import { buildOrderBy, buildWhere, quoteIdent } from '../../../shared/sql';
import type { ColumnPage, ColumnProfile, Dataset, FilterSpec, SortSpec } from '../../../shared/types';
import type { Engine } from '../engine/engine';

export interface PageRequest {
  dataset: Dataset;
  offset: number;
  limit: number;
  sort?: SortSpec[];
  filters?: FilterSpec[];
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;
const HISTOGRAM_BINS = 20;

/** Grid pages, counts and column profiles, all computed by DuckDB. */
export class ExploreService {
  /** Filtered row counts by dataset and filter; the grid asks for the same count on every page. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly engine: Engine) {}

  async page(req: PageRequest): Promise<{ page: ColumnPage; total: number }> {
    const known = new Set(req.dataset.columns.map((c) => c.name));
    const where = buildWhere(req.filters, known);
    const order = buildOrderBy(req.sort, known);
    const rel = quoteIdent(req.dataset.relation);
    const sql = `SELECT * FROM ${rel} ${where.sql} ${order} LIMIT ${req.limit} OFFSET ${req.offset}`;
    const countKey = `${req.dataset.id}|${req.dataset.fingerprint}|${where.sql}|${JSON.stringify(where.params)}`;
    const [page, total] = await Promise.all([this.engine.query(sql, { params: where.params }), this.count(countKey, rel, where)]);
    return { page: { columns: page.columns, data: page.data, rowCount: page.rowCount }, total };
  }

  private async count(key: string, rel: string, where: { sql: string; params: (string | number)[] }): Promise<number> {
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    const r = await this.engine.query(`SELECT count(*) FROM ${rel} ${where.sql}`, { params: where.params });
    const n = Number(r.data[0]?.[0] ?? 0);
    if (this.counts.size > 200) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }

  forget(datasetId: string): void {
    for (const k of this.counts.keys()) if (k.startsWith(`${datasetId}|`)) this.counts.delete(k);
  }

  async profile(dataset: Dataset): Promise<ColumnProfile[]> {
    const rel = quoteIdent(dataset.relation);
    // SUMMARIZE rounds its null percentage; exact null counts come from count(col) in one scan.
    const nonNull = dataset.columns.map((c) => `count(${quoteIdent(c.name)})`).join(', ');
    const [summary, counts] = await Promise.all([
      this.engine.query(`SUMMARIZE SELECT * FROM ${rel}`),
      this.engine.query(`SELECT count(*)${nonNull ? `, ${nonNull}` : ''} FROM ${rel}`),
    ]);
    const total = Number(counts.data[0]?.[0] ?? 0);
    const col = (name: string) => summary.data[summary.columns.findIndex((c) => c.name === name)] ?? [];
    const names = col('column_name');
    const profiles: ColumnProfile[] = names.map((n, i) => {
      const mean = col('avg')[i];
      const idx = dataset.columns.findIndex((c) => c.name === n);
      const present = idx >= 0 ? Number(counts.data[idx + 1]?.[0] ?? 0) : total;
      return {
        name: String(n),
        type: String(col('column_type')[i]),
        count: total,
        nulls: total - present,
        distinct: Number(col('approx_unique')[i] ?? 0),
        min: nullable(col('min')[i]),
        max: nullable(col('max')[i]),
        mean: mean === null || mean === undefined || Number.isNaN(Number(mean)) ? null : Number(mean),
      };
    });
    await Promise.all(
      profiles.map(async (p) => {
        if (NUMERIC.test(p.type) && p.min !== null && p.max !== null) p.histogram = await this.histogram(rel, p);
        else if (!/^(STRUCT|MAP|UNION)/.test(p.type) && !p.type.endsWith('[]')) p.topValues = await this.topValues(rel, p.name);
      }),
    );
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

  private async topValues(rel: string, column: string): Promise<ColumnProfile['topValues']> {
    const c = quoteIdent(column);
    const r = await this.engine.query(
      `SELECT CAST(${c} AS VARCHAR) AS v, count(*) AS n FROM ${rel} WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    );
    return (r.data[0] ?? []).map((v, i) => ({ value: String(v), count: Number(r.data[1]?.[i] ?? 0) }));
  }
}

function nullable(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
