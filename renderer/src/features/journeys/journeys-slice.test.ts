import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../../../shared/api/result';
import { renameStage, type JourneyMapInput } from '../../../../shared/journeys/map';
import type { SavedJourneyMap } from '../../../../shared/journeys/maps-contract';
import { JOURNEY_TEMPLATES, mapFromTemplate } from '../../../../shared/journeys/templates';
import { createAppStore } from '../../store/create-app-store';
import { scriptedClient } from '../../store/scripted-client';

function host() {
  const saved = new Map<string, SavedJourneyMap>();
  let n = 0;
  let failNext = false;
  const { client, calls } = scriptedClient({
    'journeys.templates': () => JOURNEY_TEMPLATES,
    'journeys.maps.list': () =>
      [...saved.values()].map((m) => ({
        id: m.id,
        name: m.name,
        version: m.version,
        persona: '',
        stages: 0,
        cards: 0,
        bound: false,
        updatedAt: m.updatedAt,
      })),
    'journeys.maps.save': ({ map }) => {
      if (failNext) {
        failNext = false;
        throw new WorkbenchError(ErrorCode.InvalidArgument, 'map.name: the map name cannot be empty');
      }
      const m = { ...(map as JourneyMapInput), id: map.id ?? `map${++n}`, createdAt: 't0', updatedAt: `t${++n}` } as SavedJourneyMap;
      saved.set(m.id, m);
      return m;
    },
    'journeys.maps.get': ({ id }) => saved.get(id)!,
  });
  return { store: createAppStore(client), saved, calls, failOnce: () => (failNext = true) };
}

describe('journeys feature', () => {
  it('creates a map from a template, saves edits, and undoes them (the undo is saved too)', async () => {
    const { store, saved, calls } = host();
    await store.getState().createJourneyMap(mapFromTemplate('onboarding'));
    const s = () => store.getState();
    const id = s().openMap!.history.present.id;
    expect(s().openMap!.saveState).toBe('saved');

    s().editMap((m) => renameStage(m, 's1', 'Register'));
    expect(s().openMap!.saveState).toBe('unsaved');
    await s().flushMapSave();
    expect(s().openMap!.saveState).toBe('saved');
    expect(saved.get(id)!.stages[0]!.name).toBe('Register');

    s().undoMap();
    expect(s().openMap!.history.present.stages[0]!.name).toBe('Sign up');
    await s().flushMapSave();
    expect(saved.get(id)!.stages[0]!.name).toBe('Sign up');
    s().redoMap();
    expect(s().openMap!.history.present.stages[0]!.name).toBe('Register');

    const saves = calls.filter((c) => c.method === 'journeys.maps.save').length;
    s().editMap((m) => m); // no change: nothing to undo or save
    await s().flushMapSave();
    expect(calls.filter((c) => c.method === 'journeys.maps.save').length).toBe(saves + 1); // the redo's save only
  });

  it('keeps a failed save visible with its message, and reopens a map', async () => {
    const { store, failOnce } = host();
    await store.getState().createJourneyMap(mapFromTemplate('support'));
    failOnce();
    store.getState().editMap((m) => renameStage(m, 's1', 'Problem'));
    await store.getState().flushMapSave();
    expect(store.getState().openMap).toMatchObject({ saveState: 'failed', saveError: 'map.name: the map name cannot be empty' });
    const id = store.getState().openMap!.history.present.id;
    await store.getState().closeJourneyMap(); // closing tries the save again

    expect(store.getState().openMap).toBeNull();
    await store.getState().openJourneyMap(id);
    expect(store.getState().openMap!.history.present.stages[0]!.name).toBe('Problem');
  });

  it('remembers the population chosen for each map, across closing and reopening it', async () => {
    const { store } = host();
    const s = () => store.getState();
    await s().createJourneyMap(mapFromTemplate('support'));
    const a = s().openMap!.history.present.id;
    await s().createJourneyMap(mapFromTemplate('onboarding'));
    const b = s().openMap!.history.present.id;
    s().setMapPopulation(a, { kind: 'filter', column: 'device', op: '=', value: 'mobile' });
    s().setMapPopulation(b, { kind: 'segment', segmentId: 'seg1' });
    await s().closeJourneyMap();
    await s().openJourneyMap(a);
    expect(s().mapPopulations[a]).toEqual({ kind: 'filter', column: 'device', op: '=', value: 'mobile' });
    expect(s().mapPopulations[b]).toEqual({ kind: 'segment', segmentId: 'seg1' });
    s().setMapPopulation(a, { kind: 'all' });
    expect(s().mapPopulations[a]).toEqual({ kind: 'all' });
  });
});
