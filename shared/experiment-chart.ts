/** The report's chart: effects with their intervals against zero, as inline SVG (HTML) or as text (Markdown). Pure. */

export interface IntervalRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
  significant: boolean;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** About five round ticks covering [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function domain(rows: IntervalRow[]): [number, number] {
  const lo = Math.min(0, ...rows.map((r) => r.lower));
  const hi = Math.max(0, ...rows.map((r) => r.upper));
  const pad = (hi - lo || 1) * 0.06;
  return [lo - pad, hi + pad];
}

const tickText = (t: number) => String(Number(t.toPrecision(6)));
const short = (t: number) => String(Number(t.toPrecision(3)));

/** A forest plot: one row per comparison, the estimate as a dot, its interval as a line, zero as a red rule. */
export function forestSvg(rows: IntervalRow[], axisTitle: string): string {
  const labelW = Math.min(260, 24 + 7 * Math.max(...rows.map((r) => r.label.length), 4));
  const plotW = 600;
  const rowH = 26;
  const top = 10;
  const width = labelW + plotW + 20;
  const height = top + rows.length * rowH + 48;
  const [lo, hi] = domain(rows);
  const x = (v: number) => labelW + ((v - lo) / (hi - lo)) * plotW;
  const axisY = top + rows.length * rowH + 4;
  const parts: string[] = [
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(axisTitle)}" font-family="system-ui, sans-serif" font-size="12">`,
  ];
  for (const t of niceTicks(lo, hi)) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top}" x2="${x(t).toFixed(1)}" y2="${axisY}" stroke="#eceef2"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${axisY + 16}" text-anchor="middle" fill="#6b7385">${tickText(t)}</text>`);
  }
  parts.push(`<line x1="${x(0).toFixed(1)}" y1="${top}" x2="${x(0).toFixed(1)}" y2="${axisY}" stroke="#c23b3b" stroke-width="1.5"/>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const colour = r.significant ? '#2f6fde' : '#8a93a6';
    parts.push(`<text x="${labelW - 10}" y="${y + 4}" text-anchor="end" fill="#1d2330">${esc(r.label)}</text>`);
    parts.push(
      `<line x1="${x(r.lower).toFixed(1)}" y1="${y}" x2="${x(r.upper).toFixed(1)}" y2="${y}" stroke="${colour}" stroke-width="2"/>`,
    );
    parts.push(
      `<circle cx="${x(r.estimate).toFixed(1)}" cy="${y}" r="5" fill="${colour}"><title>${esc(r.label)}: ${short(r.estimate)} [${short(r.lower)}, ${short(r.upper)}]</title></circle>`,
    );
  });
  parts.push(`<text x="${labelW + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#1d2330">${esc(axisTitle)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** The same chart in text, for Markdown: `├──●──┤` on a scale with `┊` at zero. */
export function forestText(rows: IntervalRow[], axisTitle: string): string {
  const w = 41;
  const [lo, hi] = domain(rows);
  const col = (v: number) => Math.max(0, Math.min(w - 1, Math.round(((v - lo) / (hi - lo)) * (w - 1))));
  const labelW = Math.max(...rows.map((r) => r.label.length));
  const lines = rows.map((r) => {
    const cells = Array.from({ length: w }, () => ' ');
    cells[col(0)] = '┊';
    const a = col(r.lower);
    const b = col(r.upper);
    for (let i = a; i <= b; i++) cells[i] = '─';
    cells[a] = '├';
    cells[b] = '┤';
    cells[col(r.estimate)] = r.significant ? '●' : '○';
    return `${r.label.padEnd(labelW)}  ${cells.join('')}  ${short(r.estimate)} [${short(r.lower)}, ${short(r.upper)}]`;
  });
  const scale = `${' '.repeat(labelW)}  ${short(lo).padEnd(Math.floor(w / 2))}${short(hi).padStart(Math.ceil(w / 2))}`;
  return [...lines, scale, `${' '.repeat(labelW)}  ${axisTitle} · ● differs from control, ○ could be chance`].join('\n');
}
