/** load and query: files into the workspace, SQL out to standard output. */
import { csvHeader, csvRows, pageToRows } from '../../../shared/page';
import type { LoadOptions } from '../../../shared/types';
import { num, oneOf, str, UsageError, type Command, type CommandContext } from '../command';
import { describeDataset } from '../format';

const FORMATS = ['csv', 'parquet', 'json', 'xlsx'] as const;
const OUTPUT_FORMATS = ['csv', 'json'] as const;

export const load: Command = {
  name: 'load',
  usage:
    'load <path> [--json] [--import] [--format csv|parquet|json|xlsx] [--sheet NAME] [--delimiter D] [--union-by-name] [--workspace DIR]',
  positional: 'a path',
  options: {
    json: { type: 'boolean' },
    format: { type: 'string' },
    sheet: { type: 'string' },
    delimiter: { type: 'string' },
    'union-by-name': { type: 'boolean' },
    import: { type: 'boolean' },
  },
  runs: 'workspace',
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('load needs a path.');
    const { values } = ctx;
    const delimiter = str(values, 'delimiter');
    const options: LoadOptions = {
      format: oneOf('--format', str(values, 'format'), FORMATS),
      sheet: str(values, 'sheet'),
      csv: delimiter ? { delimiter } : undefined,
      unionByName: values['union-by-name'] === true ? true : undefined,
    };
    const mode = values.import === true ? 'import' : undefined;
    const { jobId } = await ctx.call('datasets.open', { path: file, options, ...(mode ? { mode } : {}) });
    const d = await followLoad(ctx, jobId);
    if (values.json) {
      await ctx.out(
        JSON.stringify({ name: d.name, format: d.format, source: d.sourcePath, rows: d.rowCount, columns: d.columns }, null, 2) + '\n',
      );
    } else await ctx.out(describeDataset(d) + '\n');
  },
};

export const query: Command = {
  name: 'query',
  usage: 'query "<sql>" --data <path> [--data <path>...] [--format csv|json] [--limit N]',
  positional: 'SQL text',
  options: { data: { type: 'string', multiple: true }, format: { type: 'string' }, limit: { type: 'string' } },
  runs: 'scratch',
  async run(ctx) {
    const sql = ctx.positionals[0];
    if (!sql) throw new UsageError('query needs SQL text.');
    for (const file of (ctx.values.data as string[] | undefined) ?? []) await ctx.dataset(file);
    const fmt = oneOf('--format', str(ctx.values, 'format'), OUTPUT_FORMATS) ?? 'csv';
    const limit = num('--limit', str(ctx.values, 'limit'), (n) => Number.isInteger(n) && n >= 1, 'a positive whole number') ?? Infinity;
    await writeQuery(ctx, sql, fmt, limit);
  },
};

/** Follows a load job to its end; the loaded dataset, or the job's message as the error. */
export async function followLoad(ctx: CommandContext, jobId: string) {
  for (;;) {
    const status = await ctx.call('jobs.status', { id: jobId });
    if (status.state === 'done' && status.datasetId) {
      const d = (await ctx.call('datasets.list', {})).find((x) => x.id === status.datasetId);
      if (d) return d;
    }
    if (status.state !== 'running') throw new Error(status.message);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Writes every row of a query page by page through a cursor, waiting on the pipe between pages; --limit cuts it short, saying so. */
async function writeQuery(ctx: CommandContext, sql: string, fmt: 'csv' | 'json', limit: number): Promise<void> {
  const { cursorId } = await ctx.call('query.open', { sql });
  let written = 0;
  let first = true;
  try {
    for (;;) {
      const { page } = await ctx.call('query.next', { cursorId });
      if (!page) break;
      const take = Math.min(page.rowCount, limit - written);
      if (fmt === 'csv') await ctx.out((first ? csvHeader(page.columns) : '') + csvRows(page, take));
      else if (take > 0 || first) {
        const rows = pageToRows(page)
          .slice(0, take)
          .map((row) => JSON.stringify(row));
        await ctx.out((first ? '[' : written > 0 && take > 0 ? ',' : '') + rows.join(','));
      }
      first = false;
      written += take;
      if (take < page.rowCount) {
        ctx.err(`workbench: output limited to ${limit} rows (--limit)\n`);
        break;
      }
    }
  } finally {
    await ctx.call('query.close', { cursorId }).catch(() => undefined);
  }
  if (fmt === 'json') await ctx.out(first ? '[]\n' : ']\n');
}
