/** Pure: sensible first choices of columns for an experiment, from names and types. */
import { isNumericType, type ColumnInfo } from '../../../../shared/types';
import type { FromDataChoice } from './experiments-slice';

/** Identifiers (user_id, groupId, bucket_key): one value per row or per user, never a test's arms. */
export function isIdLike(name: string): boolean {
  return /(^|[^a-z])(id|ids|uuid|guid|key)$/i.test(name) || /[a-z](Id|ID|Uuid|Key)$/.test(name);
}

/** A column that can hold the variant: named like one, not an identifier, not a measurement. */
export function isVariantCandidate(c: ColumnInfo): boolean {
  if (isIdLike(c.name) || /^(DOUBLE|FLOAT|REAL|DECIMAL|TIMESTAMP|DATE|TIME|STRUCT|MAP)|\[\]$/.test(c.type)) return false;
  return /variant|bucket|treatment|cohort|(^|[^a-z])(arm|group)([^a-z]|$)/i.test(c.name);
}

export function guessColumns(datasetId: string, columns: ColumnInfo[]): FromDataChoice {
  const find = (re: RegExp, pred: (c: ColumnInfo) => boolean = () => true) => columns.find((c) => re.test(c.name) && pred(c))?.name ?? '';
  const numeric = (c: ColumnInfo) => isNumericType(c.type, true);
  const binary = find(/convert|purchas|success|clicked|churn/i, (c) => numeric(c) && !isIdLike(c.name));
  const variant = columns.find(isVariantCandidate)?.name ?? '';
  return {
    datasetId,
    unitColumn: find(/^(user|customer|visitor|unit|account|client)_?id$/i) || find(/_id$/i) || (columns[0]?.name ?? ''),
    variantColumn: variant,
    metricColumn: binary || columns.find((c) => numeric(c) && c.name !== variant && !isIdLike(c.name))?.name || '',
    metricKind: binary ? 'binary' : 'continuous',
    covariateColumn: '',
    breakdownColumn: '',
    timeColumn: columns.find((c) => /^(TIMESTAMP|DATE)/.test(c.type) && /assign|enrol|expos|start|time|date/i.test(c.name))?.name ?? '',
    winsorize: '',
    correction: 'holm',
  };
}
