/**
 * Recovery at start: what a crash (kill -9, power loss, SIGTERM mid-import) or a moved workspace left behind is
 * repaired before the first call, and each repair is said in one line. A load records its intent first (a
 * pending catalog row naming its view and import file), so whatever it wrote can be found and undone.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../../../shared/api/result';
import { quoteIdent } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import type { Catalog } from './catalog';
import { isGlob } from './detect';
import { viewQuery } from './source-sql';

export interface RecoveryDeps {
  engine: Engine;
  catalog: Catalog;
  /** The workspace's imports/ folder: every file in it belongs to a dataset, or to nobody. */
  importDir: string;
  /** Scratch space (Excel conversions): nothing in it outlives a run. */
  cacheDir: string;
}

export async function recoverWorkspace(deps: RecoveryDeps): Promise<string[]> {
  const said: string[] = [];
  const { engine, catalog } = deps;

  // 1. Loads that never finished: their view, import file and row go.
  for (const d of catalog.pending()) {
    await engine.exec(`DROP VIEW IF EXISTS ${quoteIdent(d.relation)}`).catch(() => undefined);
    if (d.mode === 'import' && isInside(deps.importDir, d.dataPath)) {
      for (const f of [d.dataPath, `${d.dataPath}.partial`]) await fs.rm(f, { force: true });
    }
    catalog.discard(d.id);
    said.push(`Rolled back the unfinished load of "${d.name}" (${d.sourcePath}); load it again if you need it.`);
  }

  // 2. Files in imports/ that no dataset reads: unfinished copies (.partial) and copies whose dataset was never recorded.
  const ready = catalog.list();
  const used = new Set(ready.filter((d) => d.mode === 'import').map((d) => path.resolve(d.dataPath)));
  const partials: FileInfo[] = [];
  const unused: FileInfo[] = [];
  for (const f of await filesIn(deps.importDir)) {
    if (f.file.endsWith('.partial')) partials.push(f);
    else if (!used.has(path.resolve(f.file))) unused.push(f);
  }
  for (const f of [...partials, ...unused]) await fs.rm(f.file, { force: true });
  if (partials.length)
    said.push(`Removed ${count(partials.length, 'unfinished import file')} (.partial, ${size(partials)}) in ${deps.importDir}.`);
  if (unused.length) said.push(`Removed ${count(unused.length, 'import file')} no dataset uses (${size(unused)}) in ${deps.importDir}.`);
  const scratch = await filesIn(deps.cacheDir);
  for (const f of scratch) await fs.rm(f.file, { force: true });
  if (scratch.length) said.push(`Removed ${count(scratch.length, 'scratch file')} left in ${deps.cacheDir}.`);

  // 3. Views: those over an import no dataset lists are dropped; catalog views missing or changed are created again.
  const views = await engine.query(
    `SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()`,
  );
  const viewSql = new Map<string, string>();
  (views.data[0] ?? []).forEach((name, i) => viewSql.set(String(name), String(views.data[1]?.[i] ?? '')));
  const tables = await engine.query(
    `SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()`,
  );
  const tableNames = new Set((tables.data[0] ?? []).map(String));
  const relations = new Set(ready.map((d) => d.relation));
  for (const [name, sql] of viewSql) {
    if (relations.has(name) || !readsAnImport(sql, deps.importDir)) continue;
    await engine.exec(`DROP VIEW IF EXISTS ${quoteIdent(name)}`);
    said.push(`Dropped the view ${name}: it read an import no dataset lists.`);
  }
  for (const d of ready) said.push(...(await repairDataset(deps, d, viewSql.get(d.relation), tableNames.has(d.relation))));
  return said;
}

/** One dataset: marked when its source is gone (cleared when it is back), its view created again when missing or changed. */
async function repairDataset(deps: RecoveryDeps, d: Dataset, current: string | undefined, isTable: boolean): Promise<string[]> {
  const gone = sourceGone(d.mode === 'import' ? d.dataPath : d.sourcePath);
  if (gone) {
    const message = `${d.mode === 'import' ? 'its imported copy' : 'its source'} ${gone} is gone`;
    if (d.missing === message) return []; // said at an earlier start
    deps.catalog.setMissing(d.id, message);
    return [`"${d.name}": ${message}; the dataset is kept and marked missing (load the file again, or remove the dataset).`];
  }
  const out: string[] = [];
  if (d.missing) {
    deps.catalog.setMissing(d.id, null);
    out.push(`"${d.name}": its source is back.`);
  }
  if (isTable) return [...out, `"${d.name}": a table named ${d.relation} stands where its view should be; rename or drop it.`];
  const want = viewQuery(d);
  if (current !== undefined && sameSource(queryOf(current), want)) return out;
  try {
    await deps.engine.exec(`CREATE OR REPLACE VIEW ${quoteIdent(d.relation)} AS ${want}`);
    out.push(
      `Re-created the view ${d.relation} of "${d.name}" (${current === undefined ? 'it was missing' : 'it differed from the catalog'}).`,
    );
  } catch (err) {
    out.push(`"${d.name}": its view could not be created again: ${messageOf(err).split('\n')[0]}`);
  }
  return out;
}

/** The query of a stored `CREATE [OR REPLACE] VIEW name AS …;` statement. */
function queryOf(createSql: string): string {
  const m = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(?:"(?:[^"]|"")*"|\S+)\s+AS\s+([\s\S]*?);?\s*$/i.exec(createSql);
  return m?.[1]?.trim() ?? createSql;
}

/**
 * True when a stored view query reads what the catalog says: the same table function over the same path. DuckDB
 * stores a view's SQL re-printed (`null_padding = true` comes back as a CAST), so the texts are not compared whole.
 */
function sameSource(stored: string, want: string): boolean {
  const head = /^SELECT \* FROM (\w+\('(?:[^']|'')*')[,)]/.exec(want)?.[1];
  const got = stored.replace(/\s+/g, ' ').trim();
  return head !== undefined && got.startsWith(`SELECT * FROM ${head}`) && /^[,)]/.test(got.slice(`SELECT * FROM ${head}`.length));
}

/** True when a view's SQL reads a Parquet file in this workspace's imports/ folder. */
function readsAnImport(sql: string, importDir: string): boolean {
  const quoted = [...sql.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
  return quoted.some((p) => isInside(importDir, p.replace(/\[(.)\]/g, '$1')));
}

/** The path that is gone, or null: a file or folder that no longer exists; for a pattern, the folder it starts from. */
function sourceGone(location: string): string | null {
  if (existsSync(location)) return null;
  if (!isGlob(location)) return location;
  const parts = location.split(/[\\/]/);
  const fixed =
    parts
      .slice(
        0,
        parts.findIndex((p) => isGlob(p)),
      )
      .join(path.sep) || path.sep;
  return existsSync(fixed) ? null : fixed;
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(p));
  return Boolean(rel) && !rel.startsWith('..') && !path.isAbsolute(rel);
}

interface FileInfo {
  file: string;
  bytes: number;
}

async function filesIn(dir: string): Promise<FileInfo[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(dir, e.name));
  return Promise.all(files.map(async (file) => ({ file, bytes: (await fs.stat(file).catch(() => ({ size: 0 }))).size })));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function size(files: FileInfo[]): string {
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
