import { describe, expect, it } from 'vitest';
import { buildReport, flatten } from './experiment-report';
import { reportHtml, reportMarkdown } from './experiment-report-render';
import { summarizeArms } from './experiment-summary';
import type { ComparisonResult, ExperimentAnalysis } from './experiment-types';
import { adjustPValues } from './stats/multiple';
import { twoProportionTest } from './stats/proportions';
import { msprt } from './stats/sequential';
import { sampleRatioMismatch } from './stats/srm';
import type { SavedExperiment } from './types';

/** A from-data analysis built with the real statistics over given per-arm counts (control first). */
function analysis(
  arms: { variant: string; units: number; conversions: number }[],
  extra: Partial<ExperimentAnalysis> = {},
  /** The planned split; by default the one observed (no mismatch). */
  weights = arms.map((a) => a.units / arms.reduce((s, x) => s + x.units, 0)),
): ExperimentAnalysis {
  const [control, ...rest] = arms;
  const raw = rest.map((t) =>
    twoProportionTest({ users: control!.units, conversions: control!.conversions }, { users: t.units, conversions: t.conversions }),
  );
  const adjusted = adjustPValues(
    raw.map((r) => r.pValue),
    'holm',
  );
  const comparisons: ComparisonResult[] = rest.map((t, i) => ({
    segment: null,
    variant: t.variant,
    conversion: raw[i]!,
    pValue: raw[i]!.pValue,
    adjustedPValue: adjusted[i]!,
    significant: adjusted[i]! < 0.05,
    verdict: `verdict of ${t.variant}`,
  }));
  return {
    spec: {
      datasetId: 'ds-7f3a9c',
      unitColumn: 'customer_id',
      variantColumn: 'variant',
      metricColumn: 'converted',
      metricKind: 'binary',
      correction: 'holm',
    },
    control: control!.variant,
    variants: arms.map((a) => ({ variant: a.variant, units: a.units, sum: a.conversions, sumSq: a.conversions })),
    srm: sampleRatioMismatch(
      arms.map((a) => a.units),
      weights,
    ),
    comparisons,
    segments: [],
    warnings: [],
    winsorizedAt: null,
    sequential: null,
    elapsedMs: 12,
    ...extra,
  };
}

const saved = (a: ExperimentAnalysis, notes = ''): SavedExperiment => ({
  id: '0b6d0c1e-internal-id',
  name: 'Checkout <test>',
  kind: 'data',
  inputs: { ...a.spec, datasetName: 'experiment_assignments', datasetSource: '/data/experiment_assignments.csv' },
  results: a as unknown as Record<string, unknown>,
  notes,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-02T09:30:00.000Z',
});

// Nine arms: control at 10%; v3 (13%) and v6 (12.6%) clearly higher; v8 has the largest estimate but on few units.
const NINE = [
  { variant: 'control', units: 4000, conversions: 400 },
  { variant: 'v1', units: 4000, conversions: 404 },
  { variant: 'v2', units: 4000, conversions: 396 },
  { variant: 'v3', units: 4000, conversions: 520 },
  { variant: 'v4', units: 4000, conversions: 410 },
  { variant: 'v5', units: 4000, conversions: 392 },
  { variant: 'v6', units: 4000, conversions: 505 },
  { variant: 'v7', units: 4000, conversions: 415 },
  { variant: 'v8', units: 60, conversions: 9 },
];

describe('the headline over all arms', () => {
  it('with nine arms names the best significant arm against control and how many arms differ', () => {
    const a = analysis(NINE);
    const s = summarizeArms(a);
    expect(s.arms).toBe(8);
    expect(s.higher).toBe(2);
    expect(s.lower).toBe(0);
    expect(s.best.variant).toBe('v3'); // v8's 15% on 60 units is not significant and does not take the headline
    expect(s.headline).toMatch(/^v3 does best: 13\.00% vs 10\.00% \(\+30\.0%\) against control/);
    expect(s.headline).toContain('2 of 8 arms differ from control "control" after Holm correction (2 higher, 0 lower)');
    expect(s.tone).toBe('good');
  });

  it('says there is no clear winner when no arm differs, and keeps a single arm’s own verdict', () => {
    const flat = analysis(NINE.map((x, i) => (i === 0 ? x : { ...x, units: 4000, conversions: 400 + (i % 3) })));
    expect(summarizeArms(flat).headline).toMatch(/^No clear winner: none of the 8 arms differs from control "control"/);
    expect(summarizeArms(flat).tone).toBe('neutral');
    const two = analysis(NINE.slice(0, 2));
    expect(summarizeArms(two).headline).toBe('verdict of v1');
  });
});

describe('the experiment report', () => {
  it('reads as a report: question, verdict, numbers with intervals, chart, caveats; no internal ids or key dumps', () => {
    const md = reportMarkdown(saved(analysis(NINE), 'Shipped v3 on Monday.'));
    const order = [
      '# Checkout <test>',
      '## The verdict',
      '## The question',
      '## The numbers',
      '## Caveats and checks',
      '## Notes',
      '## Method',
    ].map((h) => md.indexOf(h));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(md).toContain('**v3 does best:');
    expect(md).toContain(
      'Did the variants "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8" change the conversion rate (converted, per customer_id)',
    );
    // v3: +3.00 pp with its 95% interval, lift and adjusted p, on its own row.
    expect(md).toMatch(
      /\| v3 \| 4,000 \| 13\.00% \| \+3\.00 pp \[\+1\.\d\d pp, \+4\.\d\d pp\] \| \+30\.0% \[\+\d+\.\d%, \+\d+\.\d%\] \| [\d.e-]+ \| [\d.e-]+ \| yes \|/,
    );
    expect(md).toContain('```text'); // the text chart
    expect(md.match(/^v\d {2}.*[●○]/gm)).toHaveLength(8); // one line per arm
    expect(md).toContain('The split of units across the arms matches the plan');
    expect(md).toContain('Peeking could not be checked');
    expect(md).not.toMatch(/ds-7f3a9c|0b6d0c1e|spec\.|datasetId|elapsedMs/);
  });

  it('warns of a sample ratio mismatch and of peeking', () => {
    const arms = [
      { variant: 'control', units: 5000, conversions: 500 },
      { variant: 'treatment', units: 4500, conversions: 540 },
    ];
    const looks = [1000, 2000, 3000, 4000, 5000].map((n) => ({
      control: { users: n, conversions: Math.round(n * 0.1) },
      treatment: { users: n, conversions: Math.round(n * (n <= 2000 ? 0.125 : 0.11)) },
    }));
    const seq = msprt(looks);
    const a = analysis(
      arms,
      { sequential: { ...seq, lookLabels: ['day 1', 'day 2', 'day 3', 'day 4', 'day 5'], verdict: 'stopping rule verdict' } },
      [0.5, 0.5],
    );
    const md = reportMarkdown(saved(a));
    expect(md).toMatch(/\*\*Warning:\*\* Sample ratio mismatch: the units are not split across the arms as planned \(p = /);
    if (seq.firstNaiveSignificantLook !== null && (seq.firstSignificantLook ?? Infinity) > seq.firstNaiveSignificantLook)
      expect(md).toContain(`would have called a difference at look day ${seq.firstNaiveSignificantLook}`);
    else expect(md).toContain('Peeking: stopping rule verdict');
    expect(md).toContain('| Look | Units so far | Fixed-horizon p (peeking) | Always-valid p |');
  });

  it('HTML is self-contained: inline styles and an inline SVG chart, nothing fetched, text escaped', () => {
    const page = reportHtml(saved(analysis(NINE), 'a & b'));
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<h1>Checkout &lt;test&gt;</h1>');
    expect(page).toContain('a &amp; b');
    expect(page.match(/<svg /g)).toHaveLength(1);
    expect(page.match(/<circle /g)).toHaveLength(8);
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(|https?:\/\/|src=/i);
    expect(page).toContain('class="verdict good"');
  });

  it('a calculator report gives the question, the interval and a chart', () => {
    const r = twoProportionTest({ users: 10000, conversions: 1000 }, { users: 10000, conversions: 1100 });
    const e: SavedExperiment = {
      ...saved(analysis(NINE)),
      kind: 'conversion',
      inputs: {
        'control.users': '10000',
        'control.conversions': '1000',
        'treatment.users': '10000',
        'treatment.conversions': '1100',
        alpha: '0.05',
      },
      results: { ...r, verdict: 'Treatment converts better.' } as unknown as Record<string, unknown>,
    };
    const report = buildReport(e);
    expect(report.verdict).toBe('Treatment converts better.');
    const md = reportMarkdown(e);
    expect(md).toContain('Does the treatment convert better than the control');
    expect(md).toMatch(/\| Difference \(95% interval\) \| \+1\.00 pp \[\+0\.\d\d pp, \+1\.\d\d pp\] \|/);
    expect(md).toContain('| Control: users | 10000 |');
    expect(reportHtml(e)).toContain('<svg ');
  });
});

describe('report numbers', () => {
  it('print p-values with the shared format: tiny ones in scientific notation, none as 0', () => {
    const rows = Object.fromEntries(
      flatten({
        pValue: 2.381600164396296e-21,
        overall: { pValue: 0 },
        comparisons: [{ adjustedPValue: 0.0210751893 }],
        chiSquare: 90.00000001,
      }),
    );
    expect(rows).toEqual({
      pValue: '2.3816002e-21',
      'overall.pValue': '< 1e-300',
      'comparisons[0].adjustedPValue': '0.021075189',
      chiSquare: '90',
    });
  });
});
