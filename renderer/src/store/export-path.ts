/** Where an export is proposed to go, in the host's own path style (the window does not know its OS). */

const separatorOf = (p: string) => (p.includes('\\') && !p.includes('/') ? '\\' : '/');

/** The folder a path is in ("/a/b/c.csv" → "/a/b"). */
export function parentDir(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i <= 0 ? p.slice(0, i + 1) || p : p.slice(0, i);
}

/** `fileName` in the folder of the last export if there was one, else in the workspace's exports/ folder. */
export function suggestExportPath(workspace: string, lastDir: string | null, fileName: string): string {
  const dir = lastDir || `${workspace.replace(/[\\/]+$/, '')}${separatorOf(workspace)}exports`;
  const sep = separatorOf(dir);
  return `${dir.replace(/[\\/]+$/, '')}${sep}${fileName}`;
}

/** A name for a file: the title's words, safe on every file system. */
export function fileNameOf(title: string, extension: string): string {
  const base =
    title
      .replace(/[^\w.-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'export';
  return `${base}.${extension}`;
}
