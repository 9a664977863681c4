import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../../../shared/api/result';
import { describeSource, type FunnelDropoffSource, type Segment } from '../../../../shared/segments/segment';
import { createAppStore } from '../../store/create-app-store';
import { scriptedClient } from '../../store/scripted-client';

const source: FunnelDropoffSource = {
  kind: 'funnel_dropoff',
  datasetId: 'd1',
  customerColumn: 'customer_id',
  timeColumn: 'event_ts',
  eventColumn: 'event_type',
  steps: ['visit', 'add_to_cart', 'purchase'],
  droppedAt: 3,
};
const segment = (id: string, name: string): Segment => ({
  id,
  name,
  source,
  lineage: { datasetFingerprint: 'sha256:x', createdFrom: 'E-commerce funnel' },
  count: 42,
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
});

describe('segments feature', () => {
  it('lists, saves (newest first), refuses a name in use with its message, and deletes', async () => {
    const saved: Segment[] = [segment('s1', 'Old')];
    const { client, calls } = scriptedClient({
      'segments.list': () => saved,
      'segments.save': (req) => {
        if (saved.some((s) => s.name === req.name))
          throw new WorkbenchError(
            ErrorCode.InvalidArgument,
            `name: a segment named "${req.name}" already exists in this workspace; choose another name.`,
          );
        const s = segment('s2', req.name);
        saved.unshift(s);
        return s;
      },
      'segments.delete': ({ id }) => {
        if (!saved.some((s) => s.id === id)) throw new WorkbenchError(ErrorCode.NotFound, `id: no segment "${id}" in this workspace.`);
        return { removed: true };
      },
    });
    const store = createAppStore(client);
    expect(store.getState().segments).toBeNull();
    await store.getState().refreshSegments();
    expect(store.getState().segments!.map((s) => s.name)).toEqual(['Old']);

    const s = await store.getState().saveSegment({ name: 'Left before purchase', source, createdFrom: 'E-commerce funnel' });
    expect(s.count).toBe(42);
    expect(store.getState().segments!.map((x) => x.name)).toEqual(['Left before purchase', 'Old']);
    await expect(store.getState().saveSegment({ name: 'Old', source })).rejects.toThrow(/^name: a segment named "Old" already exists/);
    expect(store.getState().segments).toHaveLength(2);

    await store.getState().deleteSegment('s1');
    expect(store.getState().segments!.map((x) => x.id)).toEqual(['s2']);
    await store.getState().deleteSegment('nope');
    expect(store.getState().segmentsError).toBe('id: no segment "nope" in this workspace.');
    expect(calls.map((c) => c.method)).toEqual(['segments.list', 'segments.save', 'segments.save', 'segments.delete', 'segments.delete']);
  });

  it('says a definition in words', () => {
    expect(describeSource({ ...source, steps: ['visit', 'Cart', 'purchase'] }, 'events', 'E-commerce funnel')).toBe(
      'Dropped after Cart in E-commerce funnel (events)',
    );
    expect(describeSource({ kind: 'sql', datasetId: 'd1', sql: 'SELECT 1' }, 'events')).toBe('Rows of a SQL query over events');
    const population = { kind: 'filter', column: 'plan', op: '=', value: 'pro' } as const;
    expect(describeSource({ ...source, steps: ['visit', 'Cart', 'purchase'], population }, 'events', 'Map')).toBe(
      'Dropped after Cart in Map (events) among customers with plan = pro',
    );
    const gold = { kind: 'column', datasetId: 'd2', idColumn: 'id', column: 'tier', value: 'gold' } as const;
    expect(describeSource({ ...source, population: gold }, 'events', undefined, { dataset: 'customers' })).toMatch(
      / among tier = gold in customers$/,
    );
  });
});
