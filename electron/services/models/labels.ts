/** Cluster labels written to a DuckDB table beside the rows' identifier columns, so they can become segments. */
import { identifierColumns } from '../../../shared/ml/identifiers';
import { quoteIdent } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import type { ModelsContext } from './context';

/**
 * Writes `table` (row_number, the dataset's identifier columns, cluster): one row per clustered row, in the
 * dataset's scan order. `rows` are the dataset rows (0-based, of `total`) the labels belong to; null: every row, in order.
 */
export async function writeLabels(
  ctx: ModelsContext,
  dataset: Dataset,
  table: string,
  labels: Int32Array,
  rows: { rows: number[]; total: number } | null,
): Promise<string> {
  // One value per dataset row (NaN: not clustered), paired with the kept columns by position as scoring does.
  const cluster = new Float64Array(rows ? rows.total : labels.length).fill(Number.NaN);
  if (rows) rows.rows.forEach((r, i) => (cluster[r] = labels[i]!));
  else cluster.set(labels);
  const kept = identifierColumns(dataset.columns.map((c) => c.name)).filter((c) => c.toLowerCase() !== 'cluster' && c !== 'row_number');
  const staging = `${table}__labels`;
  await ctx.engine.exec(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(staging)} (row_number DOUBLE, cluster DOUBLE)`);
  await ctx.engine.appendColumns(staging, ['row_number', 'cluster'], [Float64Array.from(cluster, (_, i) => i + 1), cluster]);
  const source = kept.length
    ? `(SELECT ${kept.map(quoteIdent).join(', ')} FROM ${quoteIdent(dataset.relation)}) k POSITIONAL JOIN ${quoteIdent(staging)} s`
    : `${quoteIdent(staging)} s`;
  await ctx.engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT CAST(s.row_number AS BIGINT) AS row_number, ${kept
      .map((k) => `k.${quoteIdent(k)}, `)
      .join('')}CAST(s.cluster AS INTEGER) AS cluster FROM ${source} WHERE NOT isnan(s.cluster) ORDER BY s.row_number`,
  );
  await ctx.engine.exec(`DROP TABLE ${quoteIdent(staging)}`);
  ctx.store.audit('model.cluster', `${dataset.name} → ${table} (${labels.length} labelled rows)`);
  return table;
}
