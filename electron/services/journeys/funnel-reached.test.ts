import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunnelResult } from '../../../shared/journeys/funnel';
import { orderedReachedByDefinition, type RefRow } from '../../../shared/journeys/funnel-reference';
import { useWorkbench } from '../test-support';

const t = useWorkbench();

describe('journeys.funnel reachedAt', () => {
  it('lists the customers who reached a step, as the definition counts them', async () => {
    // Deterministic rows with ties, missing times and a scrambled file order.
    let seed = 11;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const rows: RefRow[] = [];
    for (let c = 0; c < 60; c++) {
      let ts = Math.floor(rnd() * 50) * 600;
      for (let i = 0, n = 2 + Math.floor(rnd() * 8); i < n; i++) {
        ts += rnd() < 0.3 ? 0 : Math.floor(rnd() * 90) * 60; // ties, and gaps past the window
        const event = rnd() < 0.6 ? 'abc'[Math.min(2, Math.floor(i / 2))]! : 'abcx'[Math.floor(rnd() * 4)]!;
        rows.push({ customer: `u${String(c).padStart(2, '0')}`, ts: rnd() < 0.08 ? null : ts, event, props: {}, rn: rows.length });
      }
    }
    rows.reverse();
    const file = path.join(t.dir, 'reached.csv');
    const iso = (s: number | null) => (s === null ? '' : new Date(1.7e12 + s * 1000).toISOString().replace('T', ' ').slice(0, 19));
    writeFileSync(file, ['customer,ts,event', ...rows.map((r) => `${r.customer},${iso(r.ts)},${r.event}`)].join('\n') + '\n');
    const d = await t.wb.datasets.openAndWait({ path: file });
    const steps = ['a', 'b', 'c'];
    const windowSeconds = 3 * 3600;
    const byCustomer = new Map<string, RefRow[]>();
    for (const r of rows) byCustomer.set(r.customer!, [...(byCustomer.get(r.customer!) ?? []), r]);
    for (const k of [1, 2, 3]) {
      const want = [...byCustomer]
        .filter(([, rs]) => orderedReachedByDefinition(rs, steps, windowSeconds) >= k)
        .map(([c]) => c)
        .sort();
      expect(want.length).toBeGreaterThan(0);
      const r = await t.wb.invoke('journeys.funnel', {
        datasetId: d.id,
        customerColumn: 'customer',
        timeColumn: 'ts',
        eventColumn: 'event',
        steps,
        windowSeconds,
        reachedAt: k,
      });
      if (!r.ok) throw new Error(r.error.message);
      const f = r.value as FunnelResult;
      expect(f.reached).toEqual({ step: k, count: want.length, customerIds: want });
      expect(f.steps[k - 1]!.customers).toBe(want.length);
    }
  });
});
