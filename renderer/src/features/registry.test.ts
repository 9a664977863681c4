import { describe, expect, expectTypeOf, it } from 'vitest';
import type { View } from '../store/app-store';
import { createAppStore } from '../store/create-app-store';
import { scriptedClient } from '../store/scripted-client';
import { FEATURES, ROUTES } from './registry';

describe('feature registry', () => {
  it('lists the tabs in order with their labels and Ctrl+digit shortcuts', () => {
    expect(ROUTES.map((r) => [r.id, r.label, r.shortcut, r.needsDataset])).toEqual([
      ['grid', 'Data', '1', true],
      ['profile', 'Profile', '2', true],
      ['sql', 'SQL', '3', false],
      ['experiments', 'Experiments', '4', false],
      ['models', 'Models', '5', false],
      ['journeys', 'Journeys', '6', false],
      ['segments', 'Segments', '7', false],
    ]);
    expectTypeOf<View>().toEqualTypeOf<'grid' | 'profile' | 'sql' | 'experiments' | 'models' | 'journeys' | 'segments'>();
  });

  it('gives every feature a unique name and every route a unique id and shortcut', () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(FEATURES.map((f) => f.name))).toBe(true);
    expect(unique(ROUTES.map((r) => r.id))).toBe(true);
    expect(unique(ROUTES.map((r) => r.shortcut))).toBe(true);
  });

  it('builds one store from every feature slice, opening on the first tab', () => {
    const { client } = scriptedClient({});
    const s = createAppStore(client).getState();
    expect(s.view).toBe('grid');
    expect(s.client).toBe(client);
    for (const action of [s.refreshDatasets, s.load, s.runSql, s.saveExperiment, s.setView, s.notify])
      expect(action).toBeTypeOf('function');
  });
});
