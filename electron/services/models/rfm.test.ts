import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DIR, useWorkbench } from '../test-support';
import { buildRfm } from './rfm';

const ctx = useWorkbench();

describe('RFM from an orders table', () => {
  it('scores recency, frequency and monetary value in quintiles and names segments', async () => {
    const orders = await ctx.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'orders.ndjson') });
    const r = await buildRfm(ctx.wb.engine, orders, {
      customerColumn: 'customer_id',
      dateColumn: 'order_ts',
      amountColumn: 'revenue',
      asOf: '2026-11-01',
      table: 'rfm',
    });
    const direct = await ctx.wb.queries.run(`SELECT count(DISTINCT customer_id) FROM ${orders.relation}`);
    expect(r.customers).toBe(direct.page.data[0]![0]);
    const one = await ctx.wb.queries.run(`SELECT customer, recency_days, frequency, monetary FROM rfm ORDER BY monetary DESC LIMIT 1`);
    const [customer] = one.page.data.map((c) => c[0]);
    const check = await ctx.wb.queries.run(
      `SELECT date_diff('day', max(order_ts), TIMESTAMP '2026-11-01'), count(*), sum(revenue) FROM ${orders.relation} WHERE customer_id = '${customer}'`,
    );
    expect(one.page.data.slice(1).map((c) => c[0])).toEqual(check.page.data.map((c) => c[0]));
    const scores = await ctx.wb.queries.run(`SELECT min(r_score), max(r_score), count(DISTINCT segment) FROM rfm`);
    expect(scores.page.data.map((c) => c[0])).toEqual([1, 5, expect.any(Number)]);
    expect(r.segments.map((s) => s.segment)).toContain('Champions');
    // The most recent quintile holds the smallest recencies.
    const q = await ctx.wb.queries.run(
      `SELECT max(recency_days) FILTER (WHERE r_score = 5) <= min(recency_days) FILTER (WHERE r_score = 1) FROM rfm`,
    );
    expect(q.page.data[0]![0]).toBe(true);
  });

  it('names a date column that holds no dates', async () => {
    const orders = ctx.wb.datasets.list().find((d) => d.name === 'orders')!;
    await expect(
      buildRfm(ctx.wb.engine, orders, { customerColumn: 'customer_id', dateColumn: 'status', amountColumn: 'revenue', table: 'x' }),
    ).rejects.toThrow(/orders\.status: [\d,]+ values are not dates/);
  });
});
