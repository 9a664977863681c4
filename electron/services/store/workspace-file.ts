/**
 * The workspace's SQLite file is checked before the app uses it: a damaged or emptied file is named, with what can
 * be done, and never silently replaced by an empty catalog. A copy of the file is kept after every clean start.
 */
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import { Store } from './store';

export const STATE_FILE = 'workspace.sqlite';
/** The last copy of the state file that passed the check at a start, kept beside it. */
export const LAST_GOOD_FILE = 'workspace.last-good.sqlite';

/** What to do with a damaged state file: put the last good copy back, or open it read-only to look. */
export const RECOVER_CHOICES = ['restore', 'read-only'] as const;
export type RecoverChoice = (typeof RECOVER_CHOICES)[number];

export interface OpenedStore {
  store: Store;
  readOnly: boolean;
  /** What was done to the file (a restore), one line each. */
  said: string[];
}

/** Checks workspace.sqlite (quick_check; an empty file where the workspace holds data) and opens it. */
export function openWorkspaceStore(
  workspaceDir: string,
  opts: { recover?: RecoverChoice; now?: () => Date; actor?: string } = {},
): OpenedStore {
  const file = path.join(workspaceDir, STATE_FILE);
  const said: string[] = [];
  if (opts.recover !== undefined && !RECOVER_CHOICES.includes(opts.recover))
    throw new WorkbenchError(ErrorCode.InvalidArgument, `recover: "${String(opts.recover)}" is not one of ${RECOVER_CHOICES.join(', ')}.`);
  if (opts.recover === 'restore') said.push(restoreLastGood(workspaceDir, opts.now?.() ?? new Date()));
  const readOnly = opts.recover === 'read-only';
  const problem = checkStateFile(workspaceDir);
  if (problem && !readOnly) throw damaged(workspaceDir, problem);
  if (problem && /^is (empty|missing)/.test(problem)) throw damaged(workspaceDir, problem); // nothing to read
  const store = new Store(file, opts.now, opts.actor, { readOnly });
  if (readOnly) said.push(`${file} is open read-only${problem ? ` (${problem})` : ''}: nothing can be loaded, saved or removed.`);
  return { store, readOnly, said };
}

/** What is wrong with the state file, or null when it is sound (or does not exist yet: a new workspace). */
export function checkStateFile(workspaceDir: string): string | null {
  const file = path.join(workspaceDir, STATE_FILE);
  if (!existsSync(file)) return holdsData(workspaceDir) ? 'is missing, though the workspace holds views and imports' : null;
  if (statSync(file).size === 0) {
    return holdsData(workspaceDir) ? 'is empty (0 bytes), though the workspace holds views and imports' : null;
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(5)', { simple: false }) as Record<string, string>[];
    const lines = rows.map((r) => Object.values(r)[0]);
    return lines.length === 1 && lines[0] === 'ok' ? null : `is damaged: ${lines.join('; ').slice(0, 300)}`;
  } catch (err) {
    const corrupt = (err as { code?: string }).code === 'SQLITE_CORRUPT';
    return `${corrupt ? 'is damaged' : 'cannot be read'}: ${messageOf(err)}`;
  } finally {
    db?.close();
  }
}

/**
 * Keeps a copy of the state file as the last good one; written beside it, then renamed, so a crash keeps the old copy.
 * Best-effort: a copy that cannot be written (a full disk) keeps the previous one and never stops the start.
 */
export async function keepLastGood(store: Store): Promise<boolean> {
  const target = path.join(store.dir, LAST_GOOD_FILE);
  const partial = `${target}.partial`;
  try {
    await store.db.backup(partial);
    renameSync(partial, target);
    return true;
  } catch {
    rmSync(partial, { force: true });
    return false;
  }
}

/** The damaged file is kept aside (never deleted); the last good copy takes its place. */
function restoreLastGood(workspaceDir: string, now: Date): string {
  const file = path.join(workspaceDir, STATE_FILE);
  const good = path.join(workspaceDir, LAST_GOOD_FILE);
  if (!existsSync(good)) throw new WorkbenchError(ErrorCode.NotFound, `${good}: there is no last good copy to restore in this workspace.`);
  const aside = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  copyFileSync(good, file);
  return `Restored ${file} from the last good copy (taken ${statSync(good).mtime.toISOString()}); the damaged file is kept as ${aside}.`;
}

function holdsData(workspaceDir: string): boolean {
  const duck = path.join(workspaceDir, 'workspace.duckdb');
  const imports = path.join(workspaceDir, 'imports');
  return (existsSync(duck) && statSync(duck).size > 0) || (existsSync(imports) && readdirSync(imports).length > 0);
}

function damaged(workspaceDir: string, problem: string): WorkbenchError {
  const file = path.join(workspaceDir, STATE_FILE);
  const good = path.join(workspaceDir, LAST_GOOD_FILE);
  const restore = existsSync(good)
    ? `restore the last good copy (${good}, taken ${statSync(good).mtime.toISOString()}) with --recover restore`
    : 'no good copy of it was kept yet, so it cannot be restored';
  return new WorkbenchError(
    ErrorCode.WorkspaceDamaged,
    `${file} ${problem}. Nothing was changed. You can ${restore}; open it read-only with --recover read-only; ` +
      `or start a new workspace beside it with --workspace ${workspaceDir}-new.`,
  );
}
