import path from 'node:path';

/**
 * Paths of files inside the workspace are stored relative to it (with `/`), so a workspace folder that is
 * moved or copied keeps working; paths outside it stay absolute. Both directions are pure.
 */
export function toStoredPath(workspaceDir: string, p: string): string {
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(path.resolve(workspaceDir), p);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return p;
  return rel.split(path.sep).join('/');
}

/** The absolute path of a stored path: a relative one is resolved against the workspace folder as it is now. */
export function fromStoredPath(workspaceDir: string, stored: string): string {
  return !stored || path.isAbsolute(stored) ? stored : path.resolve(workspaceDir, ...stored.split('/'));
}
