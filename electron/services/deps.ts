import type { DatasetsService } from './datasets/datasets-service';
import type { Engine } from './engine/engine';
import type { ExperimentService } from './experiments/experiment-service';
import type { SavedExperiments } from './experiments/saved-experiments';
import type { ExploreService } from './explore/explore-service';
import type { QueryService } from './explore/query-service';
import type { Jobs } from './jobs';
import type { ModelsService } from './models/models-service';
import type { Store } from './store/store';

/** What a feature's `handlers(deps)` may use: the workspace, its engine and store, and the shared services. */
export interface ServiceDeps {
  workspaceDir: string;
  sampleDataDir: string;
  version: string;
  store: Store;
  engine: Engine;
  jobs: Jobs;
  /** What was repaired when the workspace opened. */
  recovered: string[];
  datasets: DatasetsService;
  explore: ExploreService;
  queries: QueryService;
  experiments: ExperimentService;
  savedExperiments: SavedExperiments;
  models: ModelsService;
  /** Validates a slow method's request and runs it as a job (jobs.start). */
  startJob(method: string, request: unknown): Promise<{ jobId: string }>;
}
