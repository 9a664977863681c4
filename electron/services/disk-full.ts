import { readFileSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../../shared/api/limits';
import { ErrorCode, messageOf, WorkbenchError } from '../../shared/api/result';

/** How Node (ENOSPC), SQLite (SQLITE_FULL) and DuckDB ("No space left on device") say a disk is full. */
const DISK_FULL = /no space left on device|database or disk is full|\bENOSPC\b|\bSQLITE_FULL\b|disk quota exceeded|\bEDQUOT\b/i;

export function isDiskFull(err: unknown): boolean {
  if (err instanceof WorkbenchError && err.code === ErrorCode.DiskFull) return false; // already says so
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return true;
  return DISK_FULL.test(messageOf(err));
}

/** The mount point holding a folder (Linux /proc/mounts), or null where that cannot be read. */
export function mountPointOf(folder: string, mounts = readMounts()): string | null {
  const abs = path.resolve(folder);
  let best: string | null = null;
  for (const m of mounts) {
    const inside = abs === m || abs.startsWith(m.endsWith('/') ? m : `${m}/`);
    if (inside && (best === null || m.length > best.length)) best = m;
  }
  return best;
}

function readMounts(): string[] {
  try {
    // Fields are space-separated with spaces inside names written as \040.
    return readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' ') ?? '')
      .filter(Boolean);
  } catch {
    return [];
  }
}

function freeBytes(folder: string): number | null {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    try {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    } catch {
      if (path.dirname(dir) === dir) return null;
    }
  }
}

/** "The disk holding <folder> (mounted at /x, 0 B free) is full: …", with what the engine or the system said. */
export function diskFullMessage(folder: string, detail: string, where: { mount: string | null; free: number | null }): string {
  const facts = [where.mount && `mounted at ${where.mount}`, where.free !== null && `${formatBytes(where.free)} free`].filter(Boolean);
  return (
    `The disk holding ${folder}${facts.length ? ` (${facts.join(', ')})` : ''} is full: free some space there, or use a ` +
    `folder on another disk. (${detail.split('\n')[0]!.trim()})`
  );
}

/** A disk-full failure turned into an error naming the folder being written and its disk; anything else unchanged. */
export function explainDiskFull(err: unknown, folder: string): unknown {
  if (!isDiskFull(err)) return err;
  const message = diskFullMessage(folder, messageOf(err), { mount: mountPointOf(folder), free: freeBytes(folder) });
  return new WorkbenchError(ErrorCode.DiskFull, message);
}
