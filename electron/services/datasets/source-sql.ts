import { quoteString } from '../../../shared/sql';
import type { CsvOptions, Dataset, DatasetFormat } from '../../../shared/types';
import { duckdbPath } from './detect';

/** The DuckDB table function that reads a source, e.g. read_parquet('x/**\/*.parquet', hive_partitioning = true). */
export function sourceSql(location: string, format: DatasetFormat, csv: CsvOptions = {}): string {
  const loc = quoteString(duckdbPath(location));
  switch (format) {
    case 'parquet':
      return `read_parquet(${loc}, hive_partitioning = true, union_by_name = true)`;
    case 'json':
      return `read_json(${loc}, format = 'auto', union_by_name = true)`;
    case 'csv':
      return `read_csv(${[loc, ...csvArgs(csv)].join(', ')})`;
    case 'xlsx':
      // Excel sheets are converted to CSV first (see excel.ts); the location is that CSV.
      return `read_csv(${loc}, header = true, null_padding = true)`;
  }
}

/** read_csv's arguments for the options (also what sniff_csv takes). */
export function csvArgs(o: CsvOptions): string[] {
  // Short rows are padded with NULLs; extra fields land in extra columns (column3, ...).
  const args = ['null_padding = true'];
  if (o.delimiter) args.push(`delim = ${quoteString(o.delimiter)}`);
  if (o.header !== undefined) args.push(`header = ${o.header}`);
  if (o.decimalComma) args.push(`decimal_separator = ','`);
  if (o.thousandsSeparator) args.push(`thousands = ${quoteString(o.thousandsSeparator)}`);
  // DuckDB's parallel scanner cannot pad short rows when values hold newlines; the serial one can.
  if (o.quotedNewlines) args.push('parallel = false');
  // UTF-8 is the default; naming it explicitly makes DuckDB's reader measurably slower.
  if (o.encoding && o.encoding !== 'utf-8') args.push(`encoding = ${quoteString(o.encoding)}`);
  if (o.skipRows) args.push(`skip = ${Math.floor(o.skipRows)}`);
  if (o.dateFormat) args.push(`dateformat = ${quoteString(o.dateFormat)}`);
  return args;
}

/** The query a dataset's view runs, as the catalog describes it (what a load creates and recovery compares). */
export function viewQuery(d: Pick<Dataset, 'mode' | 'dataPath' | 'sourcePath' | 'format' | 'options'>): string {
  const read = d.mode === 'import' ? sourceSql(d.dataPath, 'parquet') : sourceSql(d.sourcePath, d.format, d.options.csv);
  return `SELECT * FROM ${read}`;
}
