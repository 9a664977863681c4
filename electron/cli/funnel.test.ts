import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunnelResult } from '../../shared/journeys/funnel';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../services/test-support';
import { runCli, UsageError } from './cli';

const tmp = tempDir('wb-cli-funnel-');
process.env.WORKBENCH_WORKSPACE = path.join(tmp.dir, 'ws');
afterAll(() => tmp.cleanup());
const paths = { workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR };
const run = async (...argv: string[]) => {
  let text = '';
  await runCli(argv, (s) => void (text += s), paths);
  return text;
};
const events = path.join(tmp.dir, 'events.csv');
// u1: a → b → c within an hour; u2: a, then b two days later; u3: b only; u4: a, x, b (strict breaks).
writeFileSync(
  events,
  [
    'user,at,what',
    'u1,2025-01-01 10:00:00,a',
    'u1,2025-01-01 10:20:00,b',
    'u1,2025-01-01 10:40:00,c',
    'u2,2025-01-01 10:00:00,a',
    'u2,2025-01-03 10:00:00,b',
    'u3,2025-01-01 10:00:00,b',
    'u4,2025-01-01 10:00:00,a',
    'u4,2025-01-01 10:01:00,x',
    'u4,2025-01-01 10:02:00,b',
  ].join('\n') + '\n',
);
const funnel = (...extra: string[]) =>
  run('funnel', '--data', events, '--customer', 'user', '--time', 'at', '--event', 'what', '--steps', 'a,b,c', ...extra);

describe('workbench funnel', () => {
  it('prints steps with customers, conversion and drop-off as JSON', { timeout: 60_000 }, async () => {
    const r = JSON.parse(await funnel('--json')) as FunnelResult;
    expect(r.steps.map((s) => [s.name, s.customers, s.dropOff])).toEqual([
      ['a', 3, 0],
      ['b', 3, 0],
      ['c', 1, 2],
    ]);
    expect(r.steps[2]!.conversion).toBeCloseTo(1 / 3, 12);
    expect(r.windowSeconds).toBe(14 * 86_400);
    const day = JSON.parse(await funnel('--window', '1d', '--json')) as FunnelResult;
    expect(day.steps.map((s) => s.customers)).toEqual([3, 2, 1]);
    const strict = JSON.parse(await funnel('--window', '2w', '--mode', 'strict', '--json')) as FunnelResult;
    expect(strict.steps.map((s) => s.customers)).toEqual([3, 2, 1]);
    const halfHour = JSON.parse(await funnel('--window', '30m', '--json')) as FunnelResult;
    expect(halfHour.steps.map((s) => s.customers)).toEqual([3, 2, 0]);
    expect((JSON.parse(await funnel('--window', '12h', '--json')) as FunnelResult).windowSeconds).toBe(12 * 3600);
  });

  it('prints a readable table without --json', { timeout: 60_000 }, async () => {
    const text = await funnel();
    expect(text).toMatch(/^step\s+customers\s+conversion\s+from previous\s+drop-off/);
    expect(text).toMatch(/3\. c\s+1\s+33\.3%\s+33\.3%\s+2/);
    expect(text).toContain('ordered funnel, window 14d, 4 customers');
  });

  it('counts a population: an event filter, a column of a customer-level file, a saved segment', { timeout: 60_000 }, async () => {
    const customers = (...extra: string[]) =>
      funnel(...extra, '--json').then((t) => (JSON.parse(t) as FunnelResult).steps.map((s) => s.customers));
    // u4 is the only customer with an x event.
    expect(await customers('--population', 'what=x')).toEqual([1, 1, 0]);
    expect(await customers('--population', 'what!=x')).toEqual([3, 3, 1]);
    const people = path.join(tmp.dir, 'people.csv');
    writeFileSync(people, 'id,variant\nu1,B\nu2,B\nu3,A\nu4,A\n');
    expect(await customers('--population-data', people, '--population-id', 'id', '--population', 'variant=B')).toEqual([2, 2, 1]);
    await expect(funnel('--population-segment', 'Nobody')).rejects.toThrow(
      '--population-segment: no segment named "Nobody" in this workspace.',
    );
    await expect(funnel('--population', 'what')).rejects.toThrow(/--population "what" is not understood: write <column><op><value>/);
    await expect(funnel('--population-data', people, '--population', 'variant=B')).rejects.toThrow(
      '--population-data and --population-id go together',
    );
    await expect(funnel('--population', 'colour=red')).rejects.toThrow('population.column: "colour" is not a column of events.');
    expect(await funnel('--population', 'what=x')).toContain('1 customers in the population');
  });

  it('refuses an unknown window unit or mode naming what it accepts', async () => {
    await expect(funnel('--window', '7x')).rejects.toThrow(UsageError);
    await expect(funnel('--window', '7x')).rejects.toThrow(/--window "7x" is not understood: use a number and one of the units m, h, d, w/);
    await expect(funnel('--window', '10')).rejects.toThrow(/units m, h, d, w/);
    await expect(funnel('--mode', 'loose')).rejects.toThrow('--mode must be one of ordered, strict, unordered (got "loose").');
    await expect(run('funnel', '--data', events, '--customer', 'user', '--time', 'at', '--event', 'what', '--steps', 'a')).rejects.toThrow(
      '--steps needs at least two events',
    );
    await expect(run('funnel', '--data', events, '--steps', 'a,b')).rejects.toThrow('funnel needs --customer, --time, --event.');
  });
});
