/** Reports of a saved experiment as Markdown, self-contained HTML, or CSV. Pure functions. */
import { csvField } from './page';
import { formatPValue } from './stats/p-value';
import type { SavedExperiment } from './types';

type Flat = [string, string][];

/** A p-value field (pValue, adjustedPValue, naivePValue…): printed as p-values are everywhere, never as 0. */
const P_VALUE_KEY = /p_?value$/i;

/** Flattens nested results into dotted keys; long arrays (curves, densities) are left out of reports. */
export function flatten(value: unknown, prefix = ''): Flat {
  if (value === null || value === undefined) return [[prefix, '']];
  if (Array.isArray(value)) {
    if (value.length > 12) return [];
    return value.flatMap((v, i) => flatten(v, `${prefix}[${i}]`));
  }
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  if (typeof value === 'number' && P_VALUE_KEY.test(prefix)) return [[prefix, formatPValue(value, 8)]];
  if (typeof value === 'number') return [[prefix, Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(8)))]];
  return [[prefix, String(value)]];
}

function verdicts(e: SavedExperiment): string[] {
  const r = e.results as {
    verdict?: string;
    verdicts?: string[];
    comparisons?: { segment: string | null; variant: string; verdict: string }[];
    warnings?: string[];
  };
  if (r.comparisons) return r.comparisons.map((c) => `${c.segment ? `${c.segment} · ` : ''}${c.variant}: ${c.verdict}`);
  return [r.verdict, ...(r.verdicts ?? [])].filter((v): v is string => Boolean(v));
}

function warnings(e: SavedExperiment): string[] {
  return ((e.results as { warnings?: string[] }).warnings ?? []).filter(Boolean);
}

const mdEscape = (s: string) => s.replace(/[|\\]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

export function reportMarkdown(e: SavedExperiment): string {
  const lines = [`# ${e.name}`, '', `${e.kind} experiment · saved ${e.updatedAt}`, ''];
  for (const w of warnings(e)) lines.push(`> **Warning:** ${w}`, '');
  lines.push('## Result', '', ...verdicts(e).map((v) => `- ${v}`), '');
  if (e.notes.trim()) lines.push('## Notes', '', e.notes.trim(), '');
  lines.push(
    '## Inputs',
    '',
    '| field | value |',
    '|---|---|',
    ...flatten(e.inputs).map(([k, v]) => `| ${mdEscape(k)} | ${mdEscape(v)} |`),
    '',
  );
  lines.push(
    '## Numbers',
    '',
    '| field | value |',
    '|---|---|',
    ...flatten(e.results)
      .filter(([k]) => !/verdict/.test(k))
      .map(([k, v]) => `| ${mdEscape(k)} | ${mdEscape(v)} |`),
    '',
  );
  return lines.join('\n');
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reportHtml(e: SavedExperiment): string {
  const table = (rows: Flat) => `<table>${rows.map(([k, v]) => `<tr><th>${html(k)}</th><td>${html(v)}</td></tr>`).join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(e.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#1d2330}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;border-bottom:1px solid #e2e5ea;padding:4px 8px}th{color:#6b7385;font-weight:500;width:40%}.warn{background:#fff6e0;border:1px solid #f0d28a;padding:8px;border-radius:6px}
.verdict{font-size:17px;font-weight:600}</style></head><body>
<h1>${html(e.name)}</h1><p>${html(e.kind)} experiment · saved ${html(e.updatedAt)}</p>
${warnings(e)
  .map((w) => `<p class="warn">${html(w)}</p>`)
  .join('\n')}
<h2>Result</h2>${verdicts(e)
    .map((v) => `<p class="verdict">${html(v)}</p>`)
    .join('\n')}
${e.notes.trim() ? `<h2>Notes</h2><p>${html(e.notes.trim()).replace(/\n/g, '<br>')}</p>` : ''}
<h2>Inputs</h2>${table(flatten(e.inputs))}
<h2>Numbers</h2>${table(flatten(e.results).filter(([k]) => !/verdict/.test(k)))}
</body></html>
`;
}

/** One row per comparison (from-data analyses) or per result field (calculators). */
export function reportCsv(e: SavedExperiment): string {
  const r = e.results as { comparisons?: Record<string, unknown>[] };
  if (r.comparisons?.length) {
    const rows = r.comparisons.map((c) => Object.fromEntries(flatten(c)));
    const cols = [...new Set(rows.flatMap((x) => Object.keys(x)))];
    return [cols.map(csvField).join(','), ...rows.map((x) => cols.map((c) => csvField(x[c] ?? '')).join(','))].join('\n') + '\n';
  }
  return ['field,value', ...flatten(e.results).map(([k, v]) => `${csvField(k)},${csvField(v)}`)].join('\n') + '\n';
}
