import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../../../shared/api/result';
import type { JobStatus } from '../../../../shared/types';
import { createAppStore } from '../../store/create-app-store';
import { dataset, scriptedClient } from '../../store/scripted-client';

describe('data slice', () => {
  it('refreshDatasets selects the first dataset, and keeps a selection that still exists', async () => {
    let list = [dataset('a'), dataset('b')];
    const { client } = scriptedClient({ 'datasets.list': () => list });
    const store = createAppStore(client);
    await store.getState().refreshDatasets();
    expect(store.getState().datasets.map((d) => d.id)).toEqual(['a', 'b']);
    expect(store.getState().selectedId).toBe('a');

    store.getState().select('b');
    list = [dataset('c'), dataset('b')];
    await store.getState().refreshDatasets();
    expect(store.getState().selectedId).toBe('b');

    list = [dataset('c')];
    await store.getState().refreshDatasets();
    expect(store.getState().selectedId).toBe('c');
  });

  it('load follows the job through jobs.status to done, then selects the new dataset on the grid', async () => {
    const statuses: JobStatus[] = [
      { id: 'job-1', kind: 'load', state: 'running', progress: 0.3, message: 'Loading orders…' },
      { id: 'job-1', kind: 'load', state: 'running', progress: 0.8, message: 'Loading orders…' },
      { id: 'job-1', kind: 'load', state: 'done', progress: 1, message: 'Loaded orders (3 rows).', datasetId: 'new' },
    ];
    const seen: (JobStatus[] | null)[] = [];
    let list = [dataset('a')];
    const { client, calls } = scriptedClient({
      'datasets.list': () => list,
      'datasets.open': () => ({ jobId: 'job-1' }),
      'jobs.status': (req) => {
        expect(req).toEqual({ id: 'job-1' });
        seen.push(store.getState().jobs);
        const s = statuses.shift()!;
        if (s.state === 'done') list = [dataset('a'), dataset('new', 'orders')];
        return s;
      },
    });
    const store = createAppStore(client);
    await store.getState().refreshDatasets();
    store.getState().setView('sql');

    await expect(store.getState().load({ path: '/data/orders.csv' })).resolves.toBe('new');

    expect(calls.map((c) => c.method)).toEqual([
      'datasets.list',
      'datasets.open',
      'jobs.status',
      'jobs.status',
      'jobs.status',
      'datasets.list',
    ]);
    expect(calls[1]!.request).toEqual({ path: '/data/orders.csv' });
    // The running job was shown while it ran.
    expect(seen[1]).toEqual([expect.objectContaining({ id: 'job-1', state: 'running', progress: 0.3 })]);
    const s = store.getState();
    expect(s.selectedId).toBe('new');
    expect(s.view).toBe('grid');
    expect(s.datasets.map((d) => d.id)).toEqual(['a', 'new']);
    expect(s.notice).toMatchObject({ kind: 'info', text: 'Loaded orders (3 rows).' });
    // Said once: the notice carries the outcome, the jobs bar no longer holds the finished job.
    expect(s.jobs).toEqual([]);
  });

  it('a failed load notifies its error and selects nothing new', async () => {
    const { client, calls } = scriptedClient({
      'datasets.list': () => [dataset('a')],
      'datasets.open': () => ({ jobId: 'job-2' }),
      'jobs.status': () => ({
        id: 'job-2',
        kind: 'load',
        state: 'failed',
        progress: null,
        message: 'broken.parquet: not a Parquet file (it starts with text).',
      }),
    });
    const store = createAppStore(client);
    await store.getState().refreshDatasets();

    await expect(store.getState().load({ path: '/data/broken.parquet' })).resolves.toBeNull();

    const s = store.getState();
    expect(s.notice).toMatchObject({ kind: 'error', text: 'broken.parquet: not a Parquet file (it starts with text).' });
    expect(s.selectedId).toBe('a');
    expect(calls.filter((c) => c.method === 'datasets.list')).toHaveLength(1);
  });

  it('a load the host refuses rejects with its message and starts no job', async () => {
    const { client, calls } = scriptedClient({
      'datasets.open': () => {
        throw new WorkbenchError(ErrorCode.NotFound, '/data/missing.csv: no such file.');
      },
    });
    const store = createAppStore(client);
    await expect(store.getState().load({ path: '/data/missing.csv' })).rejects.toThrow('/data/missing.csv: no such file.');
    expect(calls.map((c) => c.method)).toEqual(['datasets.open']);
    expect(store.getState().jobs).toEqual([]);
  });

  it('runJob starts any slow method as a job, shows it in the jobs bar while it runs, and resolves with its result', async () => {
    const statuses: JobStatus[] = [
      { id: 'j', kind: 'explore.profile', state: 'running', progress: 0.5, message: 'city' },
      { id: 'j', kind: 'explore.profile', state: 'done', progress: 1, message: 'Done.', result: [] },
    ];
    const shown: string[] = [];
    const { client, calls } = scriptedClient({
      'jobs.start': () => ({ jobId: 'j' }),
      'jobs.status': () => {
        shown.push(...store.getState().jobs.map((j) => j.message));
        return statuses.shift()!;
      },
    });
    const store = createAppStore(client);
    await expect(store.getState().runJob('explore.profile', { datasetId: 'd' }, 'Profiling orders')).resolves.toEqual([]);
    expect(calls[0]).toEqual({ method: 'jobs.start', request: { method: 'explore.profile', request: { datasetId: 'd' } } });
    expect(shown).toEqual(['Profiling orders — city']);
    expect(store.getState().jobs).toEqual([]);
  });

  it("runJob throws a failed job's error with its field, and resolves null when cancelled", async () => {
    let final: JobStatus = {
      id: 'j',
      kind: 'experiments.analyze',
      state: 'failed',
      progress: null,
      message: 'too many variants',
      error: { code: ErrorCode.BadInput, message: 'too many variants', field: 'variantColumn' },
    };
    const { client } = scriptedClient({ 'jobs.start': () => ({ jobId: 'j' }), 'jobs.status': () => final });
    const store = createAppStore(client);
    await expect(store.getState().runJob('explore.profile', { datasetId: 'd' }, 'x')).rejects.toMatchObject({
      error: { field: 'variantColumn' },
    });
    final = { id: 'j', kind: 'explore.profile', state: 'cancelled', progress: null, message: 'Cancelled.' };
    await expect(store.getState().runJob('explore.profile', { datasetId: 'd' }, 'x')).resolves.toBeNull();
  });
});
