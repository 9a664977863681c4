/** Pure: sensible first choices of columns for an experiment, from names and types. */
import { isNumericType, type ColumnInfo } from '../../../../shared/types';
import type { FromDataChoice } from './experiments-slice';

export function guessColumns(datasetId: string, columns: ColumnInfo[]): FromDataChoice {
  const find = (re: RegExp, pred: (c: ColumnInfo) => boolean = () => true) => columns.find((c) => re.test(c.name) && pred(c))?.name ?? '';
  const numeric = (c: ColumnInfo) => isNumericType(c.type, true);
  const binary = find(/convert|purchas|success|clicked|churn/i, numeric);
  const variant = find(/variant|arm|bucket|group|treatment/i);
  return {
    datasetId,
    unitColumn: find(/^(user|customer|visitor|unit|account|client)_?id$/i) || find(/_id$/i) || (columns[0]?.name ?? ''),
    variantColumn: variant,
    metricColumn: binary || columns.find((c) => numeric(c) && c.name !== variant)?.name || '',
    metricKind: binary ? 'binary' : 'continuous',
    covariateColumn: '',
    breakdownColumn: '',
    timeColumn: columns.find((c) => /^(TIMESTAMP|DATE)/.test(c.type) && /assign|enrol|expos|start|time|date/i.test(c.name))?.name ?? '',
    winsorize: '',
    correction: 'holm',
  };
}
