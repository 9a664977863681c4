/**
 * Writes the sample company's data: `npm run sample-data` (the committed small set) or
 * `npm run sample-data -- --customers 200000 --out /tmp/big` for larger ones. Same seed, same files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { csvField } from '../shared/page';
import { generateCompany } from './sample-data/company';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(__dirname, '..', 'sample-data') },
    customers: { type: 'string', default: '12000' },
    seed: { type: 'string', default: '20261122' },
  },
});

function toCsv(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvField(r[c])).join(','))].join('\n') + '\n';
}

function toNdjson(rows: Record<string, unknown>[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

async function main(): Promise<void> {
  const out = path.resolve(values.out!);
  const company = generateCompany(Number(values.seed), Number(values.customers));
  mkdirSync(out, { recursive: true });
  const tmp = path.join(out, '.events.csv');
  writeFileSync(path.join(out, 'customers.csv'), toCsv(company.customers));
  writeFileSync(path.join(out, 'experiment_assignments.csv'), toCsv(company.assignments));
  writeFileSync(path.join(out, 'orders.ndjson'), toNdjson(company.orders));
  writeFileSync(tmp, toCsv(company.events));

  // One thread keeps Parquet output byte-for-byte repeatable.
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await db.connect();
  const q = (s: string) => s.replace(/'/g, "''");
  await con.run(`CREATE TABLE events AS SELECT * FROM read_csv('${q(tmp)}', header = true,
    columns = {'event_id': 'VARCHAR', 'session_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'event_ts': 'TIMESTAMP',
               'event_type': 'VARCHAR', 'device': 'VARCHAR', 'channel': 'VARCHAR', 'page': 'VARCHAR',
               'product_category': 'VARCHAR', 'revenue': 'DOUBLE'})`);
  await con.run(
    `COPY (SELECT * FROM events ORDER BY event_ts, event_id) TO '${q(path.join(out, 'events.parquet'))}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  const exportDir = path.join(out, 'warehouse_export', 'events');
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(path.dirname(exportDir), { recursive: true });
  // A Snowflake/BigQuery-style unload: one folder per month (hive partitions), several part files.
  await con.run(`COPY (SELECT *, strftime(event_ts, '%Y-%m') AS event_month FROM events ORDER BY event_ts, event_id)
    TO '${q(exportDir)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_month), FILENAME_PATTERN 'part_{i}')`);
  rmSync(tmp);
  con.closeSync();
  db.closeSync();

  await writeTargetsWorkbook(path.join(out, 'monthly_targets.xlsx'));
  console.log(
    `Wrote ${company.customers.length} customers, ${company.events.length} events, ${company.orders.length} orders, ` +
      `${company.assignments.length} experiment assignments to ${out}`,
  );
}

/** A small planning workbook with two sheets, as finance teams share them. */
async function writeTargetsWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
  const targets = wb.addWorksheet('Targets');
  targets.addRow(['month', 'country', 'revenue_target', 'orders_target']);
  const countries = ['DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'SE', 'GB', 'IE'];
  for (let m = 0; m < 22; m++) {
    const month = new Date(Date.UTC(2025, m, 1));
    countries.forEach((c, i) => targets.addRow([month, c, 20000 + 1500 * i + 400 * m, 300 + 20 * i + 6 * m]));
  }
  const notes = wb.addWorksheet('Notes');
  notes.addRow(['topic', 'note']);
  notes.addRow(['source', 'Finance planning, revised quarterly']);
  notes.addRow(['currency', 'EUR']);
  await wb.xlsx.writeFile(file);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
