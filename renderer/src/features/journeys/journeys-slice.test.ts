import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../../../shared/api/result';
import {
  addCard,
  addLane,
  addStage,
  cellCards,
  emptyMap,
  renameStage,
  type JourneyMap,
  type JourneyMapInput,
} from '../../../../shared/journeys/map';
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

  describe('multi-select', () => {
    /** Stages s1, s2; lane l1; cards c1, c2, c3 in s1, c4 in s2. */
    async function board() {
      const h = host();
      let m: JourneyMap = emptyMap('m', 'Select');
      m = addStage(addStage(m, 'A').map, 'B').map;
      m = addLane(m, 'actions').map;
      for (const [s, t] of [
        ['s1', 'one'],
        ['s1', 'two'],
        ['s1', 'three'],
        ['s2', 'four'],
      ] as const)
        m = addCard(m, s, 'l1', { text: t }).map;
      const { id: _id, ...input } = m;
      await h.store.getState().createJourneyMap(input);
      const s = () => h.store.getState();
      const cell = (stage: string) => cellCards(s().openMap!.history.present, stage, 'l1').map((c) => c.text);
      return { ...h, s, cell };
    }

    it('adds and removes cards from the selection, and deletes them all as one undo step', async () => {
      const { s, cell } = await board();
      s().selectMapCards(['c1']);
      s().toggleMapCard('c3');
      s().toggleMapCard('c4');
      expect(s().mapSelection).toEqual(['c1', 'c3', 'c4']);
      s().toggleMapCard('c4');
      expect(s().mapSelection).toEqual(['c1', 'c3']);
      s().removeSelectedCards();
      expect(cell('s1')).toEqual(['two']);
      expect(s().mapSelection).toEqual([]); // removed cards are no longer selected
      s().undoMap();
      expect(cell('s1')).toEqual(['one', 'two', 'three']);
      s().redoMap();
      expect(cell('s1')).toEqual(['two']);
    });

    it('sets a channel and an emotion on every selected card in one step', async () => {
      const { s } = await board();
      s().selectMapCards(['c2', 'c4']);
      s().editSelectedCards({ channel: 'email' });
      s().editSelectedCards({ emotion: -1 });
      const fields = () => s().openMap!.history.present.cards.map((c) => [c.id, c.channel, c.emotion]);
      expect(fields()).toEqual([
        ['c1', undefined, undefined],
        ['c2', 'email', -1],
        ['c3', undefined, undefined],
        ['c4', 'email', -1],
      ]);
      s().undoMap();
      expect(fields()[1]).toEqual(['c2', 'email', undefined]);
    });

    it('drops the whole selection when a selected card is dragged, one card otherwise; undo moves them back', async () => {
      const { s, cell } = await board();
      s().selectMapCards(['c3', 'c1']);
      s().dropCards('c3', 's2', 'l1', 0);
      expect(cell('s2')).toEqual(['one', 'three', 'four']);
      expect(cell('s1')).toEqual(['two']);
      s().undoMap();
      expect(cell('s1')).toEqual(['one', 'two', 'three']);
      expect(cell('s2')).toEqual(['four']);
      // An unselected card moves alone and becomes the selection.
      s().dropCards('c2', 's2', 'l1', 1);
      expect(cell('s2')).toEqual(['four', 'two']);
      expect(s().mapSelection).toEqual(['c2']);
    });
  });
});

describe('map populations', () => {
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
