import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyMapSummary, SavedJourneyMap } from '../../../shared/journeys/maps-contract';
import type { JourneyTemplate } from '../../../shared/journeys/templates';
import { tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

async function call<T>(method: string, req: unknown): Promise<T> {
  const r = await wb.invoke(method, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('journey maps', () => {
  it('saves a map from a template, reopens it after a restart, and deletes it', async () => {
    const templates = await call<JourneyTemplate[]>('journeys.templates', {});
    expect(templates.map((t) => t.id)).toEqual(['ecommerce-purchase', 'onboarding', 'support']);

    const created = await call<SavedJourneyMap>('journeys.maps.save', { map: templates[0]!.map });
    expect(created.id).toMatch(/^[\w-]{36}$/);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(created.stages).toHaveLength(5);

    const { createdAt: _c, updatedAt: _u, ...edited } = created;
    edited.cards = edited.cards.map((c) => (c.id === 'c1' ? { ...c, text: 'Arrives from a newsletter' } : c));
    edited.binding = { datasetId: 'd1', customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event_type' };
    const saved = await call<SavedJourneyMap>('journeys.maps.save', { map: edited });
    expect(saved.id).toBe(created.id);
    expect(saved.createdAt).toBe(created.createdAt);
    expect(saved.updatedAt >= created.updatedAt).toBe(true);

    await wb.close();
    wb = await testWorkbench(path.join(tmp.dir, 'ws'));
    const list = await call<JourneyMapSummary[]>('journeys.maps.list', {});
    expect(list).toEqual([
      {
        id: created.id,
        name: 'E-commerce purchase',
        version: 'as-is',
        persona: 'Online shopper',
        stages: 5,
        cards: created.cards.length,
        bound: true,
        updatedAt: saved.updatedAt,
      },
    ]);
    const reopened = await call<SavedJourneyMap>('journeys.maps.get', { id: created.id });
    expect(reopened).toEqual(saved);
    expect(reopened.cards.find((c) => c.id === 'c1')!.text).toBe('Arrives from a newsletter');
    expect(wb.store.schemaVersions().journeys).toBe(1);

    expect(await call('journeys.maps.delete', { id: created.id })).toEqual({ removed: true });
    expect(await call('journeys.maps.list', {})).toEqual([]);
    const gone = await wb.invoke('journeys.maps.get', { id: created.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'id' } });
  });

  it('refuses a bad map naming the field', async () => {
    const [t] = await call<JourneyTemplate[]>('journeys.templates', {});
    const bad = { ...t!.map, cards: t!.map.cards.map((c, i) => (i === 3 ? { ...c, emotion: 5 } : c)) };
    const r = await wb.invoke('journeys.maps.save', { map: bad });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        field: 'map.cards.3.emotion',
        message: 'journeys.maps.save: map.cards.3.emotion: emotion is at most +2',
      },
    });
    const orphan = { ...t!.map, cards: [...t!.map.cards, { id: 'x1', stageId: 'nowhere', laneId: 'l1', text: '' }] };
    const r2 = await wb.invoke('journeys.maps.save', { map: orphan });
    expect(r2.ok ? '' : r2.error.message).toMatch(
      /map\.cards\.\d+\.stageId: no stage "nowhere" in this map \(stages: s1, s2, s3, s4, s5\)/,
    );
    const r3 = await wb.invoke('journeys.maps.save', { map: { ...t!.map, name: ' ' } });
    expect(r3.ok ? '' : r3.error.message).toBe('journeys.maps.save: map.name: the map name cannot be empty');
    expect(await call('journeys.maps.list', {})).toEqual([]);
  });
});
