/**
 * What converters did differently: per event, the odds ratio of converting among customers who did it
 * versus those who did not, with a prior of 1 added to each cell of the 2×2 table and a Woolf interval.
 * Pure maths over the counts that differences-sql.ts brings back.
 */
import { normal } from '../stats/dist';

/** Customers (converters + non-converters who did an event) an event needs to be reported. */
export const DEFAULT_DIFFERENCES_MIN_SUPPORT = 30;
/** Events listed on each side (more likely / less likely to convert). */
export const DEFAULT_DIFFERENCES_LIMIT = 10;
export const MAX_DIFFERENCES_LIMIT = 1000;
/** Added to each of the four cells, so an empty cell gives a finite ratio. */
export const DIFFERENCES_PRIOR = 1;
/** Coverage of the interval on the log odds ratio. */
export const DIFFERENCES_CONFIDENCE = 0.95;

/** The 2×2 table of one event: a, b converters who did / did not do it; c, d non-converters who did / did not. */
export interface Table2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface OddsRatio {
  oddsRatio: number;
  logOddsRatio: number;
  /** Standard error of the log odds ratio (Woolf): √(1/a′ + 1/b′ + 1/c′ + 1/d′) over the cells with the prior. */
  standardError: number;
  ciLow: number;
  ciHigh: number;
}

export interface EventDifference extends Table2x2, OddsRatio {
  event: string;
  /** Customers who did it: a + c. */
  support: number;
}

export interface DifferencesResult {
  /** Customers with at least one event that has a time. */
  customers: number;
  /** Of those, customers with a conversion event. */
  converters: number;
  conversionEvents: string[];
  minSupport: number;
  /** Events other than the conversion events with at least minSupport customers (those compared). */
  compared: number;
  /** Events left out for having fewer than minSupport customers. */
  belowSupport: number;
  /** Odds ratio above 1, highest first. */
  positive: EventDifference[];
  /** Odds ratio below 1, lowest first. */
  negative: EventDifference[];
}

/** (a+1)(d+1) / ((b+1)(c+1)) and its Woolf interval: exp(log OR ± z·SE), z the normal quantile at (1 + confidence) / 2. */
export function oddsRatio(t: Table2x2, prior = DIFFERENCES_PRIOR, confidence = DIFFERENCES_CONFIDENCE): OddsRatio {
  for (const k of ['a', 'b', 'c', 'd'] as const)
    if (!(t[k] >= 0) || !Number.isFinite(t[k])) throw new RangeError(`${k}: a count must be a finite number of at least 0 (got ${t[k]}).`);
  const [a, b, c, d] = [t.a + prior, t.b + prior, t.c + prior, t.d + prior];
  // Products of whole counts are exact, so equal products give a log odds ratio of exactly 0.
  const logOddsRatio = Math.log((a * d) / (b * c));
  const standardError = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  const z = normal.quantile((1 + confidence) / 2);
  return {
    oddsRatio: Math.exp(logOddsRatio),
    logOddsRatio,
    standardError,
    ciLow: Math.exp(logOddsRatio - z * standardError),
    ciHigh: Math.exp(logOddsRatio + z * standardError),
  };
}

/** Per-event counts as the SQL answers them: customers who did the event among converters and non-converters. */
export interface EventCounts {
  event: string;
  converters: number;
  nonConverters: number;
}

/**
 * The tables, odds ratios and the two sides: events under minSupport are left out, an odds ratio of
 * exactly 1 is on neither side; ties are broken by support (larger first), then by name.
 */
export function differences(
  counts: readonly EventCounts[],
  totals: { customers: number; converters: number },
  options: { conversionEvents: string[]; minSupport: number; limit: number },
): DifferencesResult {
  const nonConverters = totals.customers - totals.converters;
  const compared: EventDifference[] = [];
  let belowSupport = 0;
  for (const e of counts) {
    const support = e.converters + e.nonConverters;
    if (support < options.minSupport) {
      belowSupport++;
      continue;
    }
    const t = { a: e.converters, b: totals.converters - e.converters, c: e.nonConverters, d: nonConverters - e.nonConverters };
    compared.push({ event: e.event, ...t, support, ...oddsRatio(t) });
  }
  const byName = (x: EventDifference, y: EventDifference) => y.support - x.support || (x.event < y.event ? -1 : x.event > y.event ? 1 : 0);
  const positive = compared.filter((e) => e.logOddsRatio > 0).sort((x, y) => y.logOddsRatio - x.logOddsRatio || byName(x, y));
  const negative = compared.filter((e) => e.logOddsRatio < 0).sort((x, y) => x.logOddsRatio - y.logOddsRatio || byName(x, y));
  return {
    customers: totals.customers,
    converters: totals.converters,
    conversionEvents: options.conversionEvents,
    minSupport: options.minSupport,
    compared: compared.length,
    belowSupport,
    positive: positive.slice(0, options.limit),
    negative: negative.slice(0, options.limit),
  };
}
