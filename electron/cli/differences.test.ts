import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DifferencesResult } from '../../shared/journeys/differences';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../services/test-support';
import { runCli, UsageError } from './cli';

const tmp = tempDir('wb-cli-differences-');
// Commands that keep what they make open a workspace: this test's own, never the user's.
process.env.WORKBENCH_WORKSPACE = path.join(tmp.dir, 'ws');
afterAll(() => tmp.cleanup());
const run = async (...argv: string[]) => {
  let text = '';
  await runCli(argv, (s) => void (text += s), { workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR });
  return text;
};
const args = [
  '--data',
  path.join(SAMPLE_DIR, 'events.parquet'),
  '--customer',
  'customer_id',
  '--time',
  'event_ts',
  '--event',
  'event_type',
];

describe('workbench differences', () => {
  it('prints the odds ratios as JSON (positive and negative sides) and as a table without --json', async () => {
    const r = JSON.parse(
      await run('differences', ...args, '--converted-event', 'purchase', '--min-support', '50', '--limit', '3', '--json'),
    ) as DifferencesResult;
    expect(r).toMatchObject({ conversionEvents: ['purchase'], minSupport: 50 });
    expect(r.positive.length).toBeLessThanOrEqual(3);
    expect(r.negative.length).toBeLessThanOrEqual(3);
    for (const e of [...r.positive, ...r.negative]) {
      expect(e.support).toBeGreaterThanOrEqual(50);
      expect(e.ciLow).toBeLessThanOrEqual(e.oddsRatio);
      expect(e.ciHigh).toBeGreaterThanOrEqual(e.oddsRatio);
    }
    const text = await run('differences', ...args, '--converted-event', 'purchase', '--converted-event', 'checkout');
    expect(text).toMatch(/^[\d,]+ of [\d,]+ customers converted \(purchase or checkout\); \d+ events with at least 30 customers compared/);
    expect(text).toContain('\nMore likely to convert\n  event');
    expect(text).toContain('\nLess likely to convert\n');
  });

  it('compares within a population (its customers only) and names a bad population column', async () => {
    const all = JSON.parse(await run('differences', ...args, '--converted-event', 'purchase', '--json')) as DifferencesResult;
    const mobile = JSON.parse(
      await run('differences', ...args, '--converted-event', 'purchase', '--population', 'device=mobile', '--json'),
    ) as DifferencesResult;
    expect(mobile.customers).toBeGreaterThan(0);
    expect(mobile.customers).toBeLessThan(all.customers);
    expect(mobile.converters).toBeLessThan(all.converters);
    await expect(run('differences', ...args, '--converted-event', 'purchase', '--population', 'colour=red')).rejects.toThrow(
      'population.column: "colour" is not a column of events.',
    );
  });

  it('refuses bad options naming the flag', async () => {
    await expect(run('differences', ...args)).rejects.toThrow(new UsageError('differences needs --converted-event.'));
    await expect(run('differences', ...args, '--converted-event', 'purchase', '--min-support', '0')).rejects.toThrow(
      '--min-support must be a whole number of at least 1 (got "0").',
    );
    await expect(run('differences', ...args, '--converted-event', 'purchase', '--limit', '2.5')).rejects.toThrow(
      '--limit must be a whole number from 1 to 1,000 (got "2.5").',
    );
  });
});
