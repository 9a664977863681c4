import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { isGlob, matchesGlob } from '../datasets/detect';

export interface ExportGuard {
  /** The workspace folder: only its exports/ folder takes exports. */
  workspaceDir: string;
  exportDir: string;
  /** What the catalog reads: each dataset's name and source (a file, or a pattern over a folder). */
  loadedSources: () => { name: string; sourcePath: string }[];
}

/** The workspace's own files, named in the refusal (anything else in the folder is still the app's). */
const WORKSPACE_FILES: Record<string, string> = {
  'workspace.sqlite': "the app's state (catalog, history, models)",
  'workspace.duckdb': "DuckDB's database of dataset views",
  'workspace.last-good.sqlite': "the last good copy of the app's state",
  imports: 'the imported datasets',
  models: 'the registered models',
  cache: 'scratch files',
};

/** The path with symlinks resolved as far as it exists, so a link cannot hide a protected file. */
async function realTarget(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(await realTarget(parent), path.basename(file));
  }
}

const inside = (dir: string, file: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Refuses an export onto a file the user loaded or onto the workspace's own files, naming the file and why. */
export async function checkExportTarget(file: string, guard: ExportGuard): Promise<void> {
  const target = await realTarget(path.resolve(file));
  const refuse = (why: string) => {
    throw new WorkbenchError(ErrorCode.InvalidArgument, `path: ${file} ${why}; choose another path.`, { field: 'path' });
  };
  for (const { name, sourcePath } of guard.loadedSources()) {
    const pattern = isGlob(sourcePath) && !(await exists(sourcePath));
    const hit = pattern ? matchesGlob(sourcePath, target) : target === (await realTarget(sourcePath));
    if (hit)
      refuse(
        `is ${pattern ? `read by dataset "${name}" (${sourcePath})` : `the source of dataset "${name}"`}, and loaded files are never modified`,
      );
  }
  const workspace = await realTarget(path.resolve(guard.workspaceDir));
  if (inside(workspace, target) && !inside(await realTarget(path.resolve(guard.exportDir)), target)) {
    const top = path.relative(workspace, target).split(path.sep)[0] ?? '';
    const base = top.replace(/-(wal|shm|journal)$|\.wal$/, '');
    const what = WORKSPACE_FILES[base] ? `${top}: ${WORKSPACE_FILES[base]}` : "the app's own files";
    refuse(`is inside the workspace folder ${guard.workspaceDir} (${what}); exports go to its exports/ folder or to a folder of your own`);
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
