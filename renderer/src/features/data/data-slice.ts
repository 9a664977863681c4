import type { JobMethod, RequestOf, ResponseOf } from '../../../../shared/api/contract';
import { ErrorCode } from '../../../../shared/api/result';
import { ApiCallError } from '../../api/client';
import type { Dataset, JobStatus } from '../../../../shared/types';
import type { SliceCreator } from '../feature';
import { isString, recall, remember } from '../../store/ui-memory';

export interface DataSlice {
  datasets: Dataset[];
  selectedId: string | null;
  jobs: JobStatus[];
  openDialogVisible: boolean;
  refreshDatasets(): Promise<void>;
  select(id: string | null): void;
  showOpenDialog(visible: boolean): void;
  /** Starts a load and follows its job until it ends; resolves with the new dataset's id. */
  load(req: RequestOf<'datasets.open'>): Promise<string | null>;
  /**
   * Runs a slow method as a job: its progress and Cancel show in the jobs bar under `label`. Resolves with
   * the method's response, or null if cancelled; a failure throws its error (with the field it names).
   */
  runJob<M extends JobMethod>(method: M, request: RequestOf<M>, label: string): Promise<ResponseOf<M> | null>;
  cancelJob(id: string): Promise<void>;
  removeDataset(id: string): Promise<void>;
}

export const createDataSlice: SliceCreator<DataSlice> = (set, get, _api, { call }) => ({
  datasets: [],
  selectedId: null,
  jobs: [],
  openDialogVisible: false,
  async refreshDatasets() {
    const datasets = await call('datasets.list', {});
    // The selection survives a reload: the remembered dataset if it is still loaded, else the first.
    const selected = get().selectedId ?? recall('dataset', isString);
    set({ datasets, selectedId: selected && datasets.some((d) => d.id === selected) ? selected : (datasets[0]?.id ?? null) });
  },
  select(id) {
    set({ selectedId: id });
    remember('dataset', id);
  },
  showOpenDialog(visible) {
    set({ openDialogVisible: visible });
  },
  async load(req) {
    const { jobId } = await call('datasets.open', req);
    const upsert = (j: JobStatus) => set({ jobs: [...get().jobs.filter((x) => x.id !== j.id), j] });
    for (;;) {
      const status = await call('jobs.status', { id: jobId });
      upsert(status);
      if (status.state !== 'running') {
        // The outcome is said once, in the notice; the jobs bar only shows work still running.
        set({ jobs: get().jobs.filter((x) => x.id !== jobId) });
        if (status.state === 'done') {
          await get().refreshDatasets();
          if (status.datasetId) {
            set({ view: 'grid' });
            get().select(status.datasetId);
          }
          get().notify('info', status.message);
          return status.datasetId ?? null;
        }
        if (status.state === 'failed') get().notify('error', status.message);
        return null;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  },
  async runJob(method, request, label) {
    const { jobId } = await call('jobs.start', { method, request: request as Record<string, unknown> });
    const upsert = (j: JobStatus) => set({ jobs: [...get().jobs.filter((x) => x.id !== j.id), j] });
    for (;;) {
      const status = await call('jobs.status', { id: jobId });
      if (status.state === 'running') {
        upsert({ ...status, message: status.progress ? `${label} — ${status.message}` : label });
        await new Promise((r) => setTimeout(r, 150));
        continue;
      }
      set({ jobs: get().jobs.filter((x) => x.id !== jobId) });
      if (status.state === 'done') return status.result as ResponseOf<typeof method>;
      if (status.state === 'cancelled') return null;
      throw new ApiCallError(status.error ?? { code: ErrorCode.Internal, message: status.message });
    }
  },
  async cancelJob(id) {
    await call('jobs.cancel', { id });
  },
  async removeDataset(id) {
    await call('datasets.remove', { id });
    await get().refreshDatasets();
  },
});
