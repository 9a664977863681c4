/** Sample ratio mismatch: chi-square goodness of fit of observed counts against the intended split. */
import { chiSquare } from './dist';
import { checked, finite, StatsErrorCode, StatsInputError, wholeNumber } from './errors';

export const SRM_THRESHOLD = 0.001;

export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  expected: number[];
  observedShare: number[];
  mismatch: boolean;
}

export function sampleRatioMismatch(observed: number[], weights: number[]): SrmResult {
  if (observed.length < 2) throw new StatsInputError(StatsErrorCode.EmptyVariant, 'observed', 'give the counts of at least two variants.');
  if (weights.length !== observed.length) {
    throw new StatsInputError(
      StatsErrorCode.LengthMismatch,
      'expected_weights',
      `has ${weights.length} entries for ${observed.length} variants.`,
    );
  }
  observed.forEach((o, i) => wholeNumber(o, `observed[${i}]`));
  weights.forEach((w, i) => {
    finite(w, `expected_weights[${i}]`);
    if (w <= 0) throw new StatsInputError(StatsErrorCode.OutOfRange, `expected_weights[${i}]`, 'must be above 0.');
  });
  const wsum = weights.reduce((a, b) => a + b, 0);
  if (Math.abs(wsum - 1) > 1e-6)
    throw new StatsInputError(StatsErrorCode.WeightsDoNotSumToOne, 'expected_weights', `must sum to 1 (they sum to ${wsum}).`);
  const total = observed.reduce((a, b) => a + b, 0);
  if (total === 0) throw new StatsInputError(StatsErrorCode.EmptyVariant, 'observed', 'all counts are 0.');
  const expected = weights.map((w) => total * w);
  const chi = observed.reduce((s, o, i) => s + (o - expected[i]!) ** 2 / expected[i]!, 0);
  const df = observed.length - 1;
  const pValue = chiSquare.sf(chi, df);
  return checked(
    { chiSquare: chi, df, pValue, expected, observedShare: observed.map((o) => o / total), mismatch: pValue < SRM_THRESHOLD },
    'srm',
  );
}
