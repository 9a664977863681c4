import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, tempDir, testWorkbench, WORKER_SOURCE } from '../services/test-support';
import { runCli, UsageError } from './cli';

const tmp = tempDir('wb-cli-');
// Commands that keep what they make open a workspace: this test's own, never the user's.
process.env.WORKBENCH_WORKSPACE = path.join(tmp.dir, 'ws');
afterAll(() => tmp.cleanup());
const paths = { workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR };
const run = async (...argv: string[]) => {
  let text = '';
  await runCli(argv, (s) => void (text += s), paths);
  return text;
};
const csv = path.join(tmp.dir, 'points.csv');
writeFileSync(csv, 'a,b\n' + Array.from({ length: 40 }, (_, i) => `${(i % 2) * 10 + (i % 5) * 0.01},${(i * 37) % 100}`).join('\n') + '\n');
const cluster = (...extra: string[]) => run('cluster', '--data', csv, '--features', 'a,b', '--k', '2', ...extra);

describe('command-line options', () => {
  it('refuses an option the command does not read, naming the commands that do', async () => {
    await expect(run('score', '--scale', 'standard', '--model', 'm.onnx', '--data', csv, '--out', 'x.csv')).rejects.toThrow(
      new UsageError('--scale does not apply to score (it is read by train, cluster, pca).'),
    );
    await expect(cluster('--impute', 'mean')).rejects.toThrow('--impute does not apply to cluster (it is read by train).');
    await expect(cluster('--onehot', 'a')).rejects.toThrow('--onehot does not apply to cluster');
    await expect(run('inspect', '--model', 'm.onnx', '--data', csv)).rejects.toThrow('--data does not apply to inspect');
    await expect(run('algorithms', '--json')).rejects.toThrow('--json does not apply to algorithms (it is read by load, pca, models, paths, attribution).');
    await expect(cluster('--data', csv)).rejects.toThrow('cluster reads one --data file (got 2).');
    await expect(run('cluster', 'points.csv', '--features', 'a')).rejects.toThrow('cluster takes no argument besides its options');
    await expect(run('nonsense', '--scale', 'x')).rejects.toThrow('unknown command "nonsense"');
  });

  it('cluster refuses an unknown --algorithm or --scale with the accepted values', async () => {
    await expect(cluster('--algorithm', 'nonsense')).rejects.toThrow(
      new UsageError('--algorithm must be one of kmeans, gaussian_mixture, dbscan, agglomerative (got "nonsense").'),
    );
    await expect(cluster('--scale', 'log')).rejects.toThrow('--scale must be one of standard, minmax, none (got "log").');
    await expect(run('cluster', '--data', csv, '--features', 'a,b', '--algorithm', 'dbscan', '--k', '3')).rejects.toThrow(/k/);
  });

  it('cluster runs every wired algorithm and names it; pca prints the explained variance ratio', async () => {
    for (const [algorithm, extra] of [
      ['gaussian_mixture', ['--k', '2']],
      ['dbscan', ['--eps', '1', '--min-samples', '3']],
      ['agglomerative', ['--k', '2']],
    ] as const) {
      const out = path.join(tmp.dir, `${algorithm}.csv`);
      const r = JSON.parse(
        await run('cluster', '--data', csv, '--features', 'a,b', '--scale', 'standard', '--algorithm', algorithm, ...extra, '--out', out),
      ) as {
        algorithm: string;
        rows: number;
        written: string;
      };
      expect(r).toMatchObject({ algorithm, rows: 40, written: out });
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(41);
    }
    const p = JSON.parse(await run('pca', '--data', csv, '--features', 'a,b', '--json')) as {
      explainedVarianceRatio: number[];
      components: number[][];
      projection: { x: number[] };
    };
    expect(p.explainedVarianceRatio).toHaveLength(2);
    expect(p.explainedVarianceRatio[0]!).toBeGreaterThanOrEqual(p.explainedVarianceRatio[1]!);
    expect(p.explainedVarianceRatio[0]! + p.explainedVarianceRatio[1]!).toBeCloseTo(1, 6);
    expect(p.components).toHaveLength(2);
    expect(p.projection.x).toHaveLength(40);
    expect(await run('pca', '--data', csv, '--features', 'a,b')).toMatch(/PC1 .*%/);
  });

  it('cluster --scale changes what k-means sees; --algorithm kmeans runs', async () => {
    // b spans 0..99 and a two groups 10 apart: raw distances split on b, scaled ones on a.
    const means = (text: string) =>
      (JSON.parse(text) as { profiles: { means: { a: number } }[] }).profiles.map((p) => Math.round(p.means.a)).sort((x, y) => x - y);
    expect(means(await cluster('--algorithm', 'kmeans'))).not.toEqual([0, 10]);
    const scaled = await cluster('--scale', 'standard');
    expect(means(scaled)).toEqual([0, 10]);
    expect(JSON.parse(scaled)).toMatchObject({ scale: 'standard', lineage: { params: { scale: 'standard' } } });
  });
});

describe('one way in: the workspace', () => {
  it('train --workspace W registers the model in W, with its ONNX file inside W; models --json lists it', async () => {
    const ws = path.join(tmp.dir, 'W');
    const trained = JSON.parse(
      await run(
        'train',
        '--data',
        `${SAMPLE_DIR}/experiment_assignments.csv`,
        '--target',
        'converted',
        '--features',
        'pre_period_revenue',
        '--workspace',
        ws,
      ),
    ) as { id: string; onnxPath: string };
    expect(trained.onnxPath.startsWith(ws + path.sep)).toBe(true);
    expect(existsSync(trained.onnxPath)).toBe(true);
    const listed = JSON.parse(await run('models', '--workspace', ws, '--json')) as { id: string; name: string; onnxPath: string }[];
    expect(listed).toEqual([
      expect.objectContaining({ id: trained.id, name: 'experiment_assignments_model', version: 1, onnxPath: trained.onnxPath }),
    ]);
    // The data file was loaded into W once and is reused by the next command.
    await run(
      'train',
      '--data',
      `${SAMPLE_DIR}/experiment_assignments.csv`,
      '--target',
      'converted',
      '--features',
      'pre_period_revenue',
      '--workspace',
      ws,
    );
    const wb = await testWorkbench(ws);
    try {
      expect(wb.datasets.list().map((d) => d.name)).toEqual(['experiment_assignments']);
      expect(wb.models.list().map((m) => m.version)).toEqual([2, 1]);
    } finally {
      await wb.close();
    }
  });

  it('without --workspace uses WORKBENCH_WORKSPACE; a registered model scores by name', async () => {
    await run(
      'train',
      '--data',
      `${SAMPLE_DIR}/experiment_assignments.csv`,
      '--target',
      'converted',
      '--features',
      'pre_period_revenue',
      '--name',
      'conv',
    );
    const listed = JSON.parse(await run('models', '--json')) as { name: string; onnxPath: string }[];
    expect(listed.map((m) => m.name)).toContain('conv');
    expect(listed[0]!.onnxPath.startsWith(process.env.WORKBENCH_WORKSPACE!)).toBe(true);
    const out = path.join(tmp.dir, 'conv-scores.csv');
    const scored = JSON.parse(
      await run('score', '--model', 'conv', '--data', `${SAMPLE_DIR}/experiment_assignments.csv`, '--out', out),
    ) as {
      rows: number;
    };
    expect(scored.rows).toBeGreaterThan(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^row_number,.*probabilities_1$/);
    await expect(run('score', '--model', 'nope', '--data', csv, '--out', out)).rejects.toThrow(
      /nope: no such file, and no registered model/,
    );
  });
});
