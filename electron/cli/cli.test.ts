import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../services/test-support';
import { runCli, UsageError } from './cli';

const tmp = tempDir('wb-cli-');
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
      new UsageError('--scale does not apply to score (it is read by train, cluster).'),
    );
    await expect(cluster('--impute', 'mean')).rejects.toThrow('--impute does not apply to cluster (it is read by train).');
    await expect(cluster('--onehot', 'a')).rejects.toThrow('--onehot does not apply to cluster');
    await expect(run('inspect', '--model', 'm.onnx', '--data', csv)).rejects.toThrow('--data does not apply to inspect');
    await expect(run('algorithms', '--json')).rejects.toThrow('--json does not apply to algorithms (it is read by load).');
    await expect(cluster('--data', csv)).rejects.toThrow('cluster reads one --data file (got 2).');
    await expect(run('cluster', 'points.csv', '--features', 'a')).rejects.toThrow('cluster takes no argument besides its options');
    await expect(run('nonsense', '--scale', 'x')).rejects.toThrow('unknown command "nonsense"');
  });

  it('cluster refuses an unknown --algorithm or --scale with the accepted values, and one not wired yet by name', async () => {
    await expect(cluster('--algorithm', 'nonsense')).rejects.toThrow(new UsageError('--algorithm must be one of kmeans (got "nonsense").'));
    await expect(cluster('--algorithm', 'dbscan')).rejects.toThrow(
      '--algorithm dbscan is not available on the command line yet (cluster accepts kmeans).',
    );
    await expect(cluster('--scale', 'log')).rejects.toThrow('--scale must be one of standard, minmax, none (got "log").');
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
