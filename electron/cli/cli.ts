/** `workbench`: the headless command line over the same services as the app. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type appPaths } from '../host/paths';
import { createWorkbench, type Workbench } from '../services/workbench';
import { csvOf, describeDataset, rowsOf } from './format';

export const USAGE = `usage:
  workbench load <path> [--json] [--format csv|parquet|json|xlsx] [--sheet NAME] [--delimiter D]
  workbench query "<sql>" --data <path> [--data <path>...] [--format csv|json] [--limit N]`;

export class UsageError extends Error {}

export async function runCli(
  argv: string[],
  out: (s: string) => void,
  paths: Pick<ReturnType<typeof appPaths>, 'workerFile' | 'sampleDataDir'>,
): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE + '\n');
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      format: { type: 'string' },
      sheet: { type: 'string' },
      delimiter: { type: 'string' },
      data: { type: 'string', multiple: true },
      limit: { type: 'string' },
    },
  });
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'workbench-cli-'));
  let wb: Workbench | null = null;
  try {
    wb = await createWorkbench({
      workspaceDir: workspace,
      workerFile: paths.workerFile,
      sampleDataDir: paths.sampleDataDir,
      inMemoryEngine: true,
    });
    if (command === 'load') {
      const file = positionals[0];
      if (!file) throw new UsageError('load needs a path.');
      const format = values.format as 'csv' | 'parquet' | 'json' | 'xlsx' | undefined;
      if (format && !['csv', 'parquet', 'json', 'xlsx'].includes(format)) throw new UsageError(`unknown format "${format}".`);
      const d = await wb.datasets.openAndWait({
        path: file,
        options: { format, sheet: values.sheet, csv: values.delimiter ? { delimiter: values.delimiter } : undefined },
      });
      if (values.json) {
        out(JSON.stringify({ name: d.name, format: d.format, source: d.sourcePath, rows: d.rowCount, columns: d.columns }, null, 2) + '\n');
      } else out(describeDataset(d) + '\n');
    } else if (command === 'query') {
      const sql = positionals[0];
      if (!sql) throw new UsageError('query needs SQL text.');
      for (const file of values.data ?? []) await wb.datasets.openAndWait({ path: file });
      const fmt = values.format ?? 'csv';
      if (fmt !== 'csv' && fmt !== 'json') throw new UsageError(`--format must be csv or json, not "${fmt}".`);
      const limit = values.limit ? Number(values.limit) : 1_000_000;
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number.');
      const r = await wb.queries.run(sql, limit);
      out(fmt === 'json' ? JSON.stringify(rowsOf(r.page)) + '\n' : csvOf(r.page));
    } else {
      throw new UsageError(`unknown command "${command}".`);
    }
  } finally {
    await wb?.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}
