import { describe, expect, it } from 'vitest';
import type { SavedExperiment } from '../../../../shared/types';
import { createAppStore } from '../../store/create-app-store';
import { dataset, scriptedClient } from '../../store/scripted-client';

describe('experiments slice', () => {
  it('saves a from-data experiment with the chosen columns, the dataset it came from, the result and the notes', async () => {
    const saved: SavedExperiment[] = [];
    const { client, calls } = scriptedClient({
      'datasets.list': () => [dataset('d1', 'experiment_assignments')],
      'experiments.save': (req) => {
        const e = { ...req, id: 'e1', createdAt: '2026-01-01', updatedAt: '2026-01-01' } as SavedExperiment;
        saved.push(e);
        return e;
      },
      'experiments.list': () => saved,
    });
    const store = createAppStore(client);
    await store.getState().refreshDatasets();
    store.getState().setFromData({ datasetId: 'd1', unitColumn: 'user_id', variantColumn: 'variant', metricColumn: 'converted' });
    store.getState().setCurrentResult({ verdict: 'Treatment converts better than control.' });
    store.getState().setNotes('Ship it.');

    await store.getState().saveExperiment('Checkout test');

    const request = calls.find((c) => c.method === 'experiments.save')!.request;
    expect(request).toMatchObject({
      name: 'Checkout test',
      kind: 'data',
      inputs: {
        datasetId: 'd1',
        unitColumn: 'user_id',
        datasetName: 'experiment_assignments',
        datasetSource: '/data/experiment_assignments.csv',
      },
      results: { verdict: 'Treatment converts better than control.' },
      notes: 'Ship it.',
    });
    const s = store.getState();
    expect([s.savedId, s.savedName]).toEqual(['e1', 'Checkout test']);
    expect(s.savedExperiments.map((e) => e.id)).toEqual(['e1']);
    expect(s.notice).toMatchObject({ kind: 'info', text: 'Saved experiment "Checkout test".' });
  });
});
