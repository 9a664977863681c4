import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import examples from '../../../shared/journeys/fixtures/markov-examples.json';
import { chainCountsOf, markovAttribution } from '../../../shared/journeys/markov';
import type { AttributionResult } from '../../../shared/journeys/paths-types';
import { SAMPLE_DIR, useWorkbench } from '../test-support';

const t = useWorkbench();

async function attribute(datasetId: string, extra: { order?: number; channelColumn?: string } = {}): Promise<AttributionResult> {
  const r = await t.wb.invoke('journeys.attribution', {
    datasetId,
    journeyColumn: 'journey',
    timeColumn: 'ts',
    channelColumn: 'channel',
    convertedColumn: 'converted',
    ...extra,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as AttributionResult;
}

describe('journeys.attribution', () => {
  for (const ex of examples.examples) {
    it(`gives the worked example "${ex.name}" from a table`, async () => {
      // Each journey's touchpoints, then (for converters) a purchase row without a channel, in scrambled file order.
      const rows = ex.journeys.flatMap((j, i) => [
        ...j.path.map((ch, k) => `j${i},2025-01-01 10:0${k}:00,${ch},false`),
        ...(j.converted ? [`j${i},2025-01-01 11:00:00,,true`] : []),
      ]);
      const file = path.join(t.dir, `${ex.name.replace(/\W+/g, '_')}.csv`);
      writeFileSync(file, ['journey,ts,channel,converted', ...rows.reverse()].join('\n') + '\n');
      const d = await t.wb.datasets.openAndWait({ path: file });
      const r = await attribute(d.id);
      expect(r.journeys).toBe(ex.journeys.length);
      expect(r.conversions).toBe(ex.journeys.filter((j) => j.converted).length);
      expect(r.conversionProbability).toBeCloseTo(ex.conversionProbability, 12);
      for (const [ch, v] of Object.entries(ex.removalEffect)) expect(r.removalEffect[ch]).toBeCloseTo(v, 12);
      for (const [ch, v] of Object.entries(ex.credited)) expect(r.credited[ch]).toBeCloseTo(v, 12);
      expect(r.firstTouch).toEqual(ex.firstTouch);
      expect(r.lastTouch).toEqual(ex.lastTouch);
    });
  }

  it('matches the same model built in memory from the sample events, at order 1 and 2', async () => {
    const file = path.join(t.dir, 'touches.parquet');
    await t.wb.engine.exec(
      `COPY (SELECT customer_id AS journey, event_ts AS ts, channel, event_type = 'purchase' AS converted
             FROM read_parquet('${path.join(SAMPLE_DIR, 'events.parquet')}')) TO '${file}' (FORMAT parquet)`,
    );
    const d = await t.wb.datasets.openAndWait({ path: file });
    // The reference: every row in memory, journeys ordered by time then channel.
    const page = await t.wb.engine.query(`SELECT journey, epoch(ts), channel, converted FROM read_parquet('${file}')`);
    const byJourney = new Map<string, { t: number; ch: string | null; conv: boolean }[]>();
    for (let i = 0; i < page.rowCount; i++) {
      const j = String(page.data[0]![i]);
      byJourney.set(j, [
        ...(byJourney.get(j) ?? []),
        { t: Number(page.data[1]![i]), ch: page.data[2]![i] as string | null, conv: page.data[3]![i] === true },
      ]);
    }
    const journeys = [...byJourney.values()]
      .map((rows) => ({
        path: rows
          .filter((r) => r.ch !== null)
          .sort((a, b) => a.t - b.t || (a.ch! < b.ch! ? -1 : a.ch! > b.ch! ? 1 : 0))
          .map((r) => r.ch!),
        converted: rows.some((r) => r.conv),
      }))
      .filter((j) => j.path.length > 0);
    const conversions = journeys.filter((j) => j.converted).length;
    const tally = (pick: (p: string[]) => string) =>
      journeys
        .filter((j) => j.converted)
        .reduce<Record<string, number>>((m, j) => ({ ...m, [pick(j.path)]: (m[pick(j.path)] ?? 0) + 1 }), {});
    for (const order of [1, 2]) {
      const want = markovAttribution(chainCountsOf(journeys, order), conversions);
      const got = await attribute(d.id, { order });
      expect(got).toMatchObject({ journeys: journeys.length, conversions, order });
      expect(got.conversionProbability).toBeCloseTo(want.conversionProbability, 10);
      expect(Object.keys(got.removalEffect).sort()).toEqual(Object.keys(want.removalEffect).sort());
      for (const ch of Object.keys(want.removalEffect)) {
        expect(got.removalEffect[ch]).toBeCloseTo(want.removalEffect[ch]!, 10);
        expect(got.credited[ch]).toBeCloseTo(want.credited[ch]!, 8);
      }
      expect(got.transitions).toHaveLength(want.transitions.length);
      expect(got.firstTouch).toEqual(tally((p) => p[0]!));
      expect(got.lastTouch).toEqual(tally((p) => p[p.length - 1]!));
    }
  });

  it('refuses a channel column of identifiers, an unknown column and an unknown order, naming the field', async () => {
    const events = await t.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet'), name: 'events_attr' });
    const req = {
      datasetId: events.id,
      journeyColumn: 'customer_id',
      timeColumn: 'event_ts',
      channelColumn: 'event_id',
      convertedColumn: 'revenue',
    };
    expect(await t.wb.invoke('journeys.attribution', req)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', field: 'channelColumn', message: expect.stringMatching(/event_id: more than 200 distinct channels/) },
    });
    expect(await t.wb.invoke('journeys.attribution', { ...req, channelColumn: 'medium' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', field: 'channelColumn', message: expect.stringMatching(/no column "medium"/) },
    });
    expect(await t.wb.invoke('journeys.attribution', { ...req, channelColumn: 'channel', order: 3 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/order must be one of 1, 2/) },
    });
  });
});
