import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support';

/** Commands that keep what they make open a workspace: this file's own, never the user's default. */
const env = { ...process.env, WORKBENCH_WORKSPACE: mkdtempSync(path.join(os.tmpdir(), 'wb-cli-ws-')) };
const workbench = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'workbench.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env,
  });
const stats = (calculator: string, input: unknown) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'workbench.js'), 'stats', calculator, '--input', '-'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    input: typeof input === 'string' ? input : JSON.stringify(input),
  });

/** Runs the CLI with stdout as a pipe read by `onData`, which may pause the stream; resolves on exit. */
function piped(args: string[], onData: (chunk: Buffer, stdout: NodeJS.ReadableStream) => void) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'workbench.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.on('data', (b: Buffer) => onData(b, child.stdout));
  return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('workbench command line', () => {
  it('load prints name, format, rows and typed columns as JSON', () => {
    const r = workbench('load', 'sample-data/events.parquet', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { name: string; format: string; rows: number; columns: { name: string; type: string }[] };
    expect(out).toMatchObject({ name: 'events', format: 'parquet' });
    expect(out.rows).toBeGreaterThan(100_000);
    expect(out.columns).toContainEqual({ name: 'event_ts', type: 'TIMESTAMP' });
  });

  it('load reads quoted newlines with short rows and decimal commas, and asks before stacking unrelated Parquet files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-load-'));
    const notes = path.join(dir, 'notes.csv');
    writeFileSync(notes, 'id,note,qty\n1,"Call back\nafter 5pm",3\n2,ok\n3,fine,4\n');
    const r = workbench('load', notes, '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 3 });
    const euro = path.join(dir, 'euro.csv');
    writeFileSync(euro, 'id;price\n1;1.234,56\n2;7,5\n');
    const e = JSON.parse(workbench('load', euro, '--json').stdout) as { columns: { name: string; type: string }[] };
    expect(e.columns.find((c) => c.name === 'price')?.type).toBe('DOUBLE');
    const folder = path.join(dir, 'exports');
    mkdirSync(folder);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`COPY (SELECT 1 AS customer_id, 0.5 AS clv) TO '${folder}/clv.parquet'`);
    await con.run(`COPY (SELECT 1 AS customer_id, 3 AS recency) TO '${folder}/rfm.parquet'`);
    con.closeSync();
    db.closeSync();
    const refused = workbench('load', folder);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/clv\.parquet \(customer_id, clv\).*rfm\.parquet \(customer_id, recency\).*--union-by-name/);
    const stacked = workbench('load', folder, '--union-by-name', '--json');
    expect(JSON.parse(stacked.stdout)).toMatchObject({ rows: 2 });
  });

  it('query runs SQL over loaded files and prints CSV or JSON', () => {
    const sql = 'SELECT variant, count(*) AS n FROM experiment_assignments GROUP BY 1 ORDER BY 1';
    const csv = workbench('query', sql, '--data', 'sample-data/experiment_assignments.csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('variant,n');
    expect(csv.stdout).toMatch(/^control,\d+$/m);
    const json = workbench('query', sql, '--data', 'sample-data/experiment_assignments.csv', '--format', 'json');
    const rows = JSON.parse(json.stdout) as { variant: string; n: number }[];
    expect(rows.map((x) => x.variant)).toEqual(['control', 'treatment']);
    expect(rows[0]!.n + rows[1]!.n).toBe(12000);
  });

  it('query writes every row of a large result through a slow pipe, and stops quietly when the reader goes', async () => {
    let lines = 0;
    let chunks = 0;
    let tail = '';
    const r = await piped(['query', 'SELECT range AS i, range * 2 AS j FROM range(1000000) ORDER BY i', '--format', 'csv'], (b, stdout) => {
      for (let k = 0; k < b.length; k++) if (b[k] === 10) lines++;
      tail = (tail + b.toString()).slice(-100);
      // A reader that stalls now and then: the pipe fills and the command must wait for it to drain.
      if (chunks++ % 100 === 0) {
        stdout.pause();
        setTimeout(() => stdout.resume(), chunks === 1 ? 1000 : 50);
      }
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines).toBe(1_000_001);
    expect(tail.endsWith('\n999999,1999998\n')).toBe(true);

    // `| head`: the reader closes the pipe after its first bytes; the command ends without a word.
    const closed = await piped(['query', 'SELECT * FROM range(1000000)'], (_b, stdout) =>
      (stdout as unknown as { destroy(): void }).destroy(),
    );
    expect(closed.stderr).toBe('');
    expect(closed.code).toBe(0);
  });

  it('query without --limit prints every row; --limit says on stderr that it cut the output', () => {
    const all = workbench('query', 'SELECT * FROM range(1000005)');
    expect(all.stderr).toBe('');
    expect(all.stdout.split('\n')).toHaveLength(1_000_007); // header, rows, and the empty string after the last line break
    const cut = workbench('query', 'SELECT * FROM range(100)', '--limit', '10', '--format', 'json');
    expect(JSON.parse(cut.stdout)).toHaveLength(10);
    expect(cut.stderr).toBe('workbench: output limited to 10 rows (--limit)\n');
    expect(cut.status).toBe(0);
    const exact = workbench('query', 'SELECT * FROM range(100)', '--limit', '100');
    expect(exact.stdout.trim().split('\n')).toHaveLength(101);
    expect(exact.stderr).toBe('');
  });

  it('train fits a 2M-row Parquet file with logistic regression and boosted trees', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-big-'));
    const file = path.join(dir, 'big.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(
      `COPY (SELECT i AS customer_id, (hash(i) % 1000) / 100.0 AS x1, (hash(i * 3) % 997) / 99.7 AS x2, ` +
        `CASE WHEN (hash(i) % 1000) / 100.0 + (hash(i * 7) % 13) > 11 THEN 1 ELSE 0 END AS y FROM range(2000000) t(i)) ` +
        `TO '${file}' (FORMAT parquet)`,
    );
    conn.closeSync();
    db.closeSync();
    try {
      for (const algorithm of ['logistic_regression', 'gradient_boosting']) {
        const r = workbench('train', '--data', file, '--target', 'y', '--features', 'x1,x2', '--algorithm', algorithm, '--iterations', '3');
        expect(r.stderr).not.toMatch(/workbench:/);
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ algorithm, evaluation: { trainRows: 1_500_000, testRows: 500_000 } });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with one clear line naming the file, and a non-zero exit', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-'));
    const fake = path.join(dir, 'fake.parquet');
    writeFileSync(fake, 'not parquet at all');
    const r = workbench('load', fake);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    // Repairs of the shared workspace (sources earlier tests removed, marked missing) are said on lines of their own.
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('workbench: repaired at start: '))).toHaveLength(1);
    expect(r.stderr).toContain(`${fake}: this is not a Parquet file`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = workbench('query', 'SELECT nope FROM x', '--data', 'sample-data/customers.csv');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/^workbench: .*x/);
  });

  it('stats prints each calculator as JSON, as the README documents', () => {
    const conv = stats('conversion', {
      control: { users: 10000, conversions: 1000 },
      treatment: { users: 10000, conversions: 1100 },
      alpha: 0.05,
    });
    expect(conv.status).toBe(0);
    expect(JSON.parse(conv.stdout)).toMatchObject({ significant: true, verdict: expect.stringMatching(/^Treatment converts better/) });
    expect(
      JSON.parse(stats('continuous', { control: { mean: 52.3, sd: 18.1, n: 1200 }, treatment: { mean: 54.1, sd: 19.4, n: 1180 } }).stdout)
        .pValue,
    ).toBeLessThan(0.05);
    expect(JSON.parse(stats('srm', { observed: [50210, 49790], expected_weights: [0.5, 0.5] }).stdout).mismatch).toBe(false);
    expect(JSON.parse(stats('power', { baseline: 0.2, target: 0.25, alpha: 0.05, power: 0.8 }).stdout).control).toBe(1094);
    expect(JSON.parse(stats('correct', { p_values: [0.01, 0.04, 0.03], method: 'holm' }).stdout).adjusted).toEqual([0.03, 0.06, 0.06]);
  });

  it('stats names the wrong field on stderr with a non-zero exit', () => {
    const bad = stats('conversion', { control: { users: 100, conversions: 120 }, treatment: { users: 100, conversions: 10 } });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe('workbench: standard input: control.conversions: cannot exceed users (120 > 100).');
    const weights = stats('srm', { observed: [10, 10], expected_weights: [0.5, 0.4] });
    expect(weights.stderr).toMatch(/expected_weights: must sum to 1/);
    expect(stats('conversion', '{not json').stderr).toMatch(/standard input: not valid JSON/);
    expect(stats('nope', {}).stderr).toMatch(/unknown calculator "nope"/);
  });

  it('train, evaluate, cluster and score write ONNX and scores that read back', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-models-'));
    const onnxFile = path.join(dir, 'convert.onnx');
    const train = workbench(
      'train',
      '--data',
      'sample-data/experiment_assignments.csv',
      '--target',
      'converted',
      '--features',
      'pre_period_revenue',
      '--out',
      onnxFile,
    );
    expect(train.status).toBe(0);
    const summary = JSON.parse(train.stdout) as { algorithm: string; evaluation: { auc: number; testRows: number }; onnx: string };
    expect(summary.algorithm).toBe('logistic_regression');
    expect(summary.evaluation.auc).toBeGreaterThan(0.5);
    expect(summary.onnx).toBe(onnxFile);
    const scores = path.join(dir, 'scores.csv');
    const score = workbench(
      'score',
      '--model',
      onnxFile,
      '--data',
      'sample-data/experiment_assignments.csv',
      '--features',
      'pre_period_revenue',
      '--out',
      scores,
    );
    expect(score.status).toBe(0);
    expect(JSON.parse(score.stdout)).toMatchObject({ rows: 12000, outputs: ['label', 'probabilities_0', 'probabilities_1'] });
    // Scored on its own training file: the drift check runs and finds nothing.
    expect(JSON.parse(score.stdout).drift).toMatchObject({ features: [{ feature: 'pre_period_revenue' }], warnings: [] });
    expect(score.stderr).not.toMatch(/warning:/);
    // The input's identifier columns come along, so the scores join back to the customers.
    expect(JSON.parse(score.stdout).kept).toEqual(['experiment_id', 'customer_id']);
    expect(readFileSync(scores, 'utf8').split('\n').slice(0, 2)).toEqual([
      'row_number,experiment_id,customer_id,label,probabilities_0,probabilities_1',
      expect.stringMatching(/^1,checkout_redesign_2026,C000001,0,/),
    ]);
    const keepArgs = ['score', '--model', onnxFile, '--data', 'sample-data/experiment_assignments.csv', '--features', 'pre_period_revenue'];
    const kept = workbench(...keepArgs, '--keep', 'customer_id,country', '--out', scores);
    expect(kept.status).toBe(0);
    expect(readFileSync(scores, 'utf8').split('\n')[0]).toBe('row_number,customer_id,country,label,probabilities_0,probabilities_1');
    const unknown = workbench(...keepArgs, '--keep', 'customer', '--out', scores);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      'workbench: keep: experiment_assignments has no column "customer" (it has experiment_id, customer_id, variant, assigned_at, ' +
        'device, country, converted, revenue, pre_period_revenue).\n',
    );
    const evaluated = workbench(
      'evaluate',
      '--model',
      onnxFile,
      '--data',
      'sample-data/experiment_assignments.csv',
      '--features',
      'pre_period_revenue',
      '--target',
      'converted',
    );
    expect(evaluated.status).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ task: 'classification', output: 'probabilities_1', rows: 12000 });

    // Text columns as categories, with the preprocessing inside the ONNX file: score and evaluate need no --features.
    const encodedFile = path.join(dir, 'encoded.onnx');
    const encoded = workbench(
      'train',
      '--data',
      'sample-data/experiment_assignments.csv',
      '--target',
      'converted',
      '--features',
      'pre_period_revenue',
      '--onehot',
      'device,variant',
      '--target-encode',
      'country',
      '--scale',
      'minmax',
      '--outliers',
      'iqr',
      '--algorithm',
      'gradient_boosting',
      '--iterations',
      '20',
      '--out',
      encodedFile,
    );
    expect(encoded.stderr).not.toMatch(/workbench:/);
    expect(encoded.status).toBe(0);
    const encodedSummary = JSON.parse(encoded.stdout) as { features: string[]; metrics: { exportMaxDiff: number } };
    expect(encodedSummary.features).toEqual(['pre_period_revenue', 'device', 'variant', 'country']);
    expect(encodedSummary.metrics.exportMaxDiff).toBeLessThanOrEqual(1e-5);
    const encodedEval = workbench(
      'evaluate',
      '--model',
      encodedFile,
      '--data',
      'sample-data/experiment_assignments.csv',
      '--target',
      'converted',
    );
    expect(encodedEval.status).toBe(0);
    const figures = JSON.parse(encodedEval.stdout) as { auc: number; liftByDecile: unknown[] };
    expect(figures.auc).toBeGreaterThan(0.5);
    expect(figures.liftByDecile).toHaveLength(10);
    const badMap = workbench('score', '--model', encodedFile, '--data', 'sample-data/customers.csv', '--map', 'device', '--out', scores);
    expect(badMap.stderr).toMatch(/--map must look like input=column/);

    const cluster = workbench('cluster', '--data', 'sample-data/customers.csv', '--features', 'birth_year', '--k', '3');
    expect(cluster.status).toBe(0);
    expect((JSON.parse(cluster.stdout) as { profiles: unknown[] }).profiles).toHaveLength(3);
    const bad = workbench('cluster', '--data', 'sample-data/customers.csv', '--features', 'city', '--k', '3');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^workbench: customers\.city: 12,000 values are not numbers/);
  });

  it('rfm scores customers from an orders export', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-rfm-'));
    const file = path.join(dir, 'rfm.csv');
    const r = workbench(
      'rfm',
      '--data',
      'sample-data/orders.ndjson',
      '--customer',
      'customer_id',
      '--date',
      'order_ts',
      '--amount',
      'revenue',
      '--as-of',
      '2026-11-01',
      '--out',
      file,
    );
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { customers: number; segments: { segment: string; customers: number }[] };
    expect(summary.segments.reduce((s, x) => s + x.customers, 0)).toBe(summary.customers);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(
      'customer,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_code,segment',
    );
  });

  it('clv values customers from an orders export over a horizon', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-cli-clv-'));
    const file = path.join(dir, 'clv.csv');
    const r = workbench(
      'clv',
      '--data',
      'sample-data/orders.ndjson',
      '--customer',
      'customer_id',
      '--date',
      'order_ts',
      '--amount',
      'revenue',
      '--horizon',
      '180',
      '--out',
      file,
    );
    expect(r.stderr).not.toMatch(/workbench:/);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { customers: number; horizon: number; bgnbd: { r: number }; totals: { clv: number } };
    expect(summary.horizon).toBe(180);
    expect(summary.bgnbd.r).toBeGreaterThan(0);
    expect(summary.totals.clv).toBeGreaterThan(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer,frequency,recency_days,age_days,avg_repeat_value,p_alive,expected_purchases,expected_order_value,clv');
    expect(lines).toHaveLength(summary.customers + 1);
    const bad = workbench(
      'clv',
      '--data',
      'sample-data/orders.ndjson',
      '--customer',
      'customer_id',
      '--date',
      'order_ts',
      '--amount',
      'revenue',
      '--horizon',
      '0',
      '--out',
      file,
    );
    expect(bad.stderr).toMatch(/--horizon must be a number of days above 0/);
  });

  it('inspect shows an external model, and score handles its ZipMap output', () => {
    const info = JSON.parse(workbench('inspect', '--model', 'models/fixtures/zipmap_classifier.onnx').stdout) as {
      inputs: { name: string; width: number }[];
      zipMap: boolean;
    };
    expect(info.inputs).toEqual([{ name: 'float_input', type: 'tensor(float)[N,3]', width: 3, elem: 'float' }]);
    expect(info.zipMap).toBe(true);
    const bad = workbench('inspect', '--model', 'README.md');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^workbench: README\.md: not a readable ONNX model/);
  });
});
