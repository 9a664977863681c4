import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { directContext, type CallContext } from '../../shared/api/call-context';
import {
  contract,
  isJobMethod,
  isMethod,
  jobMethods,
  type Handlers,
  type JobResult,
  type Method,
  type ResponseOf,
} from '../../shared/api/contract';
import { ErrorCode, ok, toApiError, WorkbenchError, type Result } from '../../shared/api/result';
import { DatasetsService } from './datasets/datasets-service';
import { explainDiskFull } from './disk-full';
import { DuckDbEngine } from './engine/duckdb-engine';
import type { Engine } from './engine/engine';
import type { EngineLauncher } from './engine/transport';
import { ExperimentService } from './experiments/experiment-service';
import { SavedExperiments } from './experiments/saved-experiments';
import { ExploreService } from './explore/explore-service';
import { QueryService } from './explore/query-service';
import { Jobs } from './jobs';
import { MlWorkerClient } from './models/ml-client';
import { ModelsService } from './models/models-service';
import type { Store } from './store/store';
import { keepLastGood, openWorkspaceStore, type RecoverChoice } from './store/workspace-file';
import { appHandlers } from './app/handlers';
import { datasetsHandlers } from './datasets/handlers';
import type { ServiceDeps } from './deps';
import { experimentsHandlers } from './experiments/handlers';
import { exploreHandlers } from './explore/handlers';
import { journeysHandlers } from './journeys/handlers';
import { modelsHandlers } from './models/handlers';
import { segmentsHandlers } from './segments/handlers';

export interface WorkbenchOptions {
  /** A workspace is a folder holding workspace.sqlite (app state) and workspace.duckdb (tables and views). */
  workspaceDir: string;
  workerFile: string;
  /** How engine processes start; by default as child processes of `workerFile` (the desktop app asks its main process). */
  engineLauncher?: EngineLauncher;
  /** The model-fitting worker; defaults to ml-worker beside the DuckDB worker (built or source). */
  mlWorkerFile?: string;
  /** The Excel-converting worker; defaults to excel-worker beside the DuckDB worker (built or source). */
  excelWorkerFile?: string;
  /** The most cells one Excel sheet may have (default 50,000,000). */
  excelCellLimit?: number;
  sampleDataDir: string;
  version?: string;
  threads?: number;
  /** DuckDB's memory limit (for example "2GB"); default: half the machine's memory, at most 4 GiB. */
  memoryLimit?: string;
  /** In-memory DuckDB (command line); the catalog still lives in SQLite. */
  inMemoryEngine?: boolean;
  /** For a damaged workspace.sqlite: restore the last good copy, or open it read-only (see workspace-file.ts). */
  recover?: RecoverChoice;
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
  /** What was repaired when the workspace opened (after a crash or a move), one line each; empty after a clean stop. */
  recovered: string[];
  /** The contract's one entry; `ctx` carries progress (and cancel) for callers that follow slow work. */
  invoke(method: string, request: unknown, ctx?: CallContext): Promise<Result<unknown>>;
  /** Registers the sample datasets the first time a workspace opens. */
  openSampleDataOnFirstRun(): Promise<void>;
  close(): Promise<void>;
}

/** Loaded in this order; the catalog lists the newest first, so the events come out on top. */
export const SAMPLE_FILES = ['experiment_assignments.csv', 'orders.ndjson', 'customers.csv', 'events.parquet'];

export async function createWorkbench(opts: WorkbenchOptions): Promise<Workbench> {
  await fs.mkdir(opts.workspaceDir, { recursive: true });
  // A damaged or emptied state file stops here, named, with what can be done (workspace-file.ts).
  const opened = openWorkspaceStore(opts.workspaceDir, { recover: opts.recover, actor: currentUser() });
  const store = opened.store;
  const engine = new DuckDbEngine({
    databasePath: opts.inMemoryEngine ? ':memory:' : path.join(opts.workspaceDir, 'workspace.duckdb'),
    workerFile: opts.workerFile,
    launch: opts.engineLauncher,
    threads: opts.threads,
    memoryLimit: opts.memoryLimit,
  });
  const jobs = new Jobs();
  const datasets = new DatasetsService({
    engine,
    store,
    jobs,
    cacheDir: path.join(opts.workspaceDir, 'cache'),
    excelWorkerFile: opts.excelWorkerFile ?? siblingWorker(opts.workerFile, 'datasets', 'excel-worker'),
    excelCellLimit: opts.excelCellLimit,
    importDir: path.join(opts.workspaceDir, 'imports'),
  });
  const explore = new ExploreService(engine);
  const experiments = new ExperimentService(engine);
  const exportDir = path.join(opts.workspaceDir, 'exports');
  const guard = { workspaceDir: opts.workspaceDir, exportDir, loadedSources: () => datasets.list() };
  const savedExperiments = new SavedExperiments(store, exportDir, guard);
  const ml = new MlWorkerClient(opts.mlWorkerFile ?? siblingWorker(opts.workerFile, 'models', 'ml-worker'));
  const models = new ModelsService({ engine, store, modelDir: path.join(opts.workspaceDir, 'models'), ml });
  const queries = new QueryService({ engine, store, exportDir, guard, protectedViews: () => datasets.list().map((d) => d.relation) });
  // What a crash or a move left behind is repaired before the first call, and said (app.info, the command line, the log).
  // The engine must hold the workspace (no other copy of the app has it) before anything is swept.
  await engine.query('SELECT 1');
  const recovered = [...opened.said, ...(opened.readOnly ? [] : await datasets.recover())];
  if (opened.readOnly) await datasets.reconcile();
  else {
    try {
      for (const line of recovered) store.audit('workspace.repair', line);
    } catch {
      // The audit log is best-effort here (a full disk): the repairs are still said to the user.
    }
    // The state passed its check and the repairs are done: this is the copy a later damage can be restored from.
    await keepLastGood(store);
  }
  // A restarted engine (after a crash inside DuckDB) gets the dataset views again before any other call.
  engine.onRestart(() => datasets.reconcile());

  const deps: ServiceDeps = {
    workspaceDir: opts.workspaceDir,
    sampleDataDir: opts.sampleDataDir,
    version: opts.version ?? '0.0.0',
    store,
    engine,
    jobs,
    recovered,
    datasets,
    explore,
    queries,
    experiments,
    savedExperiments,
    models,
    startJob: (method, request) => startJob(handlers, jobs, method, request),
  };
  // The contract is the merge of the features' handler maps: a new feature adds one line here.
  const handlers: Handlers = {
    ...appHandlers(deps),
    ...datasetsHandlers(deps),
    ...exploreHandlers(deps),
    ...experimentsHandlers(deps),
    ...modelsHandlers(deps),
    ...journeysHandlers(deps),
    ...segmentsHandlers(deps),
  };

  let closing: Promise<void> | undefined;
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
    recovered,
    invoke: (method, request, ctx) => invoke(handlers, method, request, ctx, opts.workspaceDir),
    async openSampleDataOnFirstRun() {
      if (store.readOnly || store.getSetting('sampleOffered', false)) return;
      store.setSetting('sampleOffered', true);
      for (const f of SAMPLE_FILES) {
        const file = path.join(opts.sampleDataDir, f);
        // A sample file the command line already loaded here is not loaded twice.
        if (datasets.list().some((d) => path.resolve(d.sourcePath) === path.resolve(file))) continue;
        await datasets.openAndWait({ path: file }).catch(() => undefined); // a missing sample file is not fatal
      }
    },
    close() {
      // Once, however often it is asked (a signal handler and the command's own end may both close).
      closing ??= (async () => {
        // Running loads are cancelled and clean up after themselves (no .partial left by a SIGTERM).
        await jobs.cancelAll();
        await ml.close();
        await engine.close();
        store.close();
      })();
      return closing;
    },
  };
}

/** The one entry both hosts call: validate the request, run the handler, wrap the outcome. */
export async function invoke(
  handlers: Handlers,
  method: string,
  request: unknown,
  ctx: CallContext = directContext(),
  /** The workspace folder, named when a write fails because its disk is full. */
  workspaceDir?: string,
): Promise<Result<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: ErrorCode.NotFound, message: `Unknown method "${method}".` } };
  try {
    const req = validate(method, request);
    const handler = handlers[method] as (req: unknown, ctx: CallContext) => Promise<ResponseOf<Method>>;
    return ok(await handler(req, ctx));
  } catch (err) {
    return { ok: false, error: toApiError(workspaceDir ? explainDiskFull(err, workspaceDir) : err) };
  }
}

/** A request checked against its method's schema; a failure names the field. */
function validate(method: Method, request: unknown): unknown {
  const parsed = contract[method].request.safeParse(request ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  throw new WorkbenchError(ErrorCode.InvalidArgument, `${method}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid request'}`, {
    field,
  });
}

/** jobs.start: a slow method runs as a job; its status carries progress, and its result once done. */
async function startJob(handlers: Handlers, jobs: Jobs, method: string, request: unknown): Promise<{ jobId: string }> {
  if (!isJobMethod(method))
    throw new WorkbenchError(ErrorCode.InvalidArgument, `method: "${method}" does not run as a job; these do: ${jobMethods.join(', ')}.`, {
      field: 'method',
    });
  const req = validate(method, request);
  const handler = handlers[method] as (req: unknown, ctx: CallContext) => Promise<JobResult>;
  const job = jobs.start(method, `${method}…`, async (j) => {
    const result = await handler(req, {
      onProgress: (fraction, message) => j.progress(fraction, message),
      isCancelled: () => j.cancelled,
      onCancel: (fn) => j.onCancel(fn),
    });
    return { result, message: 'Done.' };
  });
  return { jobId: job.id };
}

/** Who the audit log names: the operating-system account running the app. */
function currentUser(): string {
  try {
    return os.userInfo().username || 'local user';
  } catch {
    return 'local user';
  }
}

/** A worker's file beside the DuckDB worker: in the built output all are side by side, in the sources each is in its feature folder. */
function siblingWorker(duckdbWorker: string, folder: string, name: string): string {
  return duckdbWorker.endsWith('.ts')
    ? path.join(path.dirname(path.dirname(duckdbWorker)), folder, `${name}.ts`)
    : path.join(path.dirname(duckdbWorker), `${name}.js`);
}
