import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api/result';
import { tempDir, WORKER_SOURCE, SAMPLE_DIR } from '../test-support';
import { createWorkbench, type Workbench } from '../workbench';
import { LAST_GOOD_FILE, type RecoverChoice } from './workspace-file';

let tmp: ReturnType<typeof tempDir>;
let ws: string;
let stateFile: string;
const open: Workbench[] = [];
const start = async (recover?: RecoverChoice) => {
  const wb = await createWorkbench({ workspaceDir: ws, workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR, threads: 1, recover });
  open.push(wb);
  return wb;
};
const stopAll = async () => {
  for (const wb of open.splice(0)) await wb.close();
};
/** A workspace with one dataset, closed cleanly (so its last good copy is kept). */
const workspaceWithData = async () => {
  const csv = path.join(tmp.dir, 'people.csv');
  writeFileSync(csv, 'id,name\n1,ada\n2,bob\n');
  const wb = await start();
  await wb.datasets.openAndWait({ path: csv, mode: 'import', name: 'people' });
  await stopAll();
  // The next clean start keeps a copy that includes the dataset.
  await start();
  await stopAll();
};
const overwrite = (file: string, offset: number, bytes: Buffer) => {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
};
const failure = async (recover?: RecoverChoice) => {
  const err = await start(recover).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbenchError);
  return err as WorkbenchError;
};

beforeEach(() => {
  tmp = tempDir();
  ws = path.join(tmp.dir, 'ws');
  stateFile = path.join(ws, 'workspace.sqlite');
});
afterEach(async () => {
  await stopAll();
  tmp.cleanup();
});

describe('a damaged or emptied workspace.sqlite', () => {
  it('keeps a last good copy at each clean start', async () => {
    await workspaceWithData();
    const copy = new Database(path.join(ws, LAST_GOOD_FILE), { readonly: true });
    expect(copy.prepare('SELECT name FROM datasets').pluck().all()).toEqual(['people']);
    copy.close();
  });

  it('refuses a zero-length file over a workspace that holds data, naming it, and changes nothing', async () => {
    await workspaceWithData();
    writeFileSync(stateFile, '');
    const err = await failure();
    expect(err.code).toBe('WORKSPACE_DAMAGED');
    expect(err.message).toContain(`${stateFile} is empty (0 bytes)`);
    expect(err.message).toMatch(/--recover restore.*--recover read-only.*--workspace .*ws-new/);
    expect(statSync(stateFile).size).toBe(0);
  });

  it('refuses a file with random bytes in one page, naming it, instead of failing every call later', async () => {
    await workspaceWithData();
    const db = new Database(stateFile, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'datasets'`).pluck().get() as number;
    db.close();
    overwrite(stateFile, (root - 1) * pageSize, randomBytes(pageSize));
    const err = await failure();
    expect(err.message).toContain(`${stateFile} is damaged`);
  });

  it('refuses a file whose header is damaged, naming it', async () => {
    await workspaceWithData();
    overwrite(stateFile, 0, randomBytes(100));
    const err = await failure();
    expect(err.message).toContain(`${stateFile} cannot be read`);
  });

  it('restores the last good copy when asked, keeping the damaged file aside', async () => {
    await workspaceWithData();
    overwrite(stateFile, 0, randomBytes(100));
    const damaged = readFileSync(stateFile);
    const wb = await start('restore');
    expect(wb.datasets.list().map((d) => d.name)).toEqual(['people']);
    expect(Number((await wb.engine.query('SELECT count(*) FROM people')).data[0]![0])).toBe(2);
    expect(wb.recovered[0]).toMatch(/^Restored .*workspace\.sqlite from the last good copy .*kept as .*workspace\.sqlite\.damaged-/);
    const aside = readdirSync(ws).find((f) => f.startsWith('workspace.sqlite.damaged-'))!;
    expect(readFileSync(path.join(ws, aside)).equals(damaged)).toBe(true);
  });

  it('says there is nothing to restore when no copy was kept', async () => {
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'workspace.duckdb'), 'x');
    writeFileSync(stateFile, '');
    expect((await failure()).message).toMatch(/no good copy of it was kept yet/);
    expect((await failure('restore')).message).toMatch(/no last good copy to restore/);
  });

  it('opens a damaged file read-only to look: datasets listed, nothing written', async () => {
    await workspaceWithData();
    const db = new Database(stateFile, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'`).pluck().get() as number;
    db.close();
    overwrite(stateFile, (root - 1) * pageSize, randomBytes(pageSize));
    const before = readFileSync(stateFile);
    const wb = await start('read-only');
    expect(wb.datasets.list().map((d) => d.name)).toEqual(['people']);
    expect(wb.recovered.join('\n')).toMatch(/is open read-only \(is damaged/);
    const load = await wb.invoke('datasets.open', { path: path.join(tmp.dir, 'people.csv'), name: 'again' });
    expect(load.ok).toBe(true); // the job starts; it fails on the write
    await stopAll();
    expect(readFileSync(stateFile).equals(before)).toBe(true);
    expect(existsSync(`${stateFile}-wal`) && statSync(`${stateFile}-wal`).size > 0).toBe(false);
  });
});
