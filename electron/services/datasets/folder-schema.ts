import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { quoteString } from '../../../shared/sql';
import type { Engine } from '../engine/engine';
import { globRoot, literalPath, type ResolvedSource } from './detect';

/** How many file groups and column names a message lists before saying "and N more". */
const LIST_GROUPS = 6;
const LIST_COLUMNS = 12;

/**
 * A folder of Parquet files is one dataset when its files share one schema, or when later files only add
 * columns to earlier ones (a schema that grew). Unrelated exports that happen to sit together (clv, rfm,
 * scores) are refused with their columns, unless the caller asked for a union by name.
 */
export async function checkSharedSchema(engine: Engine, src: ResolvedSource): Promise<void> {
  if (src.format !== 'parquet' || src.files.length < 2) return;
  const list = `[${src.files.map((f) => quoteString(literalPath(f))).join(', ')}]`;
  // A damaged file fails here too; the read that follows reports it with the usual message.
  const r = await engine
    .query(`SELECT file_name, name, num_children FROM parquet_schema(${list}) ORDER BY file_name, column_id`)
    .catch(() => null);
  if (!r) return;
  const [files = [], names = [], children = []] = r.data;
  const byFile = new Map<string, { name: string; children: number }[]>();
  files.forEach((f, i) => {
    const rows = byFile.get(String(f)) ?? [];
    rows.push({ name: String(names[i]), children: Number(children[i] ?? 0) });
    byFile.set(String(f), rows);
  });
  // Files with the same columns form one group, named by its first file.
  const groups = new Map<string, { columns: string[]; files: string[] }>();
  for (const [file, rows] of byFile) {
    const columns = topLevelColumns(rows);
    const key = [...columns].sort().join('\0');
    const g = groups.get(key) ?? { columns, files: [] };
    g.files.push(file);
    groups.set(key, g);
  }
  const sets = [...groups.values()].sort((a, b) => a.columns.length - b.columns.length);
  const nested = sets.every((g, i) => i === 0 || sets[i - 1]!.columns.every((c) => g.columns.includes(c)));
  if (nested) return;
  const root = globRoot(src.location);
  const describe = (g: { columns: string[]; files: string[] }) => {
    const first = path.relative(root, g.files[0]!) || path.basename(g.files[0]!);
    const others = g.files.length > 1 ? ` and ${g.files.length - 1} more like it` : '';
    const cols = g.columns.slice(0, LIST_COLUMNS).join(', ') + (g.columns.length > LIST_COLUMNS ? `, … ${g.columns.length} in all` : '');
    return `${first}${others} (${cols})`;
  };
  const inFileOrder = [...groups.values()];
  const shown = inFileOrder.slice(0, LIST_GROUPS).map(describe);
  if (inFileOrder.length > LIST_GROUPS) shown.push(`and ${inFileOrder.length - LIST_GROUPS} more schemas`);
  throw new WorkbenchError(
    ErrorCode.InvalidArgument,
    `${root}: these Parquet files do not share one schema, so they were not stacked into one table: ${shown.join('; ')}. ` +
      'Open the files one by one, or ask for a union by name (the "Union by name" choice, `--union-by-name`, ' +
      'or `unionByName: true`) to stack them with NULLs where a file lacks a column.',
    { field: 'unionByName' },
  );
}

/** The top-level columns of one file's schema rows (depth-first, the root first). */
function topLevelColumns(rows: { name: string; children: number }[]): string[] {
  const out: string[] = [];
  let i = 1;
  const skip = (): void => {
    const n = rows[i++]?.children ?? 0;
    for (let c = 0; c < n && i < rows.length; c++) skip();
  };
  const count = rows[0]?.children ?? 0;
  for (let c = 0; c < count && i < rows.length; c++) {
    out.push(rows[i]!.name);
    skip();
  }
  return out;
}
