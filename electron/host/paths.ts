import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where things are when running from the build output (out/main/*.js). */
export function appPaths(builtDir: string) {
  const root = path.resolve(builtDir, '..', '..');
  return {
    root,
    workerFile: path.join(builtDir, 'duckdb-worker.js'),
    rendererDir: path.join(root, 'out', 'renderer'),
    sampleDataDir: path.join(root, 'sample-data'),
    preload: path.join(root, 'out', 'preload', 'index.js'),
    version: readVersion(root),
  };
}

export function defaultWorkspaceDir(): string {
  return process.env.WORKBENCH_WORKSPACE ?? path.join(os.homedir(), '.analyst-workbench', 'default');
}

function readVersion(root: string): string {
  const pkg = path.join(root, 'package.json');
  if (!existsSync(pkg)) return '0.0.0';
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '0.0.0';
}
