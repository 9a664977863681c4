/**
 * Test-only: the funnel computed by brute force over rows in memory, straight from the definitions in
 * funnel-sql.ts (every chain of distinct rows is tried), to check the SQL against. Small inputs only.
 */
import {
  stepEvents,
  stepFilters,
  stepName,
  type FunnelFilter,
  type FunnelMode,
  type FunnelResult,
  type FunnelStep,
  type FunnelStepResult,
} from './funnel';

export interface RefRow {
  customer: string | null;
  /** Seconds (any origin); null is ignored. */
  ts: number | null;
  event: string;
  props: Record<string, string | number | null>;
  /** File order. */
  rn: number;
}

export interface RefSpec {
  steps: FunnelStep[];
  windowSeconds: number;
  mode: FunnelMode;
  exclusions: { event: string; between: [number, number] }[];
  breakdownColumn?: string;
  droppedAt?: number;
  breakdownLimit: number;
  droppedIdLimit: number;
  histogramBins: number;
}

interface Attempt {
  reached: number;
  t1: number;
  order: number;
  times: (number | null)[];
  bval: string | number | null;
}

function filterHolds(f: FunnelFilter, row: RefRow): boolean {
  const raw = row.props[f.column] ?? null;
  const value = f.value;
  if (f.op === 'contains') return raw !== null && String(raw).toLowerCase().includes(String(value).toLowerCase());
  let a: string | number | boolean | null;
  if (typeof value === 'number') a = raw === null || raw === '' || Number.isNaN(Number(raw)) ? null : Number(raw);
  else if (typeof value === 'boolean') a = raw === null ? null : String(raw) === 'true';
  else a = raw === null ? null : String(raw);
  const eq = a === null ? null : a === value;
  if (f.op === '=') return eq === true;
  if (f.op === '!=') return eq !== true;
  if (a === null) return false;
  return f.op === '<' ? a < value : a > value;
}

export function matches(step: FunnelStep, row: RefRow): boolean {
  return stepEvents(step).includes(row.event) && stepFilters(step).every((f) => filterHolds(f, row));
}

/** DuckDB's quantile_cont: linear interpolation between order statistics. */
export function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const byTime = (a: RefRow, b: RefRow) => a.ts! - b.ts! || a.rn - b.rn;

/** Ordered, from a fixed first row: for each k the earliest time any chain of distinct rows from it reaches step k. */
function earliestTimes(rows: RefRow[], steps: FunnelStep[], start: number): (number | null)[] {
  const best: (number | null)[] = steps.map(() => null);
  const used = new Set<number>([start]);
  const walk = (j: number, prev: number) => {
    const t = rows[prev]!.ts!;
    if (best[j - 1] === null || t < best[j - 1]!) best[j - 1] = t;
    if (j === steps.length) return;
    rows.forEach((r, i) => {
      if (used.has(i) || r.ts! < t || !matches(steps[j]!, r)) return;
      used.add(i);
      walk(j + 1, i);
      used.delete(i);
    });
  };
  walk(1, start);
  return best;
}

/** Ordered by the letter of the definition: the most steps any chain of distinct rows within the window reaches. */
export function orderedReachedByDefinition(rows: RefRow[], steps: FunnelStep[], windowSeconds: number): number {
  const rs = rows.filter((r) => r.ts !== null);
  let most = 0;
  const used = new Set<number>();
  const walk = (j: number, prev: number, t1: number) => {
    most = Math.max(most, j);
    if (j === steps.length) return;
    rs.forEach((r, i) => {
      if (used.has(i) || r.ts! < rs[prev]!.ts! || r.ts! - t1 > windowSeconds || !matches(steps[j]!, r)) return;
      used.add(i);
      walk(j + 1, i, t1);
      used.delete(i);
    });
  };
  rs.forEach((r, i) => {
    if (!matches(steps[0]!, r)) return;
    used.add(i);
    walk(1, i, r.ts!);
    used.delete(i);
  });
  return most;
}

/** Whether distinct rows of `rows` can serve steps[0..k-1] (a bipartite matching, by search). */
function canAssign(rows: RefRow[], steps: FunnelStep[], k: number): boolean {
  const used = new Set<number>();
  const go = (j: number): boolean => {
    if (j === k) return true;
    for (let i = 0; i < rows.length; i++) {
      if (used.has(i) || !matches(steps[j]!, rows[i]!)) continue;
      used.add(i);
      if (go(j + 1)) return true;
      used.delete(i);
    }
    return false;
  };
  return go(0);
}

function reachedInWindow(times: (number | null)[], windowSeconds: number): number {
  let r = 1;
  while (r < times.length && times[r] !== null && times[r]! - times[0]! <= windowSeconds) r++;
  return r;
}

function cut(attempt: Attempt, rows: RefRow[], spec: RefSpec): number {
  let reached = attempt.reached;
  for (const x of spec.exclusions) {
    const [a, b] = x.between;
    const ta = attempt.times[a - 1];
    if (ta === null || ta === undefined) continue;
    const xs = rows.filter((r) => r.event === x.event && r.ts! >= ta).map((r) => r.ts!);
    if (!xs.length) continue;
    const xt = Math.min(...xs);
    for (let k = a + 1; k <= b; k++) {
      const tk = attempt.times[k - 1];
      if (tk !== null && tk !== undefined && tk >= xt) {
        reached = Math.min(reached, k - 1);
        break;
      }
    }
  }
  return reached;
}

function attempts(rows: RefRow[], spec: RefSpec): Attempt[] {
  const { steps, windowSeconds: W } = spec;
  const bv = (r: RefRow) => (spec.breakdownColumn ? (r.props[spec.breakdownColumn] ?? null) : null);
  if (spec.mode === 'ordered') {
    return rows.flatMap((r, i) => {
      if (!matches(steps[0]!, r)) return [];
      const times = earliestTimes(rows, steps, i);
      const a: Attempt = { reached: reachedInWindow(times, W), t1: r.ts!, order: r.rn, times, bval: bv(r) };
      return [{ ...a, reached: cut(a, rows, spec) }];
    });
  }
  if (spec.mode === 'strict') {
    return rows.flatMap((r, i) => {
      if (!matches(steps[0]!, r)) return [];
      const times: (number | null)[] = steps.map(() => null);
      for (let j = 0; j < steps.length && i + j < rows.length && matches(steps[j]!, rows[i + j]!); j++) times[j] = rows[i + j]!.ts!;
      const a: Attempt = { reached: reachedInWindow(times, W), t1: r.ts!, order: i, times, bval: bv(r) };
      return [{ ...a, reached: cut(a, rows, spec) }];
    });
  }
  return rows.flatMap((r, i) => {
    if (!steps.some((s) => matches(s, r))) return [];
    const inWindow = rows.filter((x) => x.ts! >= r.ts! && x.ts! - r.ts! <= W);
    let reached = 0;
    while (reached < steps.length && canAssign(inWindow, steps, reached + 1)) reached++;
    return [{ reached, t1: r.ts!, order: i, times: steps.map(() => null), bval: bv(r) }];
  });
}

/** The funnel by brute force, in the service's response shape. */
export function referenceFunnel(all: RefRow[], spec: RefSpec): FunnelResult {
  const n = spec.steps.length;
  const customers = new Map<string, RefRow[]>();
  for (const r of all) {
    if (r.customer === null) continue;
    if (!customers.has(r.customer)) customers.set(r.customer, []);
    if (r.ts !== null) customers.get(r.customer)!.push(r);
  }
  const best: { id: string; a: Attempt }[] = [];
  for (const [id, rows] of customers) {
    rows.sort(byTime);
    let top: Attempt | null = null;
    for (const a of attempts(rows, spec)) {
      if (!top || a.reached > top.reached || (a.reached === top.reached && (a.t1 < top.t1 || (a.t1 === top.t1 && a.order < top.order))))
        top = a;
    }
    if (top && top.reached >= 1) best.push({ id, a: top });
  }
  const count = (k: number) => best.filter((b) => b.a.reached >= k).length;
  const first = count(1);
  const steps: FunnelStepResult[] = spec.steps.map((s, i) => {
    const k = i + 1;
    const reached = best.filter((b) => b.a.reached >= k);
    const prev = k === 1 ? reached.length : count(k - 1);
    const step: FunnelStepResult = {
      name: stepName(s),
      customers: reached.length,
      conversion: first ? reached.length / first : 0,
      stepConversion: prev ? reached.length / prev : 0,
      dropOff: prev - reached.length,
      medianSecondsFromPrevious: null,
    };
    if (k > 1 && spec.mode !== 'unordered' && reached.length) {
      const dprev = reached.map((b) => b.a.times[k - 1]! - b.a.times[k - 2]!).sort((x, y) => x - y);
      const dfirst = reached.map((b) => b.a.times[k - 1]! - b.a.t1).sort((x, y) => x - y);
      const lo = dfirst[0]!;
      const hi = dfirst[dfirst.length - 1]!;
      const B = spec.histogramBins;
      const histogram =
        hi > lo
          ? Array.from({ length: B }, (_, bin) => ({
              from: lo + ((hi - lo) * bin) / B,
              to: lo + ((hi - lo) * (bin + 1)) / B,
              customers: dfirst.filter((d) => Math.min(Math.floor(((d - lo) / (hi - lo)) * B), B - 1) === bin).length,
            }))
          : [{ from: lo, to: hi, customers: dfirst.length }];
      step.medianSecondsFromPrevious = quantile(dprev, 0.5);
      step.timeToConvert = { median: quantile(dfirst, 0.5), p25: quantile(dfirst, 0.25), p75: quantile(dfirst, 0.75), histogram };
    }
    return step;
  });
  const present = new Set(all.map((r) => r.event));
  const result: FunnelResult = {
    steps,
    totalCustomers: customers.size,
    unknownEvents: [...new Set(spec.steps.flatMap(stepEvents))].filter((e) => !present.has(e)),
    mode: spec.mode,
    windowSeconds: spec.windowSeconds,
  };
  if (spec.breakdownColumn) {
    const groups = new Map<string | null, number[]>();
    for (const b of best) {
      const v = b.a.bval === null ? null : String(b.a.bval);
      if (!groups.has(v)) groups.set(v, Array<number>(n).fill(0));
      for (let k = 0; k < b.a.reached; k++) groups.get(v)![k]!++;
    }
    result.breakdown = [...groups]
      .map(([value, s]) => ({ value, steps: s }))
      .sort(
        (x, y) =>
          y.steps[0]! - x.steps[0]! || (x.value === null ? 1 : y.value === null ? -1 : x.value < y.value ? -1 : x.value > y.value ? 1 : 0),
      )
      .slice(0, spec.breakdownLimit);
  }
  if (spec.droppedAt) {
    const ids = best
      .filter((b) => b.a.reached === spec.droppedAt! - 1)
      .map((b) => b.id)
      .sort();
    result.dropped = { step: spec.droppedAt, count: ids.length, customerIds: ids.slice(0, spec.droppedIdLimit) };
  }
  return result;
}
