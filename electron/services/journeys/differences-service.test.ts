import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DifferencesResult, EventDifference } from '../../../shared/journeys/differences';
import { mulberry32 } from '../../../shared/random';
import { SAMPLE_DIR, useWorkbench } from '../test-support';

const t = useWorkbench();

interface Row {
  customer: string | null;
  time: number | null;
  event: string | null;
}

/** A log with ties at the same second, missing times, shuffled rows, and events whose rate differs between converters and the rest. */
function eventLog(seed: number, customers: number): Row[] {
  const next = mulberry32(seed);
  const rand = () => next() / 2 ** 32;
  const out: Row[] = [];
  for (let i = 0; i < customers; i++) {
    const customer = `c${i}`;
    const keen = rand() < 0.4;
    let time = 1_735_689_600 + Math.floor(rand() * 86400);
    const n = 1 + Math.floor(rand() * 12);
    for (let k = 0; k < n; k++) {
      time += rand() < 0.3 ? 0 : 60 * Math.floor(1 + rand() * 30);
      const u = rand();
      const event = keen
        ? u < 0.25
          ? 'promo'
          : u < 0.45
            ? 'view'
            : u < 0.6
              ? 'buy'
              : u < 0.7
                ? 'refund_page'
                : u < 0.75
                  ? 'help'
                  : 'visit'
        : u < 0.05
          ? 'promo'
          : u < 0.3
            ? 'help'
            : u < 0.33
              ? 'buy'
              : u < 0.4
                ? 'subscribe'
                : u < 0.5
                  ? 'rare_' + String(Math.floor(rand() * 30))
                  : 'visit';
      out.push({ customer: rand() < 0.01 ? null : customer, time: rand() < 0.04 ? null : time, event: rand() < 0.01 ? null : event });
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function writeCsv(file: string, rows: readonly Row[]): string {
  const iso = (s: number) => new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
  writeFileSync(
    file,
    [
      'customer_id,event_ts,event',
      ...rows.map((r) => [r.customer ?? '', r.time === null ? '' : iso(r.time), r.event ?? ''].join(',')),
    ].join('\n') + '\n',
  );
  return file;
}

/** The slow, obvious way: per customer the first conversion time, the events strictly before it (all events for non-converters). */
function brute(rows: readonly Row[], conversion: string[], minSupport: number) {
  const byCustomer = new Map<string, { e: string; t: number }[]>();
  for (const r of rows)
    if (r.customer !== null && r.event !== null && r.time !== null)
      byCustomer.set(r.customer, [...(byCustomer.get(r.customer) ?? []), { e: r.event, t: r.time }]);
  let converters = 0;
  const did = new Map<string, { a: number; c: number }>();
  for (const events of byCustomer.values()) {
    const times = events.filter((x) => conversion.includes(x.e)).map((x) => x.t);
    const at = times.length ? Math.min(...times) : Infinity;
    const converted = times.length > 0;
    if (converted) converters++;
    for (const e of new Set(events.filter((x) => !conversion.includes(x.e) && x.t < at).map((x) => x.e))) {
      const cell = did.get(e) ?? { a: 0, c: 0 };
      if (converted) cell.a++;
      else cell.c++;
      did.set(e, cell);
    }
  }
  const customers = byCustomer.size;
  const tables = [...did]
    .filter(([, x]) => x.a + x.c >= minSupport)
    .map(([event, { a, c }]) => {
      const b = converters - a;
      const d = customers - converters - c;
      const or = ((a + 1) * (d + 1)) / ((b + 1) * (c + 1));
      const se = Math.sqrt(1 / (a + 1) + 1 / (b + 1) + 1 / (c + 1) + 1 / (d + 1));
      return {
        event,
        a,
        b,
        c,
        d,
        support: a + c,
        or,
        lo: or * Math.exp(-1.959963984540054 * se),
        hi: or * Math.exp(1.959963984540054 * se),
      };
    });
  return { customers, converters, tables, belowSupport: did.size - tables.length };
}

async function differencesOf(datasetId: string, req: Record<string, unknown>): Promise<DifferencesResult> {
  const r = await t.wb.invoke('journeys.differences', {
    datasetId,
    customerColumn: 'customer_id',
    timeColumn: 'event_ts',
    eventColumn: 'event',
    ...req,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as DifferencesResult;
}

describe('journeys.differences against a brute-force count', () => {
  const log = eventLog(20261128, 400);
  let loaded: Promise<{ id: string }> | undefined;
  const dataset = () => (loaded ??= t.wb.datasets.openAndWait({ path: writeCsv(path.join(t.dir, 'log.csv'), log), name: 'log' }));

  for (const [what, conversion, minSupport] of [
    ['one conversion event', ['buy'], 10],
    ['two conversion events (the first of either)', ['buy', 'subscribe'], 3],
    ['a minimum support of 1 (every event)', ['buy'], 1],
  ] as const) {
    it(what, async () => {
      const d = await dataset();
      const got = await differencesOf(d.id, { conversionEvents: conversion, minSupport, limit: 1000 });
      const want = brute(log, [...conversion], minSupport);
      expect(got).toMatchObject({ customers: want.customers, converters: want.converters, belowSupport: want.belowSupport });
      expect(got.compared).toBe(want.tables.length);
      const all = [...got.positive, ...got.negative];
      const byEvent = <T extends { event: string }>(xs: T[]) => [...xs].sort((x, y) => x.event.localeCompare(y.event));
      expect(byEvent(all).map(({ event, a, b, c, d, support }) => ({ event, a, b, c, d, support }))).toEqual(
        byEvent(want.tables.filter((x) => x.or !== 1)).map(({ event, a, b, c, d, support }) => ({ event, a, b, c, d, support })),
      );
      for (const e of all) {
        const w = want.tables.find((x) => x.event === e.event)!;
        expect(e.oddsRatio).toBeCloseTo(w.or, 10);
        expect(e.ciLow).toBeCloseTo(w.lo, 10);
        expect(e.ciHigh).toBeCloseTo(w.hi, 10);
      }
      expect(got.positive.every((e) => e.oddsRatio > 1)).toBe(true);
      expect(got.negative.every((e) => e.oddsRatio < 1)).toBe(true);
      const ors = (xs: EventDifference[]) => xs.map((e) => e.oddsRatio);
      expect(ors(got.positive)).toEqual([...ors(got.positive)].sort((x, y) => y - x));
      expect(ors(got.negative)).toEqual([...ors(got.negative)].sort((x, y) => x - y));
      expect(all.some((e) => conversion.includes(e.event as never))).toBe(false);
    });
  }

  it('counts over a population: the same as over a table holding only its customers', async () => {
    const d = await dataset();
    // Customers with at least one promo row: the population, and the brute force over just their rows.
    const promo = new Set(log.filter((r) => r.event === 'promo' && r.customer !== null).map((r) => r.customer));
    const population = { kind: 'filter', column: 'event', op: '=', value: 'promo' } as const;
    const got = await differencesOf(d.id, { conversionEvents: ['buy'], minSupport: 3, limit: 1000, population });
    const want = brute(
      log.filter((r) => promo.has(r.customer)),
      ['buy'],
      3,
    );
    const everyone = brute(log, ['buy'], 3);
    expect(want.customers).toBeLessThan(everyone.customers);
    expect(got).toMatchObject({ customers: want.customers, converters: want.converters, belowSupport: want.belowSupport });
    for (const e of [...got.positive, ...got.negative]) {
      const w = want.tables.find((x) => x.event === e.event)!;
      expect({ a: e.a, c: e.c }).toEqual({ a: w.a, c: w.c });
      expect(e.oddsRatio).toBeCloseTo(w.or, 10);
    }
  });

  it('keeps `limit` events on each side, the strongest ones', async () => {
    const d = await dataset();
    const full = await differencesOf(d.id, { conversionEvents: ['buy'], minSupport: 1, limit: 1000 });
    const top = await differencesOf(d.id, { conversionEvents: ['buy'], minSupport: 1, limit: 2 });
    expect(top.positive).toEqual(full.positive.slice(0, 2));
    expect(top.negative).toEqual(full.negative.slice(0, 2));
    expect(top.compared).toBe(full.compared);
  });
});

describe('journeys.differences: what counts as before conversion', () => {
  it('counts a converter’s events strictly before the first conversion, not at its second or after it', async () => {
    const at = (s: number) => 1_735_689_600 + s;
    const rows: Row[] = [
      // c1 converts at 100: help before (counts), promo at the same second (does not), view after (does not).
      { customer: 'c1', time: at(50), event: 'help' },
      { customer: 'c1', time: at(100), event: 'promo' },
      { customer: 'c1', time: at(100), event: 'buy' },
      { customer: 'c1', time: at(200), event: 'view' },
      { customer: 'c1', time: at(300), event: 'buy' },
      // c2 converts at 10 (its first buy, although a later buy follows the view): nothing before.
      { customer: 'c2', time: at(20), event: 'view' },
      { customer: 'c2', time: at(10), event: 'buy' },
      { customer: 'c2', time: at(30), event: 'buy' },
      // c3 never converts: everything counts; its NULL-time buy is ignored.
      { customer: 'c3', time: at(500), event: 'view' },
      { customer: 'c3', time: at(600), event: 'promo' },
      { customer: 'c3', time: null, event: 'buy' },
      // c4 has only a row without a time: not a customer here.
      { customer: 'c4', time: null, event: 'help' },
    ];
    const d = await t.wb.datasets.openAndWait({ path: writeCsv(path.join(t.dir, 'before.csv'), rows), name: 'before' });
    const r = await differencesOf(d.id, { conversionEvents: ['buy'], minSupport: 1 });
    expect(r).toMatchObject({ customers: 3, converters: 2, compared: 3 });
    const table = (e: string) => {
      const x = [...r.positive, ...r.negative].find((y) => y.event === e)!;
      return { a: x.a, b: x.b, c: x.c, d: x.d };
    };
    expect(table('help')).toEqual({ a: 1, b: 1, c: 0, d: 1 });
    expect(table('promo')).toEqual({ a: 0, b: 2, c: 1, d: 0 });
    expect(table('view')).toEqual({ a: 0, b: 2, c: 1, d: 0 });
  });

  it('runs on the sample events and refuses an unknown column by field', async () => {
    const events = await t.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet') });
    const binding = { datasetId: events.id, customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event_type' };
    const r = await t.wb.invoke('journeys.differences', { ...binding, conversionEvents: ['purchase'] });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as DifferencesResult;
    expect(v.converters).toBeGreaterThan(0);
    expect(v.converters).toBeLessThan(v.customers);
    expect(v.positive.length + v.negative.length).toBeGreaterThan(0);
    const bad = await t.wb.invoke('journeys.differences', { ...binding, eventColumn: 'nope', conversionEvents: ['purchase'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/no column "nope" \(eventColumn\)/);
  });
});
