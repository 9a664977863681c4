/**
 * Markov-chain attribution, pure maths over transition counts (aggregated by the engine).
 *
 * States: start, touchpoint states (the last `order` channels of a journey), and two absorbing states,
 * conversion and null. With Q the transient-to-transient probabilities and r the transient-to-conversion
 * ones, the conversion probability from every transient state solves (I − Q)x = r exactly (a dense solve).
 * Removing a channel sends every transition into a state that holds it to null; its removal effect is
 * 1 − P(without it) / P, and conversions are credited in proportion to the removal effects.
 */

export const START_STATE = '(start)';
export const CONVERSION_STATE = '(conversion)';
export const NULL_STATE = '(null)';
/** Joins the channels of a higher-order state in its name. */
export const STATE_SEPARATOR = ' > ';

/** A dense solve per channel stays interactive up to about this many states. */
export const MAX_MARKOV_STATES = 1500;

export type Absorbing = typeof CONVERSION_STATE | typeof NULL_STATE;

export interface ChainCount {
  /** The channels of the source state, oldest first; empty for start. */
  from: readonly string[];
  /** The channels of the target state, or an absorbing state. */
  to: readonly string[] | Absorbing;
  count: number;
}

export interface MarkovAttribution {
  conversionProbability: number;
  removalEffect: Record<string, number>;
  /** Conversions credited in proportion to the removal effects (they sum to `conversions`). */
  credited: Record<string, number>;
  transitions: { from: string; to: string; count: number; probability: number }[];
}

export const stateName = (s: readonly string[] | Absorbing): string =>
  typeof s === 'string' ? s : s.length === 0 ? START_STATE : s.join(STATE_SEPARATOR);

/** Solves A x = b by Gaussian elimination with partial pivoting; A is n×n and is not modified. */
export function solveLinear(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-14) throw new Error('The chain has a closed loop that never reaches conversion or null.');
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c]! -= f * p[c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** The chain as probabilities: transient states indexed (start is 0), Q and r, and each state's channels. */
export interface Chain {
  states: (readonly string[])[];
  Q: number[][];
  r: number[];
}

export function buildChain(counts: readonly ChainCount[]): Chain {
  const index = new Map<string, number>([[START_STATE, 0]]);
  const states: (readonly string[])[] = [[]];
  const at = (s: readonly string[]) => {
    const key = JSON.stringify(s);
    let i = index.get(s.length === 0 ? START_STATE : key);
    if (i === undefined) {
      i = states.length;
      index.set(key, i);
      states.push(s);
    }
    return i;
  };
  for (const c of counts) {
    at(c.from);
    if (typeof c.to !== 'string') at(c.to);
  }
  const n = states.length;
  if (n > MAX_MARKOV_STATES) throw new RangeError(`The chain has ${n} states (at most ${MAX_MARKOV_STATES}).`);
  const Q = states.map(() => new Array<number>(n).fill(0));
  const r = new Array<number>(n).fill(0);
  const out = new Array<number>(n).fill(0);
  for (const c of counts) out[at(c.from)]! += c.count;
  for (const c of counts) {
    const i = at(c.from);
    const p = out[i]! > 0 ? c.count / out[i]! : 0;
    if (c.to === CONVERSION_STATE) r[i]! += p;
    else if (typeof c.to !== 'string') Q[i]![at(c.to)]! += p;
  }
  return { states, Q, r };
}

/** P(conversion) from start, with the states holding any of `removed` turned into null. */
export function absorptionProbability(chain: Chain, removed: ReadonlySet<string> = new Set()): number {
  const keep = chain.states.map((s, i) => i === 0 || !s.some((ch) => removed.has(ch)));
  const idx = keep.flatMap((k, i) => (k ? [i] : []));
  const A = idx.map((i) => idx.map((j) => (i === j ? 1 : 0) - chain.Q[i]![j]!));
  const b = idx.map((i) => chain.r[i]!);
  return solveLinear(A, b)[0]!;
}

export function markovAttribution(counts: readonly ChainCount[], conversions: number): MarkovAttribution {
  const chain = buildChain(counts);
  const channels = [...new Set(chain.states.flat())].sort();
  const p = absorptionProbability(chain);
  const removalEffect: Record<string, number> = {};
  for (const ch of channels) removalEffect[ch] = p > 0 ? Math.max(0, 1 - absorptionProbability(chain, new Set([ch])) / p) : 0;
  const total = channels.reduce((s, ch) => s + removalEffect[ch]!, 0);
  const credited = Object.fromEntries(channels.map((ch) => [ch, total > 0 ? (conversions * removalEffect[ch]!) / total : 0]));
  const out = new Map<string, number>();
  for (const c of counts) out.set(stateName(c.from), (out.get(stateName(c.from)) ?? 0) + c.count);
  const transitions = counts
    .map((c) => ({ from: stateName(c.from), to: stateName(c.to), count: c.count, probability: c.count / out.get(stateName(c.from))! }))
    .sort((a, b) => a.from.localeCompare(b.from) || b.count - a.count || a.to.localeCompare(b.to));
  return { conversionProbability: p, removalEffect, credited, transitions };
}

/** The state after each touchpoint: the last `order` channels, fewer at the start of a journey. */
function statesOf(path: readonly string[], order: number): string[][] {
  return path.map((_, i) => path.slice(Math.max(0, i + 1 - order), i + 1));
}

/** Transition counts of journeys given in full (the reference for the engine's aggregation, and small inputs). */
export function chainCountsOf(journeys: readonly { path: readonly string[]; converted: boolean }[], order: number): ChainCount[] {
  const counts = new Map<string, ChainCount>();
  const add = (from: readonly string[], to: readonly string[] | Absorbing) => {
    const key = JSON.stringify([from, to]);
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { from, to, count: 1 });
  };
  for (const j of journeys) {
    if (j.path.length === 0) continue;
    const states = statesOf(j.path, order);
    add([], states[0]!);
    for (let i = 1; i < states.length; i++) add(states[i - 1]!, states[i]!);
    add(states[states.length - 1]!, j.converted ? CONVERSION_STATE : NULL_STATE);
  }
  return [...counts.values()];
}
