import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HandlersOf } from '../../../shared/api/contract';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { appContract } from '../../../shared/app/contract';
import type { ServiceDeps } from '../deps';

/** The settings key that remembers the first-launch welcome was closed. */
const WELCOME_DISMISSED = 'welcomeDismissed';

export function appHandlers(deps: ServiceDeps): HandlersOf<typeof appContract> {
  return {
    'app.info': async () => ({
      workspace: deps.workspaceDir,
      version: deps.version,
      sampleDataDir: deps.sampleDataDir,
      datasetCount: deps.datasets.list().length,
      welcomeDismissed: deps.store.getSetting(WELCOME_DISMISSED, false),
      recovered: deps.recovered,
    }),
    'app.dismissWelcome': async () => {
      deps.store.setSetting(WELCOME_DISMISSED, true);
      return { welcomeDismissed: true as const };
    },
    'files.list': async ({ dir }) => listDir(dir ?? deps.sampleDataDir),
    'jobs.start': async ({ method, request }) => deps.startJob(method, request ?? {}),
    'jobs.status': async ({ id }) => deps.jobs.status(id),
    'jobs.cancel': async ({ id }) => deps.jobs.cancel(id),
    'audit.list': async ({ limit }) => deps.store.auditLog(limit),
  };
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
