/**
 * Funnels: the options, defaults and response types, defined once. The semantics (what "reaches step k"
 * means in each mode) are written next to the SQL builder in funnel-sql.ts and in README "Journeys → Funnels".
 */

export const FUNNEL_MODES = ['ordered', 'strict', 'unordered'] as const;
export type FunnelMode = (typeof FUNNEL_MODES)[number];
export const DEFAULT_FUNNEL_MODE: FunnelMode = 'ordered';

export const FUNNEL_FILTER_OPS = ['=', '!=', '<', '>', 'contains'] as const;
export type FunnelFilterOp = (typeof FUNNEL_FILTER_OPS)[number];

export const MIN_FUNNEL_STEPS = 2;
export const MAX_FUNNEL_STEPS = 20;
/** Event names one step may match (a map card binds at most 50). */
export const MAX_STEP_EVENTS = 50;
/** The conversion window when none is given: 14 days. */
export const DEFAULT_FUNNEL_WINDOW_SECONDS = 14 * 24 * 3600;
/** The longest window accepted: 10 years. */
export const MAX_FUNNEL_WINDOW_SECONDS = 10 * 366 * 24 * 3600;
/** Breakdown: the values with the most customers at the first step. */
export const FUNNEL_BREAKDOWN_LIMIT = 10;
/** Dropped customers: at most this many ids come back (the count is exact). */
export const FUNNEL_DROPPED_ID_LIMIT = 1000;
/** Equal-width bins of a step's time-to-convert histogram. */
export const FUNNEL_HISTOGRAM_BINS = 20;

export interface FunnelFilter {
  column: string;
  op: FunnelFilterOp;
  value: string | number | boolean;
}
/** A step: one event name, or an event name or several (any of them matches) with filters that must all hold. */
export type FunnelStep = string | { event: string | string[]; filters?: FunnelFilter[] };

export interface FunnelHistogramBin {
  /** Seconds from the first step, bin start (inclusive) and end (exclusive, the last bin inclusive). */
  from: number;
  to: number;
  customers: number;
}

export interface FunnelStepResult {
  name: string;
  /** Customers who reached this step. */
  customers: number;
  /** Share of the first step's customers (0..1). */
  conversion: number;
  /** Share of the previous step's customers (0..1; 1 for the first step). */
  stepConversion: number;
  /** Customers lost since the previous step (0 for the first step). */
  dropOff: number;
  /** Median seconds from the previous step (null for the first step, with no converters, or in unordered mode). */
  medianSecondsFromPrevious: number | null;
  /** Seconds from the first step to this one (steps after the first; absent in unordered mode). */
  timeToConvert?: { median: number; p25: number; p75: number; histogram: FunnelHistogramBin[] };
}

export interface FunnelResult {
  steps: FunnelStepResult[];
  /** Distinct customers in the table (non-empty customer id). */
  totalCustomers: number;
  /** Customers reaching each step, per value of the breakdown column (the value on the attempt's first row). */
  breakdown?: { value: string | null; steps: number[] }[];
  /** Customers who reached step `step − 1` but not `step`. */
  dropped?: { step: number; count: number; customerIds: string[] };
  /** Customers who reached step `step` (ids capped like `dropped`). */
  reached?: { step: number; count: number; customerIds: string[] };
  /** Step events not present in the table. */
  unknownEvents: string[];
  mode: FunnelMode;
  windowSeconds: number;
}

/** A step's event names (a row matches when its event is any of them). */
export function stepEvents(step: FunnelStep): string[] {
  if (typeof step === 'string') return [step];
  return typeof step.event === 'string' ? [step.event] : [...new Set(step.event)];
}

/** A step's filters (none for a plain event name). */
export function stepFilters(step: FunnelStep): FunnelFilter[] {
  return typeof step === 'string' ? [] : (step.filters ?? []);
}

/** How a step is labelled: its events, then its filters, e.g. `product_view or search (category = shoes)`. */
export function stepName(step: FunnelStep): string {
  const filters = stepFilters(step);
  const events = stepEvents(step).join(' or ');
  if (!filters.length) return events;
  return `${events} (${filters.map((f) => `${f.column} ${f.op} ${String(f.value)}`).join(', ')})`;
}

/** Window units accepted on the command line, in seconds. */
export const WINDOW_UNITS = { m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** Parses a window such as 30m, 12h, 7d or 2w into seconds; anything else is refused naming the accepted units. */
export function parseWindow(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  const units = Object.keys(WINDOW_UNITS);
  const unit = m?.[2]?.toLowerCase() as keyof typeof WINDOW_UNITS | undefined;
  if (!m || !unit || !(unit in WINDOW_UNITS))
    throw new Error(
      `window "${text}" is not understood: use a number and one of the units ${units.join(', ')} (minutes, hours, days, weeks), e.g. 7d.`,
    );
  const seconds = Math.round(Number(m[1]) * WINDOW_UNITS[unit]);
  if (seconds <= 0 || seconds > MAX_FUNNEL_WINDOW_SECONDS)
    throw new Error(`window "${text}" must be more than 0 and at most ${MAX_FUNNEL_WINDOW_SECONDS / 86_400} days.`);
  return seconds;
}
