import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALGORITHMS } from '../../shared/ml/catalog';
import { contract, isMethod, type Handlers, type Method, type ResponseOf } from '../../shared/api/contract';
import { ErrorCode, ok, toApiError, WorkbenchError, type Result } from '../../shared/api/result';
import { DatasetsService } from './datasets/datasets-service';
import { DuckDbEngine } from './engine/duckdb-engine';
import type { Engine } from './engine/engine';
import { ExperimentService } from './experiments/experiment-service';
import { SavedExperiments } from './experiments/saved-experiments';
import { ExploreService } from './explore/explore-service';
import { QueryService } from './explore/query-service';
import { Jobs } from './jobs';
import { MlWorkerClient } from './models/ml-client';
import { ModelsService } from './models/models-service';
import { inspectOnnx } from './models/onnx-import';
import { Store } from './store/store';

export interface WorkbenchOptions {
  /** A workspace is a folder holding workspace.sqlite (app state) and workspace.duckdb (tables and views). */
  workspaceDir: string;
  workerFile: string;
  /** The model-fitting worker; defaults to ml-worker beside the DuckDB worker (built or source). */
  mlWorkerFile?: string;
  sampleDataDir: string;
  version?: string;
  threads?: number;
  /** DuckDB's memory limit (for example "2GB"); default: half the machine's memory, at most 4 GiB. */
  memoryLimit?: string;
  /** In-memory DuckDB (command line); the catalog still lives in SQLite. */
  inMemoryEngine?: boolean;
}

export interface Workbench {
  handlers: Handlers;
  datasets: DatasetsService;
  explore: ExploreService;
  experiments: ExperimentService;
  savedExperiments: SavedExperiments;
  models: ModelsService;
  queries: QueryService;
  store: Store;
  engine: Engine;
  jobs: Jobs;
  invoke(method: string, request: unknown): Promise<Result<unknown>>;
  /** Registers the sample datasets the first time a workspace opens. */
  openSampleDataOnFirstRun(): Promise<void>;
  close(): Promise<void>;
}

/** Loaded in this order; the catalog lists the newest first, so the events come out on top. */
export const SAMPLE_FILES = ['experiment_assignments.csv', 'orders.ndjson', 'customers.csv', 'events.parquet'];

export async function createWorkbench(opts: WorkbenchOptions): Promise<Workbench> {
  await fs.mkdir(opts.workspaceDir, { recursive: true });
  const store = new Store(path.join(opts.workspaceDir, 'workspace.sqlite'), undefined, currentUser());
  const engine = new DuckDbEngine({
    databasePath: opts.inMemoryEngine ? ':memory:' : path.join(opts.workspaceDir, 'workspace.duckdb'),
    workerFile: opts.workerFile,
    threads: opts.threads,
    memoryLimit: opts.memoryLimit,
  });
  const jobs = new Jobs();
  const datasets = new DatasetsService({
    engine,
    store,
    jobs,
    cacheDir: path.join(opts.workspaceDir, 'cache'),
    importDir: path.join(opts.workspaceDir, 'imports'),
  });
  const explore = new ExploreService(engine);
  const experiments = new ExperimentService(engine, jobs);
  const savedExperiments = new SavedExperiments(store, path.join(opts.workspaceDir, 'exports'));
  const ml = new MlWorkerClient(opts.mlWorkerFile ?? defaultMlWorker(opts.workerFile));
  const models = new ModelsService({ engine, store, modelDir: path.join(opts.workspaceDir, 'models'), ml });
  const queries = new QueryService({ engine, store, exportDir: path.join(opts.workspaceDir, 'exports') });
  await datasets.reconcile();

  const handlers: Handlers = {
    'app.info': async () => ({
      workspace: opts.workspaceDir,
      version: opts.version ?? '0.0.0',
      sampleDataDir: opts.sampleDataDir,
      datasetCount: datasets.list().length,
    }),
    'files.list': async ({ dir }) => listDir(dir ?? opts.sampleDataDir),
    'datasets.list': async () => datasets.list(),
    'datasets.preview': async ({ path: p, options }) => datasets.preview(p, options),
    'datasets.open': async (req) => datasets.open(req),
    'datasets.remove': async ({ id }) => {
      explore.forget(id);
      return { removed: await datasets.remove(id) };
    },
    'jobs.status': async ({ id }) => jobs.status(id),
    'jobs.cancel': async ({ id }) => jobs.cancel(id),
    'explore.page': async ({ datasetId, ...rest }) => explore.page({ dataset: datasets.get(datasetId), ...rest }),
    'explore.profile': async ({ datasetId }) => explore.profile(datasets.get(datasetId)),
    'query.run': async ({ sql, limit, runId }) => queries.run(sql, limit, runId),
    'query.cancel': async ({ runId }) => ({ cancelled: await queries.cancel(runId) }),
    'query.history': async () => store.history(),
    'query.saved': async () => store.savedQueries(),
    'query.save': async ({ name, sql }) => store.saveQuery(name, sql),
    'query.deleteSaved': async ({ id }) => ({ removed: store.deleteSavedQuery(id) }),
    'export.result': async ({ sql, format, path: p }) => queries.export(sql, format, p),
    'experiments.analyze': async ({ datasetId, ...spec }) => experiments.analyze(datasets.get(datasetId), { datasetId, ...spec }),
    'experiments.analyzeJob': async ({ datasetId, ...spec }) => experiments.start(datasets.get(datasetId), { datasetId, ...spec }),
    'experiments.result': async ({ jobId }) => experiments.result(jobId),
    'experiments.list': async () => savedExperiments.list(),
    'experiments.save': async (req) => savedExperiments.save(req),
    'experiments.duplicate': async ({ id }) => savedExperiments.duplicate(id),
    'experiments.delete': async ({ id }) => ({ removed: savedExperiments.delete(id) }),
    'experiments.export': async ({ id, format, path: p }) => savedExperiments.export(id, format, p),
    'models.list': async () => models.list(),
    'models.algorithms': async () => ALGORITHMS,
    'models.train': async ({ datasetId, ...req }) => models.trainLogistic(datasets.get(datasetId), req),
    'models.cluster': async ({ datasetId, ...req }) => models.cluster(datasets.get(datasetId), req),
    'models.score': async ({ datasetId, model, features, inputs, table }) =>
      models.score(datasets.get(datasetId), models.modelFile(model), features ?? [], table, undefined, inputs ?? {}),
    'models.evaluate': async ({ datasetId, model, ...req }) => models.evaluate(datasets.get(datasetId), models.modelFile(model), req),
    'models.inspect': async ({ path: file }) => inspectOnnx(await readModelFile(file), file),
    'models.clv': async ({ datasetId, ...req }) => models.clv(datasets.get(datasetId), req),
    'audit.list': async ({ limit }) => store.auditLog(limit),
  };

  return {
    handlers,
    datasets,
    explore,
    experiments,
    savedExperiments,
    models,
    queries,
    store,
    engine,
    jobs,
    invoke: (method, request) => invoke(handlers, method, request),
    async openSampleDataOnFirstRun() {
      if (store.getSetting('sampleOffered', false)) return;
      store.setSetting('sampleOffered', true);
      for (const f of SAMPLE_FILES) {
        const file = path.join(opts.sampleDataDir, f);
        await datasets.openAndWait({ path: file }).catch(() => undefined); // a missing sample file is not fatal
      }
    },
    async close() {
      await ml.close();
      await engine.close();
      store.close();
    },
  };
}

/** The one entry both hosts call: validate the request, run the handler, wrap the outcome. */
export async function invoke(handlers: Handlers, method: string, request: unknown): Promise<Result<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: ErrorCode.NotFound, message: `Unknown method "${method}".` } };
  const parsed = contract[method].request.safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    return {
      ok: false,
      error: {
        code: ErrorCode.InvalidArgument,
        message: `${method}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid request'}`,
        field,
      },
    };
  }
  try {
    const handler = handlers[method] as (req: unknown) => Promise<ResponseOf<Method>>;
    return ok(await handler(parsed.data));
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch {
    throw new WorkbenchError(ErrorCode.NotFound, `${file}: cannot read this model file.`, { field: 'path' });
  }
}

async function listDir(dir: string) {
  const abs = path.resolve(dir.replace(/^~(?=$|\/)/, os.homedir()));
  let entries;
  try {
    entries = await fs.readdir(abs, { withFileTypes: true });
  } catch {
    throw new WorkbenchError(ErrorCode.NotFound, `${abs}: cannot open this folder.`, { field: 'dir' });
  }
  const out = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map(async (e) => {
        const full = path.join(abs, e.name);
        const isDir = e.isDirectory();
        const size = isDir
          ? 0
          : await fs
              .stat(full)
              .then((s) => s.size)
              .catch(() => 0);
        return { name: e.name, path: full, kind: (isDir ? 'dir' : 'file') as 'dir' | 'file', size };
      }),
  );
  out.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = path.dirname(abs);
  return { dir: abs, parent: parent === abs ? null : parent, entries: out };
}

/** Who the audit log names: the operating-system account running the app. */
function currentUser(): string {
  try {
    return os.userInfo().username || 'local user';
  } catch {
    return 'local user';
  }
}

function defaultMlWorker(duckdbWorker: string): string {
  return duckdbWorker.endsWith('.ts')
    ? path.join(path.dirname(path.dirname(duckdbWorker)), 'models', 'ml-worker.ts')
    : path.join(path.dirname(duckdbWorker), 'ml-worker.js');
}
