import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fixture from '../../../shared/ml/fixtures/clv.json';
import { useWorkbench } from '../test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORDERS = path.resolve(here, '..', '..', '..', 'shared', 'ml', 'fixtures', 'clv_orders.csv');
const ref = fixture.cases.clv;
const ctx = useWorkbench();
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('CLV from an orders table', () => {
  it('summarises orders per customer and day, fits BG/NBD and Gamma-Gamma as SciPy does, and values each customer', async () => {
    const orders = await ctx.wb.datasets.openAndWait({ path: ORDERS });
    const r = await ctx.wb.models.clv(orders, {
      customerColumn: 'customer_id',
      dateColumn: 'ordered_at',
      amountColumn: 'amount',
      asOf: ref.as_of,
      horizon: ref.horizon_days,
      table: 'clv',
    });
    expect(r.customers).toBe(ref.customers.frequency.length);
    expect(r.repeatCustomers).toBe(ref.customers.frequency.filter((x) => x > 0).length);
    // The reference customers have a spread of dropout probabilities: nothing to note about the parameters.
    expect(r.notes).toEqual([]);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(rel(r.bgnbd[k], ref.bgnbd[k]), k).toBeLessThan(1e-4);
    for (const k of ['p', 'q', 'v'] as const) expect(rel(r.gammaGamma[k], ref.gamma_gamma[k]), k).toBeLessThan(1e-4);
    const t = await ctx.wb.queries.run(
      `SELECT customer, frequency, recency_days, age_days, avg_repeat_value, p_alive, expected_purchases, expected_order_value, clv
       FROM clv ORDER BY customer LIMIT ${ref.rows.length}`,
    );
    const col = (name: string) => t.page.data[t.page.columns.findIndex((c) => c.name === name)] as number[];
    expect(col('frequency').map(Number)).toEqual(ref.rows.map((i) => ref.customers.frequency[i]));
    expect(col('recency_days').map(Number)).toEqual(ref.rows.map((i) => ref.customers.recency[i]));
    expect(col('age_days').map(Number)).toEqual(ref.rows.map((i) => ref.customers.T[i]));
    ref.rows.forEach((i, k) => {
      expect(col('avg_repeat_value')[k]!).toBeCloseTo(ref.customers.monetary[i]!, 9);
      expect(rel(col('p_alive')[k]!, ref.p_alive[k]!)).toBeLessThan(1e-4);
      expect(rel(col('expected_purchases')[k]!, ref.expected_purchases[k]!)).toBeLessThan(1e-4);
      expect(rel(col('expected_order_value')[k]!, ref.expected_average_value[k]!)).toBeLessThan(1e-4);
      expect(rel(col('clv')[k]!, ref.clv[k]!)).toBeLessThan(1e-4);
    });
    expect(r.top).toHaveLength(10);
    expect(r.top[0]!.clv).toBeGreaterThanOrEqual(r.top[9]!.clv);
    expect(Math.abs(r.frequencySpendCorrelation)).toBeLessThan(0.2);

    // A monthly discount lowers every value; the undiscounted horizon's purchases are unchanged.
    const discounted = await ctx.wb.models.clv(orders, {
      customerColumn: 'customer_id',
      dateColumn: 'ordered_at',
      amountColumn: 'amount',
      asOf: ref.as_of,
      horizon: ref.horizon_days,
      monthlyDiscount: 0.02,
      table: 'clv_discounted',
    });
    expect(discounted.totals.clv).toBeLessThan(r.totals.clv);
    expect(discounted.totals.clv).toBeGreaterThan(r.totals.clv / 1.02 ** 3);
    expect(discounted.totals.expectedPurchases).toBeCloseTo(r.totals.expectedPurchases, 6);
  });

  it('names what is wrong: an unreadable as-of date, or no repeat purchases', async () => {
    const orders = ctx.wb.datasets.list().find((d) => d.name === 'clv_orders')!;
    const req = { customerColumn: 'customer_id', dateColumn: 'ordered_at', amountColumn: 'amount', table: 'x' };
    await expect(ctx.wb.models.clv(orders, { ...req, asOf: 'soon' })).rejects.toThrow(/asOf: "soon" is not a date/);
    const once = path.join(ctx.dir, 'once.csv');
    writeFileSync(once, 'customer_id,ordered_at,amount\na,2026-01-01,10\nb,2026-02-01,20\n');
    const d = await ctx.wb.datasets.openAndWait({ path: once });
    await expect(ctx.wb.models.clv(d, req)).rejects.toThrow(/once: frequency: no customer bought more than once/);
  });
});
