/** "From data" experiment analysis: what the analyst chooses and what comes back. */
import type { CupedResult } from './stats/cuped';
import type { WelchResult } from './stats/means';
import type { TwoProportionResult } from './stats/proportions';
import type { SequentialResult } from './stats/sequential';
import type { Correction } from './stats/multiple';
import type { SrmResult } from './stats/srm';

/** A variant column with more distinct values than this is refused before any aggregation (it is an id, not a test's arms). */
export const MAX_VARIANTS = 20;

export interface ExperimentSpec {
  datasetId: string;
  /** The unit of randomisation (user id); rows are aggregated per unit first. */
  unitColumn: string;
  variantColumn: string;
  /** Which variant value is the control; default "control" if present, else the first in order. */
  controlValue?: string;
  metricColumn: string;
  metricKind: 'binary' | 'continuous';
  /** Pre-period covariate for CUPED (continuous metrics). */
  covariateColumn?: string;
  /** Per-segment results with a multiple-comparison correction. */
  breakdownColumn?: string;
  /** When each unit was assigned: turns the data into looks (days, or weeks for long tests) for sequential testing. */
  timeColumn?: string;
  /** Cap the continuous metric at this percentile (e.g. 0.99) before testing. */
  winsorizePercentile?: number;
  alpha?: number;
  correction?: Correction;
  /** Intended traffic shares by variant value; default equal. */
  expectedWeights?: Record<string, number>;
}

export interface VariantStats {
  variant: string;
  units: number;
  /** Binary: conversions. Continuous: sum of the metric. */
  sum: number;
  sumSq: number;
  sumX?: number;
  sumX2?: number;
  sumXY?: number;
}

export interface ComparisonResult {
  segment: string | null;
  variant: string;
  conversion?: TwoProportionResult;
  continuous?: WelchResult;
  cuped?: CupedResult;
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
  verdict: string;
}

export interface ExperimentAnalysis {
  spec: ExperimentSpec;
  control: string;
  variants: VariantStats[];
  srm: SrmResult;
  comparisons: ComparisonResult[];
  segments: { segment: string; variants: VariantStats[] }[];
  warnings: string[];
  winsorizedAt: number | null;
  /** Control against the first other variant, look by look; what stopping early would have said. */
  sequential: (SequentialResult & { lookLabels: string[]; verdict: string }) | null;
  elapsedMs: number;
}
