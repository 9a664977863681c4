/**
 * Worker side of the SQL editor: the user's statements run one by one on a connection opened for the run (so USE,
 * SET and the search path end with it), extension installs are refused, the workspace database cannot be detached,
 * and a statement that changes a catalog view is rolled back.
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBResult } from '@duckdb/node-api';
import { messageOf } from '../../../shared/api/result';
import { quoteIdent, quoteString } from '../../../shared/sql';
import type { EditorSql, SqlParam } from './engine';

/** Statements that cannot create, replace, rename or drop a view; every other kind is checked against the catalog's views. */
const LEAVES_VIEWS_ALONE = new Set<StatementType>([
  StatementType.SELECT,
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.MERGE_INTO,
  StatementType.EXPLAIN,
  StatementType.PREPARE,
  StatementType.COPY,
  StatementType.ANALYZE,
  StatementType.SET,
  StatementType.VARIABLE_SET,
  StatementType.ATTACH,
  StatementType.TRANSACTION,
  StatementType.VACUUM,
  StatementType.CALL,
  StatementType.EXPORT,
]);
const EXTENSION_STATEMENTS = new Set<StatementType>([StatementType.LOAD, StatementType.UPDATE_EXTENSIONS]);

export const EXTENSIONS_REFUSED =
  'The SQL editor does not install, load or update DuckDB extensions: the workbench works offline, with parquet, json and icu built in.';
export const SETTINGS_LOCKED =
  "The SQL editor cannot change DuckDB's settings: the workbench locks them at start, so that SQL typed here cannot cut the datasets off their files, reach the network or install extensions.";

/**
 * Runs every statement of `sql` on `conn` (a connection of this run only) and returns the last one's result, streamed
 * unless that statement is checked against the catalog's views. `database` is the workspace database's name.
 */
export async function runEditorSql(
  conn: DuckDBConnection,
  sql: string,
  params: SqlParam[] | undefined,
  editor: EditorSql,
  database: string,
): Promise<DuckDBResult> {
  try {
    const statements = await conn.extractStatements(sql);
    for (let i = 0; ; i++) {
      const prepared = await statements.prepare(i);
      try {
        const last = i === statements.count - 1;
        if (last && params) prepared.bind(params);
        const type = prepared.statementType;
        const where = statements.count > 1 ? ` (statement ${i + 1} of ${statements.count})` : '';
        if (EXTENSION_STATEMENTS.has(type)) throw new Error(EXTENSIONS_REFUSED + where);
        let result: DuckDBResult;
        if (type === StatementType.DETACH) result = await detachKeepingWorkspace(conn, prepared, database);
        else if (LEAVES_VIEWS_ALONE.has(type) || editor.protectedViews.length === 0)
          result = last ? await prepared.stream() : await prepared.run();
        else result = await runGuarded(conn, prepared, editor.protectedViews, database);
        if (last) return result;
      } finally {
        prepared.destroySync();
      }
    }
  } catch (err) {
    const message = messageOf(err);
    throw /the configuration has been locked/.test(message) ? new Error(`${message}\n${SETTINGS_LOCKED}`, { cause: err }) : err;
  }
}

/** DETACH with the workspace as the connection's default, so DuckDB refuses to detach it; the user's USE comes back after. */
async function detachKeepingWorkspace(conn: DuckDBConnection, prepared: DuckDBPreparedStatement, database: string): Promise<DuckDBResult> {
  const here = (await conn.runAndReadAll('SELECT current_database(), current_schema()')).getRows()[0] as [string, string];
  if (here[0] !== database) await conn.run(`USE ${quoteIdent(database)}`);
  try {
    return await prepared.run();
  } catch (err) {
    if (/because it is the default database/.test(messageOf(err)))
      throw new Error(`The SQL editor cannot detach the workspace database "${database}": it holds the datasets' views.`, {
        cause: err,
      });
    throw err;
  } finally {
    if (here[0] !== database) await conn.run(`USE ${quoteIdent(here[0])}.${quoteIdent(here[1])}`).catch(() => undefined);
  }
}

/** Runs one statement and undoes it (in a transaction of its own, or the user's open one) if it changed a catalog view. */
async function runGuarded(
  conn: DuckDBConnection,
  prepared: DuckDBPreparedStatement,
  views: string[],
  database: string,
): Promise<DuckDBResult> {
  const before = await viewDefinitions(conn, views, database);
  const userTransaction = await inTransaction(conn);
  if (!userTransaction) await conn.run('BEGIN TRANSACTION');
  let result: DuckDBResult;
  try {
    result = await prepared.run();
  } catch (err) {
    if (!userTransaction) await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  const after = await viewDefinitions(conn, views, database);
  const touched = views.filter((v) => before.get(v.toLowerCase()) !== after.get(v.toLowerCase()));
  if (touched.length === 0) {
    if (!userTransaction) await conn.run('COMMIT');
    return result;
  }
  await conn.run('ROLLBACK');
  const names = touched.map((v) => `"${v}" is the view of dataset "${v}"`).join('; ');
  throw new Error(
    `${names}: the SQL editor cannot create, replace, drop, rename or alter a dataset's view, so nothing was changed` +
      (userTransaction ? ' (your open transaction was rolled back)' : '') +
      `. Create a view of your own under another name, for example CREATE VIEW my_${touched[0]} AS SELECT * FROM ${quoteIdent(touched[0]!)}.`,
  );
}

/** Each statement outside a transaction gets a transaction id of its own; inside one, the id stays. */
async function inTransaction(conn: DuckDBConnection): Promise<boolean> {
  const id = async () => (await conn.runAndReadAll('SELECT txid_current()')).getRows()[0]![0];
  return (await id()) === (await id());
}

/** The SQL of the named views in the workspace's main schema, by lower-cased name (DuckDB names ignore case). */
async function viewDefinitions(conn: DuckDBConnection, views: string[], database: string): Promise<Map<string, string>> {
  const names = views.map((v) => quoteString(v.toLowerCase())).join(', ');
  const reader = await conn.runAndReadAll(
    `SELECT lower(view_name), sql FROM duckdb_views() WHERE database_name = ${quoteString(database)} AND schema_name = 'main' AND lower(view_name) IN (${names})` +
      ` UNION ALL SELECT lower(table_name), 'table' FROM duckdb_tables() WHERE database_name = ${quoteString(database)} AND schema_name = 'main' AND lower(table_name) IN (${names})`,
  );
  return new Map(reader.getRows().map((r) => [String(r[0]), String(r[1])]));
}
