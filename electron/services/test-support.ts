/** Helpers for service tests: real engines on temp directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createWorkbench, type Workbench } from './workbench';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WORKER_SOURCE = path.join(here, 'engine', 'duckdb-worker.ts');
export const SAMPLE_DIR = path.resolve(here, '..', '..', 'sample-data');

export function tempDir(prefix = 'wb-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function testWorkbench(workspaceDir: string): Promise<Workbench> {
  return createWorkbench({ workspaceDir, workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR, threads: 2 });
}

/** A real workbench on a temp workspace for one test file: created before its tests, closed after. */
export function useWorkbench(): { readonly wb: Workbench; readonly dir: string } {
  const state = {} as { wb: Workbench; tmp: ReturnType<typeof tempDir> };
  beforeAll(async () => {
    state.tmp = tempDir();
    state.wb = await testWorkbench(path.join(state.tmp.dir, 'ws'));
  });
  afterAll(async () => {
    await state.wb.close();
    state.tmp.cleanup();
  });
  return {
    get wb() {
      return state.wb;
    },
    get dir() {
      return state.tmp.dir;
    },
  };
}
