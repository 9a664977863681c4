import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/types';
import { SAMPLE_DIR, tempDir, testWorkbench } from '../test-support';
import { EXACT_DISTINCT_BELOW_ROWS } from './explore-service';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
let events: Dataset;
const one = async (sql: string) => (await wb.queries.run(sql)).page.data[0]![0];

beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
  events = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet') });
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

describe('grid pages', () => {
  it('returns one block in columnar form with the total', async () => {
    const r = await wb.explore.page({ dataset: events, offset: 100, limit: 50 });
    expect(r.total).toBe(events.rowCount);
    expect(r.page.rowCount).toBe(50);
    expect(r.page.data).toHaveLength(events.columns.length);
    const ids = r.page.data[events.columns.findIndex((c) => c.name === 'event_id')]!;
    const direct = await wb.queries.run('SELECT event_id FROM events LIMIT 50 OFFSET 100');
    expect(ids).toEqual(direct.page.data[0]);
  });

  it('sorts and filters in DuckDB, matching the same SQL written by hand', async () => {
    const r = await wb.explore.page({
      dataset: events,
      offset: 0,
      limit: 20,
      sort: [{ column: 'revenue', direction: 'desc' }],
      filters: [
        { column: 'event_type', kind: 'text', op: 'equals', value: 'purchase' },
        { column: 'revenue', kind: 'number', op: 'greaterThan', value: 100 },
      ],
    });
    const n = await one(`SELECT count(*) FROM events WHERE event_type = 'purchase' AND revenue > 100`);
    expect(r.total).toBe(n);
    const rev = r.page.data[events.columns.findIndex((c) => c.name === 'revenue')] as number[];
    expect(rev[0]).toBe(await one(`SELECT max(revenue) FROM events`));
    expect([...rev].sort((a, b) => b - a)).toEqual(rev);
    expect(rev.every((v) => v > 100)).toBe(true);
  });

  it('pages sorted rows from cached windows, across window edges, exactly as DuckDB orders them', async () => {
    const sort = [
      { column: 'event_ts', direction: 'desc' as const },
      { column: 'event_id', direction: 'asc' as const },
    ];
    const idCol = events.columns.findIndex((c) => c.name === 'event_id');
    for (const offset of [0, 1900, 1950, 4000, 120_000]) {
      const r = await wb.explore.page({ dataset: events, offset, limit: 200, sort });
      const direct = await wb.queries.run(
        `SELECT event_id FROM events ORDER BY event_ts DESC NULLS LAST, event_id ASC NULLS LAST LIMIT 200 OFFSET ${offset}`,
      );
      expect(r.page.data[idCol]).toEqual(direct.page.data[0]);
      expect(r.page.rowCount).toBe(200);
    }
    const tail = await wb.explore.page({ dataset: events, offset: events.rowCount - 50, limit: 200, sort });
    expect(tail.page.rowCount).toBe(50);
  });

  it('finds deep sorted windows by key-only sorting, with NULLs, ties broken by a second key, and filters', async () => {
    const idCol = events.columns.findIndex((c) => c.name === 'event_id');
    const cases = [
      {
        sort: [
          { column: 'revenue', direction: 'desc' as const },
          { column: 'event_id', direction: 'asc' as const },
        ],
        filters: [],
      },
      {
        sort: [
          { column: 'event_type', direction: 'asc' as const },
          { column: 'event_id', direction: 'desc' as const },
        ],
        filters: [],
      },
      {
        sort: [
          { column: 'page', direction: 'desc' as const },
          { column: 'event_id', direction: 'asc' as const },
        ],
        filters: [{ column: 'device', kind: 'text' as const, op: 'equals' as const, value: 'mobile' }],
      },
    ];
    for (const { sort, filters } of cases) {
      const orderSql = sort.map((s) => `"${s.column}" ${s.direction.toUpperCase()} NULLS LAST`).join(', ');
      const whereSql = filters.length ? `WHERE CAST(device AS VARCHAR) = 'mobile'` : '';
      for (const offset of [50_000, 61_900, 100_000]) {
        const r = await wb.explore.page({ dataset: events, offset, limit: 200, sort, filters });
        const direct = await wb.queries.run(`SELECT event_id FROM events ${whereSql} ORDER BY ${orderSql} LIMIT 200 OFFSET ${offset}`);
        expect(r.page.data[idCol], `${orderSql} @ ${offset}`).toEqual(direct.page.data[0]);
      }
    }
  });

  it('breaks sort ties by position in the source, so pages never repeat or skip rows', async () => {
    const sort = [{ column: 'event_type', direction: 'asc' as const }];
    const idCol = events.columns.findIndex((c) => c.name === 'event_id');
    const direct = async (offset: number, n: number) =>
      (
        await wb.queries.run(
          `SELECT event_id FROM read_parquet('${events.dataPath}', file_row_number = true) ORDER BY event_type, file_row_number LIMIT ${n} OFFSET ${offset}`,
        )
      ).page.data[0];
    const shallow: unknown[] = [];
    for (let offset = 0; offset < 4400; offset += 200)
      shallow.push(...(await wb.explore.page({ dataset: events, offset, limit: 200, sort })).page.data[idCol]!);
    expect(new Set(shallow).size).toBe(4400);
    expect(shallow).toEqual(await direct(0, 4400));
    for (const offset of [60_000, 61_800, 150_000]) {
      const r = await wb.explore.page({ dataset: events, offset, limit: 400, sort });
      expect(r.page.data[idCol]).toEqual(await direct(offset, 400));
    }
  });

  it('numbers rows of CSV views for the same stable order', async () => {
    const customers = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'customers.csv') });
    const idCol = customers.columns.findIndex((c) => c.name === 'customer_id');
    const r = await wb.explore.page({ dataset: customers, offset: 1900, limit: 300, sort: [{ column: 'country', direction: 'desc' }] });
    const direct = await wb.queries.run(
      `SELECT customer_id FROM (SELECT *, row_number() OVER () AS n FROM customers) ORDER BY country DESC, n LIMIT 300 OFFSET 1900`,
    );
    expect(r.page.data[idCol]).toEqual(direct.page.data[0]);
    expect(r.page.columns.map((c) => c.name)).toEqual(customers.columns.map((c) => c.name));
  });

  it('supports contains and blank filters', async () => {
    const r = await wb.explore.page({
      dataset: events,
      offset: 0,
      limit: 5,
      filters: [
        { column: 'page', kind: 'text', op: 'contains', value: 'CHECKOUT' },
        { column: 'revenue', kind: 'blank', op: 'blank' },
      ],
    });
    expect(r.total).toBe(await one(`SELECT count(*) FROM events WHERE page ILIKE '%checkout%' AND revenue IS NULL`));
    expect(r.total).toBeGreaterThan(0);
  });

  it('answers a filter that matches nothing, or an offset past the end, with an empty page of the same columns', async () => {
    const none = [{ column: 'event_type', kind: 'text' as const, op: 'equals' as const, value: 'no such event' }];
    const sort = [{ column: 'revenue', direction: 'desc' as const }];
    const names = events.columns.map((c) => c.name);
    const pages = [
      await wb.explore.page({ dataset: events, offset: 0, limit: 200, filters: none }),
      await wb.explore.page({ dataset: events, offset: 0, limit: 200, filters: none, sort }),
      await wb.explore.page({ dataset: events, offset: events.rowCount + 10, limit: 200 }),
      await wb.explore.page({ dataset: events, offset: events.rowCount + 10, limit: 200, sort }),
      await wb.explore.page({ dataset: events, offset: 4000, limit: 200, filters: [{ ...none[0]!, value: 'support_contact' }], sort }),
    ];
    for (const [i, r] of pages.entries()) {
      expect(r.page.rowCount, `page ${i}`).toBe(0);
      expect(r.page.columns.map((c) => c.name)).toEqual(names);
      expect(r.page.data).toEqual(names.map(() => []));
    }
    expect(pages[0]!.total).toBe(0);
    expect(pages[2]!.total).toBe(events.rowCount);
  });

  it('refuses sort and filter columns the dataset does not have', async () => {
    await expect(wb.explore.page({ dataset: events, offset: 0, limit: 5, sort: [{ column: 'nope', direction: 'asc' }] })).rejects.toThrow(
      /Unknown column/,
    );
  });
});

describe('profiles', () => {
  it('computes nulls, distinct, range and mean like plain SQL', async () => {
    const profiles = await wb.explore.profile(events);
    expect(profiles.map((p) => p.name)).toEqual(events.columns.map((c) => c.name));
    const revenue = profiles.find((p) => p.name === 'revenue')!;
    expect(revenue.nulls).toBe(await one('SELECT count(*) - count(revenue) FROM events'));
    expect(revenue.mean).toBeCloseTo(Number(await one('SELECT avg(revenue) FROM events')), 6);
    expect(Number(revenue.max)).toBeCloseTo(Number(await one('SELECT max(revenue) FROM events')), 6);
    expect(revenue.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(await one('SELECT count(revenue) FROM events'));
    const type = profiles.find((p) => p.name === 'event_type')!;
    const top = await wb.queries.run(`SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`);
    expect(type.topValues).toEqual(top.page.data[0]!.map((v, i) => ({ value: v, count: top.page.data[1]![i] })));
    expect(type.distinct).toBeGreaterThanOrEqual(5);
    // event_id has more distinct values than an exact GROUP BY is allowed: sketched candidates, exact counts.
    const ids = profiles.find((p) => p.name === 'event_id')!;
    expect(ids.distinct).toBeGreaterThan(100_000);
    expect(ids.topValues!.length).toBe(10);
    for (const t of ids.topValues!) expect(t.count).toBe(await one(`SELECT count(*) FROM events WHERE event_id = '${t.value}'`));
  });
});

describe('time histograms in profiles', () => {
  it('bins a timestamp column over time in DuckDB: every non-null row counted once, edges from min to max', async () => {
    const profiles = await wb.explore.profile(events);
    const ts = profiles.find((p) => p.name === 'event_ts')!;
    const h = ts.timeHistogram!;
    expect(h.counts).toHaveLength(20);
    expect(h.edges).toHaveLength(21);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(await one('SELECT count(event_ts) FROM events'));
    expect(h.edges[0]).toBe(Number(await one('SELECT epoch_ms(min(event_ts)::TIMESTAMP) FROM events')));
    expect(h.edges[20]).toBe(Number(await one('SELECT epoch_ms(max(event_ts)::TIMESTAMP) FROM events')));
    // The first bin holds exactly the rows before the first inner edge.
    expect(h.counts[0]).toBe(Number(await one(`SELECT count(*) FROM events WHERE epoch_ms(event_ts::TIMESTAMP) < ${h.edges[1]}`)));
    expect(ts.topValues!.length).toBeGreaterThan(0);
  });
});

describe('distinct counts in profiles', () => {
  it('counts distinct values exactly below the threshold, where the sketch overshoots the row count', async () => {
    const orders = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'orders.ndjson') });
    expect(orders.rowCount).toBeLessThan(EXACT_DISTINCT_BELOW_ROWS);
    // The sample's order_id is one where approx_count_distinct says more values than there are rows.
    expect(Number(await one(`SELECT approx_count_distinct(order_id) FROM ${orders.relation}`))).toBeGreaterThan(orders.rowCount);
    const profiles = await wb.explore.profile(orders);
    for (const p of profiles) {
      const exact = Number(await one(`SELECT count(DISTINCT ${JSON.stringify(p.name)}) FROM ${orders.relation}`));
      expect({ name: p.name, distinct: p.distinct, approx: p.distinctApprox }).toEqual({ name: p.name, distinct: exact, approx: false });
    }
  });

  it('above the threshold marks the sketch as approximate and never shows more distinct values than non-null rows', async () => {
    const rel = 'many_ids';
    await wb.engine.exec(`CREATE OR REPLACE TABLE ${rel} AS SELECT range AS id, range % 3 AS k FROM range(5000)`);
    const base = {
      ...events,
      id: 'many-ids',
      name: rel,
      relation: rel,
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'k', type: 'BIGINT' },
      ],
    };
    const approx = Number(await one(`SELECT approx_count_distinct(id) FROM ${rel}`));
    expect(approx).toBeGreaterThan(5000); // the sketch overshoots here, so only the clamp keeps the count at the row count
    // A stored row count above the threshold is how a big dataset looks to the profile.
    const profiles = await wb.explore.profile({ ...base, rowCount: EXACT_DISTINCT_BELOW_ROWS });
    const id = profiles.find((p) => p.name === 'id')!;
    expect(id.distinctApprox).toBe(true);
    expect(id.distinct).toBe(5000);
    expect(id.distinct).toBeLessThanOrEqual(id.count - id.nulls);
  });
});

describe('SQL runs', () => {
  it('bounds results, records history and reports the error line', async () => {
    const r = await wb.queries.run('SELECT * FROM events', 100);
    expect(r.page.rowCount).toBe(100);
    expect(r.truncated).toBe(true);
    await expect(wb.queries.run('SELECT event_type,\n  count(*)\nFROM events\nGROUP BY nope')).rejects.toMatchObject({
      code: 'QUERY_FAILED',
      extra: { line: 4 },
    });
    const history = wb.queries.saved.history();
    expect(history[0]).toMatchObject({ error: expect.stringMatching(/nope/) });
    expect(history[1]).toMatchObject({ sql: 'SELECT * FROM events', error: null });
  });

  it('cancels a long query', async () => {
    const run = wb.queries.run('SELECT count(*) FROM range(100000000000) a', 10, 'slow-1');
    await new Promise((r) => setTimeout(r, 200));
    expect(await wb.queries.cancel('slow-1')).toBe(true);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('exports results to CSV and Parquet that read back the same', async () => {
    const sql = `SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY 1`;
    const csv = await wb.queries.export(sql, 'csv', path.join(tmp.dir, 'out', 'counts.csv'));
    const pq = await wb.queries.export(sql, 'parquet', path.join(tmp.dir, 'out', 'counts.parquet'));
    expect(csv.rows).toBe(pq.rows);
    const a = await wb.queries.run(`SELECT * FROM read_csv('${csv.path}') ORDER BY 1`);
    const b = await wb.queries.run(`SELECT * FROM read_parquet('${pq.path}') ORDER BY 1`);
    const c = await wb.queries.run(sql);
    expect(a.page.data).toEqual(c.page.data);
    expect(b.page.data).toEqual(c.page.data);
    expect(wb.store.auditLog()[0]).toMatchObject({ action: 'export' });
    await expect(wb.queries.export(sql, 'csv', path.join(tmp.dir, 'out', 'wrong.parquet'))).rejects.toThrow(/should end in \.csv/);
  });
});
