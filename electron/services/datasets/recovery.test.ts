import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let ws: string;
const open: Workbench[] = [];
const start = async (dir = ws) => {
  const wb = await testWorkbench(dir);
  open.push(wb);
  return wb;
};
const stop = async (wb: Workbench) => {
  open.splice(open.indexOf(wb), 1);
  await wb.close();
};
const csv = (name: string, rows: number) => {
  const p = path.join(tmp.dir, 'files', name);
  mkdirSync(path.dirname(p), { recursive: true });
  const lines = ['id,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},row ${i}`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};
const views = async (wb: Workbench) =>
  (await wb.engine.query(`SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1`)).data[0] ?? [];
const count = async (wb: Workbench, relation: string) => Number((await wb.engine.query(`SELECT count(*) FROM ${relation}`)).data[0]![0]);

beforeEach(() => {
  tmp = tempDir();
  ws = path.join(tmp.dir, 'ws');
});
afterEach(async () => {
  for (const wb of open.splice(0)) await wb.close();
  tmp.cleanup();
});

describe('recovery at start', () => {
  it('removes what a killed import left (a view and a Parquet with no catalog entry, .partial files) and says so', async () => {
    const wb = await start();
    const kept = await wb.datasets.openAndWait({ path: csv('kept.csv', 10), mode: 'import' });
    // What a kill between the rename and the catalog row left before loads recorded their intent.
    const imports = path.join(ws, 'imports');
    const orphan = path.join(imports, 'orphan-0123abcd.parquet');
    await wb.engine.exec(`COPY (SELECT 1 AS a) TO '${orphan}' (FORMAT parquet)`);
    await wb.engine.exec(`CREATE VIEW orphan AS SELECT * FROM read_parquet('${orphan}')`);
    writeFileSync(path.join(imports, 'big-89abcdef.parquet.partial'), Buffer.alloc(4096));
    // A view the analyst made in SQL is theirs: kept.
    await wb.engine.exec(`CREATE VIEW my_view AS SELECT 42 AS answer`);
    await stop(wb);

    const again = await start();
    expect(again.recovered.join('\n')).toMatch(/Removed 1 unfinished import file \(\.partial/);
    expect(again.recovered.join('\n')).toMatch(/Removed 1 import file no dataset uses/);
    expect(again.recovered.join('\n')).toMatch(/Dropped the view orphan/);
    expect(readdirSync(imports)).toEqual([path.basename(kept.dataPath)]);
    expect(await views(again)).toEqual([kept.relation, 'my_view']);
    expect(await count(again, kept.relation)).toBe(10);
    expect(again.store.auditLog().some((a) => a.action === 'workspace.repair')).toBe(true);
    const info = await again.invoke('app.info', {});
    expect(info.ok && (info.value as { recovered: string[] }).recovered).toEqual(again.recovered);
    await stop(again);

    // A clean stop leaves nothing to repair.
    expect((await start()).recovered).toEqual([]);
  });

  it('rolls back a load whose intent was recorded but which never finished', async () => {
    const wb = await start();
    const src = csv('half.csv', 5);
    const { jobId } = wb.datasets.open({ path: csv('slow.csv', 400_000), mode: 'import', name: 'slow' });
    // The pending row exists while the load runs, before its file and view: it is the intent the sweep undoes.
    let pendingSeen = false;
    while (wb.jobs.status(jobId).state === 'running' && !pendingSeen) {
      pendingSeen = Boolean(wb.store.db.prepare(`SELECT 1 FROM datasets WHERE state = 'pending' AND name = 'slow'`).get());
      await new Promise((r) => setTimeout(r, 2));
    }
    await wb.jobs.wait(jobId);
    expect(pendingSeen).toBe(true);
    await wb.datasets.openAndWait({ path: src, mode: 'import', name: 'half' });
    const d = wb.datasets.list().find((x) => x.name === 'half')!;
    // Pretend the process died before marking it done.
    wb.store.db.prepare(`UPDATE datasets SET state = 'pending' WHERE id = ?`).run(d.id);
    await stop(wb);

    const again = await start();
    expect(again.recovered.join('\n')).toMatch(/Rolled back the unfinished load of "half"/);
    expect(again.datasets.list().map((x) => x.name)).not.toContain('half');
    expect(existsSync(d.dataPath)).toBe(false);
    expect(await views(again)).not.toContain(d.relation);
    // The name is free again.
    expect((await again.datasets.openAndWait({ path: src, name: 'half' })).name).toBe('half');
  });

  it('re-creates catalog views that are missing or were replaced, and marks datasets whose source vanished', async () => {
    const wb = await start();
    const a = await wb.datasets.openAndWait({ path: csv('a.csv', 3) });
    const b = await wb.datasets.openAndWait({ path: csv('b.csv', 4) });
    const gone = await wb.datasets.openAndWait({ path: csv('gone.csv', 2) });
    await wb.engine.exec(`DROP VIEW ${a.relation}`);
    await wb.engine.exec(`CREATE OR REPLACE VIEW ${b.relation} AS SELECT 'replaced' AS x`);
    await stop(wb);
    rmSync(gone.sourcePath);

    const again = await start();
    const said = again.recovered.join('\n');
    expect(said).toMatch(new RegExp(`Re-created the view ${a.relation} .*it was missing`));
    expect(said).toMatch(new RegExp(`Re-created the view ${b.relation} .*it differed from the catalog`));
    expect(said).toMatch(/"gone": its source .*gone\.csv is gone/);
    expect(await count(again, a.relation)).toBe(3);
    expect(await count(again, b.relation)).toBe(4);
    expect(again.datasets.get(gone.id).missing).toMatch(/gone\.csv is gone/);
    await stop(again);
    // Said once; the mark stays until the file is back.
    const third = await start();
    expect(third.recovered).toEqual([]);
    expect(third.datasets.get(gone.id).missing).toBeDefined();
  });

  it('a stop during an import (SIGTERM) cancels it and leaves no .partial file', async () => {
    const wb = await start();
    const big = csv('big.csv', 1_500_000);
    wb.datasets.open({ path: big, mode: 'import', name: 'big' });
    const imports = path.join(ws, 'imports');
    const started = Date.now();
    while (!(existsSync(imports) && readdirSync(imports).some((f) => f.endsWith('.partial')))) {
      if (Date.now() - started > 20_000) throw new Error('the import never started writing');
      await new Promise((r) => setTimeout(r, 5));
    }
    await stop(wb);
    expect(readdirSync(imports)).toEqual([]);
  });
});

describe('a moved workspace', () => {
  it('keeps its imports: paths inside the workspace are stored relative to it', async () => {
    const wb = await start();
    const d = await wb.datasets.openAndWait({ path: csv('moved.csv', 7), mode: 'import', name: 'moved' });
    await stop(wb);
    const stored = new Database(path.join(ws, 'workspace.sqlite'), { readonly: true });
    expect(stored.prepare('SELECT data_path FROM datasets').pluck().get()).toBe(`imports/${path.basename(d.dataPath)}`);
    stored.close();

    const moved = path.join(tmp.dir, 'elsewhere', 'ws2');
    mkdirSync(path.dirname(moved));
    renameSync(ws, moved);
    const again = await start(moved);
    const after = again.datasets.get(d.id);
    expect(after.dataPath).toBe(path.join(moved, 'imports', path.basename(d.dataPath)));
    expect(await count(again, d.relation)).toBe(7);
  });

  it('upgrades rows written with absolute paths, also when the workspace moved before the upgrade', async () => {
    const wb = await start();
    const d = await wb.datasets.openAndWait({ path: csv('old.csv', 6), mode: 'import', name: 'old' });
    await stop(wb);
    // Write the row as the previous version did: absolute paths, no migration 3.
    const db = new Database(path.join(ws, 'workspace.sqlite'));
    db.exec(`CREATE TABLE old_datasets AS SELECT id, name, source_path, format, mode, options_json, columns_json, row_count,
      fingerprint, relation, loaded_at, data_path FROM datasets; DROP TABLE datasets; ALTER TABLE old_datasets RENAME TO datasets;
      DELETE FROM schema_migrations WHERE feature = 'datasets' AND version = 3;`);
    db.prepare('UPDATE datasets SET data_path = ?').run(d.dataPath);
    db.close();
    const moved = path.join(tmp.dir, 'ws-moved');
    renameSync(ws, moved);

    const again = await start(moved);
    expect(again.datasets.get(d.id).dataPath).toBe(path.join(moved, 'imports', path.basename(d.dataPath)));
    expect(await count(again, d.relation)).toBe(6);
    expect(again.recovered.join('\n')).toMatch(/it differed from the catalog/);
  });
});
