/** Pure: axis settings the app's charts share. */

/** A power of ten as an analyst reads it: 1, 0.1, 0.01, 0.001, then 1e-4, 1e-5 … */
export function decadeLabel(k: number): string {
  if (k >= 0) return String(10 ** k);
  if (k >= -3) return (10 ** k).toFixed(-k);
  return `1e${k}`;
}

/**
 * A log axis for p-values labelled only at decades, from the decade at or below the smallest
 * positive value up to 1 (Plotly's own log ticks read "5, 2, 0.1, 5, 2").
 */
export function pValueLogAxis(values: readonly number[], title = 'p-value'): Record<string, unknown> {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const lowest = positive.length ? Math.min(...positive) : 0.01;
  const bottom = Math.max(-300, Math.min(-1, Math.floor(Math.log10(lowest))));
  const ks = Array.from({ length: -bottom + 1 }, (_, i) => bottom + i);
  // Many decades: label every second or third one so the labels never crowd.
  const step = Math.ceil(ks.length / 8);
  const shown = ks.filter((k) => k % step === 0);
  return {
    type: 'log',
    title: { text: title },
    range: [bottom - 0.1, 0.05],
    tickmode: 'array',
    tickvals: shown.map((k) => 10 ** k),
    ticktext: shown.map(decadeLabel),
    automargin: true,
  };
}
