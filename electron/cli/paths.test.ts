import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import examples from '../../shared/journeys/fixtures/markov-examples.json';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../services/test-support';
import { runCli, UsageError } from './cli';

const tmp = tempDir('wb-cli-paths-');
// Commands that keep what they make open a workspace: this test's own, never the user's.
process.env.WORKBENCH_WORKSPACE = path.join(tmp.dir, 'ws');
afterAll(() => tmp.cleanup());
const run = async (...argv: string[]) => {
  let text = '';
  await runCli(argv, (s) => void (text += s), { workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR });
  return text;
};
const events = path.join(SAMPLE_DIR, 'events.parquet');
const pathsArgs = ['--data', events, '--customer', 'customer_id', '--time', 'event_ts', '--event', 'event_type'];

describe('workbench paths', () => {
  it('prints sessions and edges (step, from, to, sessions) as JSON, and a table without --json', async () => {
    const r = JSON.parse(
      await run('paths', ...pathsArgs, '--steps', '4', '--session', 'session_id', '--limit', '5', '--min-weight', '10', '--json'),
    ) as {
      sessions: number;
      edges: { step: number; from: string; to: string; sessions: number }[];
    };
    expect(r.sessions).toBe(65128);
    expect(r.edges[0]).toEqual({ step: 1, from: 'visit', to: 'product_view', sessions: expect.any(Number) });
    expect(r.edges.filter((e) => e.from !== 'Other' && e.to !== 'Other')).toHaveLength(5);
    for (const e of r.edges) expect(e.sessions).toBeGreaterThanOrEqual(10);
    const text = await run('paths', ...pathsArgs, '--steps', '3');
    expect(text).toMatch(/^[\d,]+ sessions, \d+ edges\n {2}step {2}from → to/);
    expect(text).toMatch(/\n {5}1 {2}visit → product_view +[\d,]+\n/);
  });

  it('refuses bad options naming the flag and the accepted values', async () => {
    await expect(run('paths', ...pathsArgs)).rejects.toThrow(new UsageError('paths needs --steps.'));
    await expect(run('paths', ...pathsArgs, '--steps', '1')).rejects.toThrow('--steps must be a whole number from 2 to 20 (got "1").');
    await expect(run('paths', ...pathsArgs, '--steps', '3', '--limit', '0')).rejects.toThrow(
      '--limit must be a whole number of at least 1',
    );
    await expect(run('paths', ...pathsArgs.slice(0, -1), 'kind', '--steps', '3')).rejects.toThrow(/no column "kind"/);
  });
});

describe('workbench attribution', () => {
  const ex = examples.examples[0]!;
  const file = path.join(tmp.dir, 'journeys.csv');
  writeFileSync(
    file,
    [
      'journey,ts,channel,converted',
      ...ex.journeys.flatMap((j, i) => j.path.map((ch, k) => `j${i},2025-01-0${k + 1},${ch},${j.converted}`)),
    ].join('\n') + '\n',
  );
  const args = ['--data', file, '--journey', 'journey', '--time', 'ts', '--channel', 'channel', '--converted', 'converted'];

  it('prints the worked example: conversion probability, removal effects, credit, first and last touch', async () => {
    const r = JSON.parse(await run('attribution', ...args, '--json')) as Record<string, unknown> & {
      conversionProbability: number;
      removalEffect: Record<string, number>;
      credited: Record<string, number>;
    };
    expect(r.conversionProbability).toBeCloseTo(ex.conversionProbability, 12);
    for (const [ch, v] of Object.entries(ex.removalEffect)) expect(r.removalEffect[ch]).toBeCloseTo(v, 12);
    for (const [ch, v] of Object.entries(ex.credited)) expect(r.credited[ch]).toBeCloseTo(v, 12);
    expect(r).toMatchObject({ firstTouch: ex.firstTouch, lastTouch: ex.lastTouch, journeys: 5, conversions: 4 });
    const text = await run('attribution', ...args);
    expect(text).toContain('4 of 5 journeys converted; conversion probability 0.8000 (Markov order 1)');
    expect(text).toMatch(/\n {2}google ads +0\.750 +2\.4 +3 +2\n {2}mailing +0\.500 +1\.6 +1 +2\n/);
  });

  it('refuses an unknown --order with the accepted values', async () => {
    await expect(run('attribution', ...args, '--order', '3')).rejects.toThrow(new UsageError('--order must be one of 1, 2 (got "3").'));
  });
});
