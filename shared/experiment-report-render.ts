/**
 * A saved experiment's report (`buildReport`) written out: Markdown, self-contained HTML (inline SVG and styles,
 * nothing fetched), or CSV for a spreadsheet. Pure functions.
 */
import { forestSvg, forestText } from './experiment-chart';
import { buildReport, flatten, type Block } from './experiment-report';
import { csvField } from './page';
import type { SavedExperiment } from './types';

const mdEscape = (s: string) => s.replace(/[|\\]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

export function reportMarkdown(e: SavedExperiment): string {
  const r = buildReport(e);
  const out = [`# ${r.title}`, '', `_${r.subtitle}_`, '', '## The verdict', '', `**${r.verdict}**`, ''];
  for (const s of r.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      if (b.kind === 'p') out.push(b.text, '');
      else if (b.kind === 'list') out.push(...b.items.map((i) => `- ${i.warn ? '**Warning:** ' : ''}${i.text}`), '');
      else if (b.kind === 'table')
        out.push(
          `| ${b.head.map(mdEscape).join(' | ')} |`,
          `|${b.head.map(() => '---').join('|')}|`,
          ...b.rows.map((row) => `| ${row.map(mdEscape).join(' | ')} |`),
          '',
        );
      else out.push('```text', forestText(b.rows, b.axis), '```', '');
    }
  }
  return out.join('\n');
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1d2330;line-height:1.45}
h1{margin-bottom:0}.sub{color:#6b7385;margin-top:4px}h2{font-size:18px;margin-top:1.6em;border-bottom:1px solid #e2e5ea;padding-bottom:4px}
.verdict{font-size:18px;font-weight:600;padding:12px 14px;border-radius:8px;border-left:5px solid #8a93a6;background:#f4f5f7}
.verdict.good{border-color:#1e7a3c;background:#eaf6ee}.verdict.bad{border-color:#c23b3b;background:#fdf1f1}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{text-align:left;border-bottom:1px solid #e2e5ea;padding:5px 8px;vertical-align:top}
th{color:#6b7385;font-weight:600}td{font-variant-numeric:tabular-nums}ul{padding-left:1.2em}li.warn{color:#8a4b00}li.warn strong{color:#c23b3b}
figure{margin:10px 0;overflow-x:auto}svg{max-width:100%;height:auto}`;

export function reportHtml(e: SavedExperiment): string {
  const r = buildReport(e);
  const block = (b: Block): string => {
    if (b.kind === 'p') return `<p>${html(b.text).replace(/\n/g, '<br>')}</p>`;
    if (b.kind === 'list')
      return `<ul>${b.items.map((i) => `<li${i.warn ? ' class="warn"' : ''}>${i.warn ? '<strong>Warning:</strong> ' : ''}${html(i.text)}</li>`).join('')}</ul>`;
    if (b.kind === 'table')
      return `<table><thead><tr>${b.head.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((row) => `<tr>${row.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    return `<figure>${forestSvg(b.rows, b.axis)}</figure>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html(r.title)}</title>
<style>${STYLE}</style></head><body>
<h1>${html(r.title)}</h1><p class="sub">${html(r.subtitle)}</p>
<h2>The verdict</h2><p class="verdict ${r.tone}">${html(r.verdict)}</p>
${r.sections.map((s) => `<h2>${html(s.title)}</h2>\n${s.blocks.map(block).join('\n')}`).join('\n')}
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
