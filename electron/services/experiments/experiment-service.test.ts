import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cuped } from '../../../shared/stats/cuped';
import { twoProportionTest } from '../../../shared/stats/proportions';
import type { Dataset } from '../../../shared/types';
import { SAMPLE_DIR, tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
let assignments: Dataset;
const q = async (sql: string) => (await wb.queries.run(sql)).page;

beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
  assignments = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'experiment_assignments.csv') });
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

const base = { datasetId: '', unitColumn: 'customer_id', variantColumn: 'variant' };

describe('experiments from data', () => {
  it('computes a conversion test from one aggregation, matching hand-written SQL', async () => {
    const a = await wb.experiments.analyze(assignments, { ...base, metricColumn: 'converted', metricKind: 'binary' });
    expect(a.control).toBe('control');
    const direct = await q(`SELECT variant, count(*), sum(converted) FROM experiment_assignments GROUP BY 1 ORDER BY 1`);
    expect(a.variants.map((v) => [v.variant, v.units, v.sum])).toEqual(
      direct.data[0]!.map((v, i) => [v, direct.data[1]![i], direct.data[2]![i]]),
    );
    const [c, t] = a.variants;
    const expected = twoProportionTest({ users: c!.units, conversions: c!.sum }, { users: t!.units, conversions: t!.sum });
    expect(a.comparisons[0]!.conversion).toEqual(expected);
    expect(a.comparisons[0]!.verdict).toMatch(/^(Treatment converts|No clear difference)/);
    expect(a.srm.pValue).toBeGreaterThan(0);
  });

  it('applies CUPED with the pre-period covariate and corrects per-segment results', async () => {
    const a = await wb.experiments.analyze(assignments, {
      ...base,
      metricColumn: 'revenue',
      metricKind: 'continuous',
      covariateColumn: 'pre_period_revenue',
      breakdownColumn: 'device',
      correction: 'holm',
    });
    const s =
      await q(`SELECT variant, count(*), sum(revenue), sum(revenue*revenue), sum(pre_period_revenue), sum(pre_period_revenue^2), sum(revenue*pre_period_revenue)
                       FROM experiment_assignments GROUP BY 1 ORDER BY 1`);
    const arm = (i: number) => ({
      n: Number(s.data[1]![i]),
      sumY: Number(s.data[2]![i]),
      sumY2: Number(s.data[3]![i]),
      sumX: Number(s.data[4]![i]),
      sumX2: Number(s.data[5]![i]),
      sumXY: Number(s.data[6]![i]),
    });
    const expected = cuped(arm(0), arm(1));
    const overall = a.comparisons.find((x) => x.segment === null)!;
    expect(overall.cuped!.theta).toBeCloseTo(expected.theta, 9);
    expect(overall.cuped!.adjusted.pValue).toBeCloseTo(expected.adjusted.pValue, 9);
    expect(overall.cuped!.varianceReduction).toBeGreaterThan(0);
    const segs = a.comparisons.filter((x) => x.segment !== null);
    expect(segs.map((x) => x.segment).sort()).toEqual(['desktop', 'mobile', 'tablet']);
    for (const x of segs) expect(x.adjustedPValue).toBeGreaterThanOrEqual(x.pValue);
  });

  it('winsorises the metric at a percentile of per-unit values', async () => {
    const a = await wb.experiments.analyze(assignments, {
      ...base,
      metricColumn: 'revenue',
      metricKind: 'continuous',
      winsorizePercentile: 0.99,
    });
    const cap = Number((await q(`SELECT quantile_cont(revenue, 0.99) FROM experiment_assignments`)).data[0]![0]);
    expect(a.winsorizedAt).toBeCloseTo(cap, 9);
    const capped = await q(`SELECT sum(least(revenue, ${cap})) FROM experiment_assignments`);
    expect(a.variants.reduce((s, v) => s + v.sum, 0)).toBeCloseTo(Number(capped.data[0]![0]), 6);
  });

  it('flags sample ratio mismatch and units in several variants', async () => {
    const p = path.join(tmp.dir, 'skewed.csv');
    const rows = ['user,variant,converted'];
    for (let i = 0; i < 6000; i++) rows.push(`u${i},${i < 3300 ? 'control' : 'treatment'},${i % 9 === 0 ? 1 : 0}`);
    rows.push('u1,treatment,0');
    writeFileSync(p, rows.join('\n') + '\n');
    const d = await wb.datasets.openAndWait({ path: p });
    const a = await wb.experiments.analyze(d, {
      datasetId: d.id,
      unitColumn: 'user',
      variantColumn: 'variant',
      metricColumn: 'converted',
      metricKind: 'binary',
    });
    expect(a.srm.mismatch).toBe(true);
    expect(a.warnings.join(' ')).toMatch(/Sample ratio mismatch/);
    expect(a.warnings.join(' ')).toMatch(/^1 units appear in more than one variant/);
  });

  it('rolls several rows per unit up to one value per unit before testing', async () => {
    const p = path.join(tmp.dir, 'orders.csv');
    const rows = ['user,variant,amount'];
    for (let i = 0; i < 400; i++)
      for (let k = 0; k <= i % 3; k++) rows.push(`u${i},${i % 2 ? 'treatment' : 'control'},${(i * 7 + k * 3) % 50}`);
    writeFileSync(p, rows.join('\n') + '\n');
    const d = await wb.datasets.openAndWait({ path: p, name: 'orders_per_user' });
    const a = await wb.experiments.analyze(d, {
      datasetId: d.id,
      unitColumn: 'user',
      variantColumn: 'variant',
      metricColumn: 'amount',
      metricKind: 'continuous',
    });
    const direct = await q(
      `SELECT variant, count(*), sum(t), sum(t*t) FROM (SELECT "user", variant, sum(amount) AS t FROM orders_per_user GROUP BY 1, 2) GROUP BY 1 ORDER BY 1`,
    );
    expect(a.variants.map((v) => [v.variant, v.units, v.sum, v.sumSq])).toEqual(
      direct.data[0]!.map((v, i) => [v, direct.data[1]![i], direct.data[2]![i], direct.data[3]![i]]),
    );
    expect(a.warnings).toEqual([]);
  });

  it('replays the test look by look from the assignment time (sequential, always valid)', async () => {
    const a = await wb.experiments.analyze(assignments, {
      ...base,
      metricColumn: 'converted',
      metricKind: 'binary',
      timeColumn: 'assigned_at',
    });
    const s = a.sequential!;
    const days = await q(`SELECT count(DISTINCT date_trunc('day', assigned_at)) FROM experiment_assignments`);
    expect(s.looks.length).toBeLessThanOrEqual(Number(days.data[0]![0]));
    expect(s.looks.length).toBeGreaterThan(20);
    expect(s.lookLabels[0]).toMatch(/^2026-09-\d\d$/);
    // The last look holds every unit: its estimate is the overall difference.
    const last = s.looks[s.looks.length - 1]!;
    expect(last.users).toBe(12000);
    expect(last.estimate).toBeCloseTo(a.comparisons[0]!.conversion!.difference, 12);
    s.looks.forEach((l, i) => i && expect(l.alwaysValidPValue).toBeLessThanOrEqual(s.looks[i - 1]!.alwaysValidPValue));
    expect(s.verdict).toMatch(/^(Safe to stop|Peeking trap|Not conclusive)/);
    await expect(
      wb.experiments.analyze(assignments, { ...base, metricColumn: 'converted', metricKind: 'binary', timeColumn: 'country' }),
    ).rejects.toThrow(/country: 12,000 values are empty or not dates/);
  });

  it('names the column and shows a value when cells are not numbers', async () => {
    await expect(wb.experiments.analyze(assignments, { ...base, metricColumn: 'country', metricKind: 'continuous' })).rejects.toThrow(
      /experiment_assignments\.country: 12,000 cells are not numbers \(for example "[A-Z]{2}"\)/,
    );
    await expect(wb.experiments.analyze(assignments, { ...base, metricColumn: 'nope', metricKind: 'binary' })).rejects.toThrow(
      /no column "nope"/,
    );
  });

  it('refuses a variant column with more than 20 distinct values before aggregating, under the variant field', async () => {
    const ids = await wb.invoke('experiments.analyze', {
      ...base,
      datasetId: assignments.id,
      unitColumn: 'variant',
      variantColumn: 'customer_id',
      metricColumn: 'converted',
      metricKind: 'binary',
    });
    expect(ids).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'variantColumn' } });
    expect(!ids.ok && ids.error.message).toMatch(
      /^customer_id: about 1[12],\d{3} distinct values; a variant column holds the test's arms \(at most 20/,
    );
    // Near the limit the sketch is not trusted: 21 arms are counted exactly and refused, 20 are analysed.
    const arms = (n: number) => {
      const file = path.join(tmp.dir, `arms_${n}.csv`);
      const rows = Array.from({ length: n * 40 }, (_, i) => `u${i},arm${String(i % n).padStart(2, '0')},${(i * 7919) % 13 < 3 ? 1 : 0}`);
      writeFileSync(file, ['user_id,arm,converted', ...rows].join('\n') + '\n');
      return wb.datasets.openAndWait({ path: file });
    };
    const spec = { ...base, unitColumn: 'user_id', variantColumn: 'arm', metricColumn: 'converted', metricKind: 'binary' as const };
    await expect(wb.experiments.analyze(await arms(21), spec)).rejects.toMatchObject({
      message: expect.stringMatching(/^arm: more than 20 distinct values/),
      extra: { field: 'variantColumn' },
    });
    expect((await wb.experiments.analyze(await arms(20), spec)).variants).toHaveLength(20);
  });

  it('runs as a job: progress in jobs.status, the result in its status, errors keep their field', async () => {
    const spec = { ...base, datasetId: assignments.id, metricColumn: 'converted', metricKind: 'binary' as const };
    const start = async (request: typeof spec) => {
      const started = await wb.invoke('jobs.start', { method: 'experiments.analyze', request });
      if (!started.ok) throw new Error(started.error.message);
      return (started.value as { jobId: string }).jobId;
    };
    const done = await wb.jobs.wait(await start(spec));
    expect(done).toMatchObject({ kind: 'experiments.analyze', state: 'done', progress: 1 });
    const direct = await wb.experiments.analyze(assignments, spec);
    expect({ ...(done.result as typeof direct), elapsedMs: 0 }).toEqual({ ...direct, elapsedMs: 0 });

    const bad = await wb.jobs.wait(await start({ ...spec, unitColumn: 'variant', variantColumn: 'customer_id' }));
    expect(bad).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/^customer_id: about/),
      error: { code: 'BAD_INPUT', field: 'variantColumn' },
    });
  });

  it('cancels a running analysis by interrupting DuckDB', { timeout: 120_000 }, async () => {
    // Two billion generated rows: the first scan alone would take minutes.
    await wb.engine.exec(
      `CREATE OR REPLACE VIEW huge AS SELECT 'u' || i AS unit, CASE WHEN i % 2 = 0 THEN 'control' ELSE 'treatment' END AS variant,
              (i % 10 = 0)::INTEGER AS converted FROM range(2000000000) t(i)`,
    );
    const huge: Dataset = {
      ...assignments,
      id: 'huge',
      name: 'huge',
      relation: 'huge',
      rowCount: 2_000_000_000,
      columns: [
        { name: 'unit', type: 'VARCHAR' },
        { name: 'variant', type: 'VARCHAR' },
        { name: 'converted', type: 'INTEGER' },
      ],
    };
    const job = wb.jobs.start('experiments.analyze', 'Analysing huge…', async (j) => {
      await wb.experiments.analyzeWithContext(
        huge,
        { ...base, unitColumn: 'unit', metricColumn: 'converted', metricKind: 'binary' },
        { onProgress: (f, m) => j.progress(f, m), isCancelled: () => j.cancelled, onCancel: (fn) => j.onCancel(fn) },
      );
    });
    expect(wb.jobs.status(job.id)).toMatchObject({ state: 'running', message: 'Checking variant…' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await wb.jobs.cancel(job.id)).toMatchObject({ state: 'cancelled' });
  });
});
