import { describe, expect, it } from 'vitest';
import { jobMethods } from '../../shared/api/contract';
import type { JobStatus } from '../../shared/types';
import { SAMPLE_DIR, useWorkbench } from './test-support';

describe('jobs.start: any slow method as a job', () => {
  const t = useWorkbench();

  async function follow(jobId: string): Promise<JobStatus> {
    for (;;) {
      const r = await t.wb.invoke('jobs.status', { id: jobId });
      if (!r.ok) throw new Error(r.error.message);
      const s = r.value as JobStatus;
      if (s.state !== 'running') return s;
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  it('lists the slow methods and refuses others, naming the ones that run as jobs', async () => {
    expect(jobMethods).toEqual(expect.arrayContaining(['models.train', 'models.cluster', 'explore.profile', 'experiments.analyze']));
    const r = await t.wb.invoke('jobs.start', { method: 'datasets.list', request: {} });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'method' } });
    expect(!r.ok && r.error.message).toMatch(/models\.train/);
  });

  it('validates the inner request before starting, naming its field', async () => {
    const r = await t.wb.invoke('jobs.start', { method: 'models.cluster', request: { datasetId: 'x', name: 'c', features: [] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'features' } });
  });

  it('runs a fit as a job with progress and carries its result', async () => {
    const d = await t.wb.datasets.openAndWait({ path: `${SAMPLE_DIR}/customers.csv` });
    const numeric = d.columns.filter((c) => /INT|DOUBLE|DECIMAL|FLOAT/.test(c.type)).map((c) => c.name);
    const started = await t.wb.invoke('jobs.start', {
      method: 'models.cluster',
      request: { datasetId: d.id, name: 'segments', features: numeric.slice(0, 2), k: 3 },
    });
    expect(started.ok).toBe(true);
    const status = await follow((started as { value: { jobId: string } }).value.jobId);
    expect(status).toMatchObject({ state: 'done', kind: 'models.cluster', progress: 1 });
    expect(status.result).toMatchObject({ name: 'segments', algorithm: 'kmeans' });
  });

  it('cancels a running fit', async () => {
    const d = await t.wb.datasets.openAndWait({ path: `${SAMPLE_DIR}/experiment_assignments.csv` });
    const started = await t.wb.invoke('jobs.start', {
      method: 'models.train',
      request: {
        datasetId: d.id,
        name: 'slow',
        features: ['pre_period_revenue'],
        target: 'converted',
        algorithm: 'random_forest',
        iterations: 2000,
      },
    });
    const { jobId } = (started as { value: { jobId: string } }).value;
    const cancelled = await t.wb.invoke('jobs.cancel', { id: jobId });
    expect(cancelled).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    expect(t.wb.models.list().map((m) => m.name)).not.toContain('slow');
  });

  it('profiles as a job with progress, and a failed job carries its error with the field', async () => {
    const d = await t.wb.datasets.openAndWait({ path: `${SAMPLE_DIR}/orders.ndjson` });
    const seen: number[] = [];
    const started = await t.wb.invoke('jobs.start', { method: 'explore.profile', request: { datasetId: d.id } });
    const { jobId } = (started as { value: { jobId: string } }).value;
    let status: JobStatus;
    for (;;) {
      status = ((await t.wb.invoke('jobs.status', { id: jobId })) as { value: JobStatus }).value;
      if (status.progress !== null) seen.push(status.progress);
      if (status.state !== 'running') break;
      await new Promise((res) => setTimeout(res, 5));
    }
    expect(status.state).toBe('done');
    expect((status.result as { name: string }[]).map((p) => p.name)).toEqual(d.columns.map((c) => c.name));
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
    const bad = await t.wb.invoke('jobs.start', {
      method: 'models.train',
      request: { datasetId: d.id, name: 'x', features: ['no_such_column'], target: 'revenue' },
    });
    const failed = await follow((bad as { value: { jobId: string } }).value.jobId);
    expect(failed).toMatchObject({ state: 'failed', error: { message: expect.stringMatching(/no_such_column/) } });
  });
});
