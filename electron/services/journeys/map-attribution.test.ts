import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapAttribution } from '../../../shared/journeys/map-attribution';
import { chainCountsOf, markovAttribution } from '../../../shared/journeys/markov';
import type { JourneyMap } from '../../../shared/journeys/map';
import { channelRules, type AttributionResult, type EventChannels, type PropertyFilters } from '../../../shared/journeys/paths-types';
import { JOURNEY_TEMPLATES } from '../../../shared/journeys/templates';
import { useWorkbench } from '../test-support';

const t = useWorkbench();

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  customer: string;
  ts: number | null;
  event: string;
  plan: string;
}

/** Customers wandering through the e-commerce events plus unbound ones, with tied times, missing times and a shuffled file. */
function eventLog(seed: number): Row[] {
  const r = rng(seed);
  const events = ['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase', 'search', 'support_chat'];
  const rows: Row[] = [];
  for (let c = 0; c < 160; c++) {
    let ts = 1_700_000_000 + Math.floor(r() * 1000) * 60;
    const n = 1 + Math.floor(r() * 9);
    for (let i = 0; i < n; i++) {
      ts += r() < 0.25 ? 0 : Math.floor(r() * 5) * 60; // many ties
      const event = r() < 0.7 ? events[Math.min(Math.floor(i / 2 + r() * 2), 4)]! : events[Math.floor(r() * events.length)]!;
      rows.push({ customer: `c${c}`, ts: r() < 0.06 ? null : ts, event, plan: r() < 0.4 ? 'pro' : 'free' });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const k = Math.floor(r() * (i + 1));
    [rows[i], rows[k]] = [rows[k]!, rows[i]!];
  }
  return rows;
}

const matches = (row: Row, filters: PropertyFilters | undefined) =>
  Object.entries(filters ?? {}).every(([column, value]) => String(row[column as keyof Row]) === value);

/** The map's journeys built in memory: timed rows, mapped to cards (first matching rule), up to the first conversion; ties by card id. */
function journeysOf(rows: Row[], eventChannels: EventChannels, convertedEvents: string[], convertedFilters?: PropertyFilters) {
  const conv = new Set(convertedEvents);
  const channel = (x: Row) => {
    const target = eventChannels[x.event];
    return target === undefined ? undefined : channelRules(target).find((r) => matches(x, r.filters))?.channel;
  };
  const byCustomer = new Map<string, Row[]>();
  for (const row of rows) if (row.ts !== null) byCustomer.set(row.customer, [...(byCustomer.get(row.customer) ?? []), row]);
  return [...byCustomer.values()]
    .map((rs) => {
      const convAt = Math.min(...rs.filter((x) => conv.has(x.event) && matches(x, convertedFilters)).map((x) => x.ts!));
      const path = rs
        .filter((x) => channel(x) !== undefined && x.ts! <= convAt)
        .map((x) => ({ ts: x.ts!, ch: channel(x)! }))
        .sort((a, b) => a.ts - b.ts || (a.ch < b.ch ? -1 : a.ch > b.ch ? 1 : 0))
        .map((x) => x.ch);
      return { path, converted: Number.isFinite(convAt) };
    })
    .filter((j) => j.path.length > 0);
}

describe('journeys.attribution over a journey map (eventChannels, convertedEvents)', () => {
  const template = JOURNEY_TEMPLATES.find((x) => x.id === 'ecommerce-purchase')!;

  it('maps a template map to cards and its last touchpoint as the conversion', () => {
    const m = mapAttribution(template.map)!;
    expect(m.convertedEvents).toEqual(['purchase']);
    expect(Object.keys(m.eventChannels)).toEqual(['visit', 'product_view', 'add_to_cart', 'checkout']);
    expect(m.cardIds).toEqual(Object.values(m.eventChannels));
  });

  for (const seed of [7, 42]) {
    it(`gives the removal effects of a brute-force chain over the map's journeys (seed ${seed})`, async () => {
      const rows = eventLog(seed);
      const file = path.join(t.dir, `map-log-${seed}.csv`);
      const time = (s: number | null) => (s === null ? '' : new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19));
      writeFileSync(
        file,
        ['customer_id,event_ts,event_type,plan', ...rows.map((x) => `${x.customer},${time(x.ts)},${x.event},${x.plan}`)].join('\n') + '\n',
      );
      const d = await t.wb.datasets.openAndWait({ path: file });
      const m = mapAttribution(template.map)!;
      const journeys = journeysOf(rows, m.eventChannels, m.convertedEvents);
      const conversions = journeys.filter((j) => j.converted).length;
      expect(conversions).toBeGreaterThan(5);
      expect(conversions).toBeLessThan(journeys.length);
      const want = markovAttribution(chainCountsOf(journeys, 1), conversions);
      const r = await t.wb.invoke('journeys.attribution', {
        datasetId: d.id,
        journeyColumn: 'customer_id',
        timeColumn: 'event_ts',
        channelColumn: 'event_type',
        eventChannels: m.eventChannels,
        convertedEvents: m.convertedEvents,
      });
      if (!r.ok) throw new Error(r.error.message);
      const got = r.value as AttributionResult;
      expect(got).toMatchObject({ journeys: journeys.length, conversions });
      expect(got.conversionProbability).toBeCloseTo(want.conversionProbability, 10);
      expect(Object.keys(got.removalEffect).sort()).toEqual([...m.cardIds].sort());
      for (const id of m.cardIds) expect(got.removalEffect[id]).toBeCloseTo(want.removalEffect[id]!, 10);
      expect(got.transitions).toHaveLength(want.transitions.length);
    });
  }

  it("counts a card only for its events' rows matching its property filters, falling through to a later card", async () => {
    // product_view on its card only for plan=pro, the rest of product_view on a second card; purchase converts only for plan=pro.
    const base = structuredClone(template.map) as JourneyMap;
    const bound = (event: string) => base.cards.find((c) => c.binding?.events.includes(event))!;
    const view = bound('product_view');
    view.binding = { events: ['product_view'], filters: { plan: 'pro' } };
    base.cards.push({ ...bound('add_to_cart'), id: 'c-view-any', text: 'Any view', binding: { events: ['product_view'] } });
    bound('purchase').binding = { events: ['purchase'], filters: { plan: 'pro' } };
    const m = mapAttribution(base)!;
    expect(m.eventChannels.product_view).toEqual([{ channel: view.id, filters: { plan: 'pro' } }, { channel: 'c-view-any' }]);
    expect(m.convertedFilters).toEqual({ plan: 'pro' });

    const rows = eventLog(11);
    const file = path.join(t.dir, 'map-log-filters.csv');
    const time = (s: number | null) => (s === null ? '' : new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19));
    writeFileSync(
      file,
      ['customer_id,event_ts,event_type,plan', ...rows.map((x) => `${x.customer},${time(x.ts)},${x.event},${x.plan}`)].join('\n') + '\n',
    );
    const d = await t.wb.datasets.openAndWait({ path: file });
    const journeys = journeysOf(rows, m.eventChannels, m.convertedEvents, m.convertedFilters);
    const conversions = journeys.filter((j) => j.converted).length;
    expect(conversions).toBeGreaterThan(5);
    const want = markovAttribution(chainCountsOf(journeys, 1), conversions);
    // The same map with its filters ignored is a different chain: the reference tells the two apart.
    const unfiltered = journeysOf(rows, { ...m.eventChannels, product_view: view.id }, m.convertedEvents);
    expect(unfiltered.filter((j) => j.converted).length).not.toBe(conversions);
    const r = await t.wb.invoke('journeys.attribution', {
      datasetId: d.id,
      journeyColumn: 'customer_id',
      timeColumn: 'event_ts',
      channelColumn: 'event_type',
      eventChannels: m.eventChannels,
      convertedEvents: m.convertedEvents,
      convertedFilters: m.convertedFilters,
    });
    if (!r.ok) throw new Error(r.error.message);
    const got = r.value as AttributionResult;
    expect(got).toMatchObject({ journeys: journeys.length, conversions });
    expect(got.conversionProbability).toBeCloseTo(want.conversionProbability, 10);
    expect(Object.keys(got.removalEffect).sort()).toEqual([...m.cardIds].sort());
    for (const id of m.cardIds) expect(got.removalEffect[id]).toBeCloseTo(want.removalEffect[id]!, 10);
    // A filter on a column the table does not have is refused, naming the rule.
    expect(
      await t.wb.invoke('journeys.attribution', {
        datasetId: d.id,
        journeyColumn: 'customer_id',
        timeColumn: 'event_ts',
        channelColumn: 'event_type',
        eventChannels: { visit: [{ channel: 'a', filters: { tier: 'x' } }] },
        convertedEvents: ['purchase'],
      }),
    ).toMatchObject({ ok: false, error: { field: 'eventChannels.visit[0].filters', message: expect.stringMatching(/no column "tier"/) } });
  });

  it('refuses a request with both or neither conversion, and a conversion event that is also a touchpoint, naming the field', async () => {
    const file = path.join(t.dir, 'map-log-bad.csv');
    writeFileSync(file, 'customer_id,event_ts,event_type,done\nc1,2025-01-01 10:00:00,visit,false\n');
    const d = await t.wb.datasets.openAndWait({ path: file });
    const req = { datasetId: d.id, journeyColumn: 'customer_id', timeColumn: 'event_ts', channelColumn: 'event_type' };
    expect(await t.wb.invoke('journeys.attribution', req)).toMatchObject({ ok: false, error: { field: 'convertedColumn' } });
    expect(
      await t.wb.invoke('journeys.attribution', {
        ...req,
        convertedColumn: 'done',
        convertedEvents: ['purchase'],
        eventChannels: { visit: 'c1' },
      }),
    ).toMatchObject({ ok: false, error: { field: 'convertedColumn' } });
    expect(await t.wb.invoke('journeys.attribution', { ...req, convertedEvents: ['visit'], eventChannels: { visit: 'c1' } })).toMatchObject(
      {
        ok: false,
        error: { field: 'convertedEvents', message: expect.stringMatching(/"visit" is also in eventChannels/) },
      },
    );
  });
});
