/** Multiple-comparison corrections (as statsmodels' multipletests: bonferroni, holm, fdr_bh). */
import { probability, StatsErrorCode, StatsInputError } from './errors';

export const CORRECTIONS = ['none', 'bonferroni', 'holm', 'bh'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export function adjustPValues(pValues: number[], method: Correction): number[] {
  if (!pValues.length) throw new StatsInputError(StatsErrorCode.EmptyVariant, 'p_values', 'give at least one p-value.');
  pValues.forEach((p, i) => probability(p, `p_values[${i}]`, false));
  const m = pValues.length;
  if (method === 'none') return [...pValues];
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  if (method === 'holm') {
    let running = 0;
    order.forEach(([p, i], rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * p));
      out[i] = running;
    });
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank--) {
      const [p, i] = order[rank]!;
      running = Math.min(running, (m / (rank + 1)) * p);
      out[i] = Math.min(1, running);
    }
  }
  return out;
}
