/** Pure: which "From data" choice an analysis error's `field` points at, so the message shows beside it. */
import type { FromDataChoice } from './experiments-slice';

/** The request's field names where they differ from the panel's choice names. */
const RENAMED: Record<string, keyof FromDataChoice> = { winsorizePercentile: 'winsorize' };

const CHOICES: readonly (keyof FromDataChoice)[] = [
  'datasetId',
  'unitColumn',
  'variantColumn',
  'metricColumn',
  'metricKind',
  'covariateColumn',
  'breakdownColumn',
  'timeColumn',
  'winsorize',
  'correction',
];

/** The choice to highlight, or null when the field has no control on the panel (the message then shows on its own). */
export function choiceField(field: string | undefined): keyof FromDataChoice | null {
  if (!field) return null;
  const name = RENAMED[field] ?? field;
  return (CHOICES as readonly string[]).includes(name) ? (name as keyof FromDataChoice) : null;
}
