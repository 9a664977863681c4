import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/types';
import { SAMPLE_DIR, tempDir, testWorkbench, useWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

const t = useWorkbench();
const run = (sql: string) => t.wb.invoke('query.run', { sql });
const customers = path.join(SAMPLE_DIR, 'customers.csv');
let loads = 0;
/** Loads the sample customers under a new name, through the app's own connections. */
const load = () => t.wb.datasets.openAndWait({ path: customers, name: `customers_${++loads}` });
/** The database the app's own connections create views in and read from. */
const appDatabase = async (wb: Workbench = t.wb) => (await wb.engine.query('SELECT current_database()')).data[0]![0];
/** A result's columns (a page holds its data column by column), or the error's message. */
const columns = (r: Awaited<ReturnType<typeof run>>) => (r.ok ? (r.value as QueryResult).page.data : r.error.message);

describe('SQL typed in the editor cannot change the workspace', () => {
  it('cannot switch off file access for the app: settings are locked, and the error says so', async () => {
    const r = await run('SET enable_external_access=false');
    expect(r).toMatchObject({ ok: false, error: { code: 'QUERY_FAILED' } });
    expect(!r.ok && r.error.message).toMatch(/locked.*The SQL editor cannot change DuckDB's settings/s);
    const d = await load();
    expect(columns(await run(`SELECT count(*) AS n FROM ${d.relation}`))).toEqual([[d.rowCount]]);
  });

  it("keeps ATTACH … ; USE out of the app's connections: the next dataset's view stays in the workspace", async () => {
    const before = await appDatabase();
    const attach = `ATTACH '${path.join(t.dir, 'a3.duckdb')}' AS a3; USE a3`;
    expect(await run(attach)).toMatchObject({ ok: true });
    expect(await appDatabase()).toBe(before);
    const d = await load();
    const where = await t.wb.engine.query(`SELECT database_name FROM duckdb_views() WHERE view_name = '${d.relation}'`);
    expect(where.data[0]).toEqual([before]);
    // Each editor run starts on the workspace again; the attached database stays reachable by its name.
    expect(columns(await run('SELECT current_database()'))).toEqual([[before]]);
    expect(await run('USE a3; CREATE TABLE t AS SELECT 1 AS x; SELECT * FROM a3.t')).toMatchObject({ ok: true });
  });

  it('keeps a USE inside a paged result (query.open) out of the app as well', async () => {
    const before = await appDatabase();
    const opened = await t.wb.invoke('query.open', { sql: `ATTACH '${path.join(t.dir, 'a4.duckdb')}' AS a4; USE a4; SELECT 1 AS one` });
    const cursorId = opened.ok ? (opened.value as { cursorId: string }).cursorId : '';
    expect(await t.wb.invoke('query.next', { cursorId })).toMatchObject({ ok: true, value: { page: { data: [[1]] } } });
    expect(await t.wb.invoke('query.next', { cursorId })).toMatchObject({ ok: true, value: { page: null } });
    expect(await appDatabase()).toBe(before);
  });

  it('keeps statements smuggled into an export (a closing parenthesis) out of the app', async () => {
    const before = await appDatabase();
    const side = path.join(t.dir, 'side.csv');
    const sql = `SELECT 1 AS a) TO '${side}' (FORMAT csv); ATTACH '${path.join(t.dir, 'a5.duckdb')}' AS a5; USE a5; COPY (SELECT 1 AS a`;
    await t.wb.invoke('export.result', { sql, format: 'csv', path: path.join(t.dir, 'out.csv') });
    expect(await appDatabase()).toBe(before);
  });

  it('cannot detach the workspace database', async () => {
    const d = await load();
    const r = await run(`ATTACH '${path.join(t.dir, 'a6.duckdb')}' AS a6; USE a6; DETACH ${await appDatabase()}`);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('cannot detach the workspace database') } });
    expect(columns(await run(`SELECT count(*) AS n FROM ${d.relation}`))).toEqual([[d.rowCount]]);
    expect(await run('DETACH a6')).toMatchObject({ ok: true });
  });

  it('cannot install or load extensions, and never reaches the network for them', async () => {
    const locked = await run('SET autoinstall_known_extensions=true; INSTALL httpfs');
    expect(!locked.ok && locked.error.message).toMatch(/autoinstall_known_extensions.*locked/s);
    for (const sql of ['INSTALL httpfs', 'FORCE INSTALL httpfs FROM core', 'LOAD httpfs', 'UPDATE EXTENSIONS']) {
      const r = await run(sql);
      expect(r, sql).toMatchObject({ ok: false, error: { code: 'QUERY_FAILED' } });
      expect(!r.ok && r.error.message, sql).toMatch(/^The SQL editor does not install, load or update DuckDB extensions/);
    }
    const settings = await run(
      `SELECT name, value FROM duckdb_settings() WHERE name IN ('autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration') ORDER BY name`,
    );
    expect(columns(settings)).toEqual([
      ['autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration'],
      ['false', 'false', 'true'],
    ]);
  });
});

describe("the catalog's views are protected from editor DDL", () => {
  const refused = (name: string) => new RegExp(`"${name}" is the view of dataset "${name}".*nothing was changed`, 's');

  it('refuses CREATE OR REPLACE, DROP, ALTER and RENAME of a dataset view, naming it, and keeps the data', async () => {
    const d = await load();
    const name = d.relation;
    for (const sql of [
      `CREATE OR REPLACE VIEW ${name} AS SELECT 1 AS x`,
      `CREATE OR REPLACE VIEW ${name.toUpperCase()} AS SELECT 1 AS x`,
      `DROP VIEW ${name}`,
      `ALTER VIEW ${name} RENAME TO gone`,
      `CREATE VIEW mine AS SELECT 1 AS x; DROP VIEW ${name}; CREATE TABLE ${name} AS SELECT 1 AS x`,
    ]) {
      const r = await run(sql);
      expect(r, sql).toMatchObject({ ok: false, error: { code: 'QUERY_FAILED' } });
      expect(!r.ok && r.error.message, sql).toMatch(refused(name));
    }
    expect(columns(await run(`SELECT count(*) AS n FROM ${name}`))).toEqual([[d.rowCount]]);
    // The statements before the refused one ran, as in any script; the user's own views are theirs to change.
    expect(await run('CREATE OR REPLACE VIEW mine AS SELECT 2 AS x; DROP VIEW mine')).toMatchObject({ ok: true });
  });

  it('rolls back an open transaction that touched a dataset view, and says so', async () => {
    const d = await load();
    const r = await run(`BEGIN; CREATE TABLE kept AS SELECT 1 AS x; CREATE OR REPLACE VIEW ${d.relation} AS SELECT 1 AS x`);
    expect(!r.ok && r.error.message).toMatch(/open transaction was rolled back/);
    expect(columns(await run(`SELECT count(*) AS n FROM ${d.relation}`))).toEqual([[d.rowCount]]);
    expect(await run('SELECT * FROM kept')).toMatchObject({ ok: false });
    // A transaction left open ends with its run, as the run's connection closes.
    expect(await run('BEGIN; CREATE TABLE left_open AS SELECT 1 AS x')).toMatchObject({ ok: true });
    expect(await run('SELECT * FROM left_open')).toMatchObject({ ok: false });
  });

  it('after a restart the grid still reads what the catalog describes', async () => {
    const tmp = tempDir();
    const ws = path.join(tmp.dir, 'ws');
    let wb = await testWorkbench(ws);
    try {
      const d = await wb.datasets.openAndWait({ path: customers, name: 'restarted' });
      await wb.invoke('query.run', { sql: `CREATE OR REPLACE VIEW ${d.relation} AS SELECT 1 AS x` });
      await wb.close();
      wb = await testWorkbench(ws);
      const page = await wb.engine.query(`SELECT * FROM ${d.relation} LIMIT 1`);
      expect(page.columns.map((c) => c.name)).toEqual(wb.datasets.get(d.id).columns.map((c) => c.name));
    } finally {
      await wb.close();
      tmp.cleanup();
    }
  });
});
