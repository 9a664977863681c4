/**
 * Reports of a saved experiment, written for a reader: the question, the verdict, the numbers with their
 * intervals, a chart, the caveats (SRM, peeking, many comparisons), the notes and the method, as sections of
 * blocks (`buildReport`); `experiment-report-render.ts` writes them as Markdown, HTML or CSV. Pure functions.
 */
import type { IntervalRow } from './experiment-chart';
import { CORRECTION_NAMES, summarizeArms, type Tone } from './experiment-summary';
import type { ComparisonResult, ExperimentAnalysis } from './experiment-types';
import { formatPValue, pValueText } from './stats/p-value';
import type { SavedExperiment } from './types';

type Flat = [string, string][];

/** A p-value field (pValue, adjustedPValue, naivePValue…): printed as p-values are everywhere, never as 0. */
const P_VALUE_KEY = /p_?value$/i;

/** Flattens nested results into dotted keys; long arrays (curves, densities) are left out. Used by the CSV report. */
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

// ---- The report, independent of its format

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'chart'; rows: IntervalRow[]; axis: string }
  | { kind: 'list'; items: { text: string; warn: boolean }[] };

interface Section {
  title: string;
  blocks: Block[];
}

export interface Report {
  title: string;
  subtitle: string;
  verdict: string;
  tone: Tone;
  sections: Section[];
}

const KIND_NAMES: Record<SavedExperiment['kind'], string> = {
  data: 'Experiment analysed from data',
  conversion: 'Conversion test',
  continuous: 'Test of a continuous metric',
  power: 'Sample size and power',
  srm: 'Sample ratio check',
};

const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)}%`;
const signedPct = (x: number, digits = 1) => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(digits)}%`;
const num = (x: number) =>
  Number.isInteger(x) ? x.toLocaleString('en-US') : Number(x.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
const signedNum = (x: number) => `${x >= 0 ? '+' : '−'}${num(Math.abs(x))}`;
const interval = (lo: number, hi: number, f: (x: number) => string) => `[${f(lo)}, ${f(hi)}]`;
const pp = (x: number) => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(2)} pp`;
const p = (x: number) => formatPValue(x, 2);
const level = (alpha: number) => `${Math.round((1 - alpha) * 100)}%`;

function savedOn(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function buildReport(e: SavedExperiment): Report {
  const base = { title: e.name, subtitle: `${KIND_NAMES[e.kind] ?? e.kind} · saved ${savedOn(e.updatedAt)}` };
  const body = e.kind === 'data' && isAnalysis(e.results) ? dataReport(e, e.results) : calculatorReport(e);
  const notes: Section[] = e.notes.trim()
    ? [
        {
          title: 'Notes',
          blocks: e.notes
            .trim()
            .split(/\n{2,}/)
            .map((text) => ({ kind: 'p', text })),
        },
      ]
    : [];
  const sections = [...body.sections];
  const method = sections.findIndex((s) => s.title === 'Method');
  sections.splice(method < 0 ? sections.length : method, 0, ...notes); // the analyst's notes come before the method
  return { ...base, verdict: body.verdict, tone: body.tone, sections };
}

const isAnalysis = (r: unknown): r is ExperimentAnalysis =>
  typeof r === 'object' &&
  r !== null &&
  Array.isArray((r as ExperimentAnalysis).comparisons) &&
  typeof (r as ExperimentAnalysis).control === 'string';

function dataReport(e: SavedExperiment, a: ExperimentAnalysis): Omit<Report, 'title' | 'subtitle'> {
  const inputs = e.inputs as { datasetName?: string; datasetSource?: string };
  const spec = a.spec;
  const binary = spec.metricKind === 'binary';
  const alpha = spec.alpha ?? 0.05;
  const summary = summarizeArms(a);
  const overall = a.comparisons.filter((c) => c.segment === null);
  const segments = a.comparisons.filter((c) => c.segment !== null);
  const arms = overall.map((c) => `"${c.variant}"`);
  const metric = binary
    ? `the conversion rate (${spec.metricColumn}, per ${spec.unitColumn})`
    : `${spec.metricColumn} per ${spec.unitColumn}`;
  const totalUnits = a.variants.reduce((s, v) => s + v.units, 0);

  const question: Block[] = [
    {
      kind: 'p',
      text: `Did ${arms.length === 1 ? `variant ${arms[0]}` : `the variants ${arms.join(', ')}`} change ${metric}, compared with the control "${a.control}"?`,
    },
    {
      kind: 'p',
      text: `Data: ${inputs.datasetName ? `${inputs.datasetName}${inputs.datasetSource ? ` (${inputs.datasetSource})` : ''}` : 'a loaded dataset'}; ${num(totalUnits)} units (${spec.unitColumn}) in ${a.variants.length} arms of ${spec.variantColumn}${spec.breakdownColumn ? `, broken down by ${spec.breakdownColumn}` : ''}.`,
    },
  ];

  const rate = (c: ComparisonResult, side: 'control' | 'treatment') =>
    c.conversion ? pct(side === 'control' ? c.conversion.controlRate : c.conversion.treatmentRate) : num(c.continuous![side].mean);
  const diff = (c: ComparisonResult) => {
    const r = (c.conversion ?? c.continuous)!;
    const f = binary ? pp : signedNum;
    return `${f(r.difference)} ${interval(r.differenceCi.lower, r.differenceCi.upper, f)}`;
  };
  const lift = (c: ComparisonResult) => {
    const r = (c.conversion ?? c.continuous)!;
    return r.lift === null
      ? '—'
      : `${signedPct(r.lift)}${r.liftCi ? ` ${interval(r.liftCi.lower, r.liftCi.upper, (x) => signedPct(x))}` : ''}`;
  };
  const units = (variant: string, segment: string | null) =>
    (segment === null ? a.variants : (a.segments.find((s) => s.segment === segment)?.variants ?? [])).find((v) => v.variant === variant)
      ?.units;
  const head = [
    'Arm',
    'Units',
    binary ? 'Conversion rate' : 'Mean',
    `Difference vs control (${level(alpha)} interval)`,
    `Relative lift (${level(alpha)} interval)`,
    'p-value',
    'Adjusted p',
    'Differs?',
  ];
  const first = overall[0];
  const numbers: string[][] = [
    [
      a.control === 'control' ? 'control' : `${a.control} (control)`,
      num(units(a.control, null) ?? 0),
      first ? rate(first, 'control') : '',
      '—',
      '—',
      '',
      '',
      '',
    ],
    ...overall.map((c) => [
      c.variant,
      num(units(c.variant, null) ?? 0),
      rate(c, 'treatment'),
      diff(c),
      lift(c),
      p(c.pValue),
      p(c.adjustedPValue),
      c.significant ? 'yes' : 'no',
    ]),
  ];
  const segmentRows = segments.map((c) => [
    c.segment!,
    c.variant,
    `${rate(c, 'control')} → ${rate(c, 'treatment')}`,
    diff(c),
    p(c.pValue),
    p(c.adjustedPValue),
    c.significant ? 'yes' : 'no',
  ]);
  const scale = binary ? 100 : 1;
  const chartRows = (list: ComparisonResult[]) =>
    list.map((c) => {
      const r = (c.conversion ?? c.continuous)!;
      return {
        label: c.segment === null ? c.variant : `${c.segment} · ${c.variant}`,
        estimate: r.difference * scale,
        lower: r.differenceCi.lower * scale,
        upper: r.differenceCi.upper * scale,
        significant: c.significant,
      };
    });
  const axis = binary
    ? `difference from control, percentage points (${level(alpha)} interval)`
    : `difference in mean from control (${level(alpha)} interval)`;

  const sections: Section[] = [
    { title: 'The question', blocks: question },
    {
      title: 'The numbers',
      blocks: [
        { kind: 'table', head, rows: numbers },
        { kind: 'chart', rows: chartRows(overall), axis },
        ...(segmentRows.length
          ? ([
              { kind: 'p', text: `By ${spec.breakdownColumn}:` },
              {
                kind: 'table',
                head: ['Segment', 'Arm', binary ? 'Rate' : 'Mean', 'Difference (interval)', 'p-value', 'Adjusted p', 'Differs?'],
                rows: segmentRows,
              },
              { kind: 'chart', rows: chartRows(segments), axis },
            ] as Block[])
          : []),
      ],
    },
    { title: 'Caveats and checks', blocks: [{ kind: 'list', items: dataCaveats(a, overall.length + segments.length) }] },
    { title: 'Method', blocks: [{ kind: 'p', text: dataMethod(a) }] },
  ];
  if (a.sequential) {
    const s = a.sequential;
    sections[1]!.blocks.push(
      { kind: 'p', text: `Over time (${a.control} against ${overall[0]?.variant ?? 'the first arm'}, look by look):` },
      {
        kind: 'table',
        head: ['Look', 'Units so far', 'Fixed-horizon p (peeking)', 'Always-valid p'],
        rows: s.looks.map((l, i) => [s.lookLabels[i] ?? String(l.look), num(l.users), p(l.naivePValue), p(l.alwaysValidPValue)]),
      },
    );
  }
  return { verdict: summary.headline, tone: summary.tone, sections };
}

function dataCaveats(a: ExperimentAnalysis, comparisons: number): { text: string; warn: boolean }[] {
  const items: { text: string; warn: boolean }[] = [];
  const correction = CORRECTION_NAMES[a.spec.correction ?? 'holm'] ?? a.spec.correction;
  items.push(
    a.srm.mismatch
      ? {
          text: `Sample ratio mismatch: the units are not split across the arms as planned (${pValueText(a.srm.pValue)}). Assignment or logging is broken somewhere; do not trust the results until it is explained.`,
          warn: true,
        }
      : { text: `The split of units across the arms matches the plan (sample ratio check, ${pValueText(a.srm.pValue)}).`, warn: false },
  );
  const s = a.sequential;
  if (!s)
    items.push({
      text: 'Peeking could not be checked (no assignment time was chosen). If the test was stopped the first time it looked significant, these p-values are too small.',
      warn: false,
    });
  else if (
    s.firstNaiveSignificantLook !== null &&
    (s.firstSignificantLook === null || s.firstSignificantLook > s.firstNaiveSignificantLook)
  )
    items.push({
      text: `Peeking: a fixed-horizon test checked at every look would have called a difference at look ${s.lookLabels[s.firstNaiveSignificantLook - 1] ?? s.firstNaiveSignificantLook}; the always-valid test ${s.firstSignificantLook === null ? 'never does' : `waits until look ${s.lookLabels[s.firstSignificantLook - 1] ?? s.firstSignificantLook}`}. Decide on the always-valid result.`,
      warn: true,
    });
  else items.push({ text: `Peeking: ${s.verdict}`, warn: false });
  if (comparisons > 1)
    items.push({
      text: `${comparisons} comparisons were made, so the p-values are adjusted (${correction} correction); "Differs?" uses the adjusted p.`,
      warn: false,
    });
  if (a.winsorizedAt !== null)
    items.push({ text: `The metric was capped at ${num(a.winsorizedAt)} (winsorised) before testing.`, warn: false });
  for (const w of a.warnings) if (!/ratio mismatch/i.test(w)) items.push({ text: w, warn: true });
  return items;
}

function dataMethod(a: ExperimentAnalysis): string {
  const alpha = a.spec.alpha ?? 0.05;
  const correction = CORRECTION_NAMES[a.spec.correction ?? 'holm'] ?? a.spec.correction;
  const test =
    a.spec.metricKind === 'binary'
      ? 'two-proportion z-test per arm against control'
      : a.spec.covariateColumn
        ? `Welch's t-test on CUPED-adjusted values (covariate ${a.spec.covariateColumn})`
        : "Welch's t-test per arm against control";
  return `Rows aggregated per ${a.spec.unitColumn} first; ${test}; two-sided at α = ${alpha} (${level(alpha)} intervals); ${correction} correction across comparisons; sample ratio by a chi-square test (mismatch below p = 0.001)${a.sequential ? '; peeking by a mixture sequential probability ratio test (always-valid p-values)' : ''}.`;
}

// ---- Calculators: the numbers typed in, the answer

interface Arm {
  users?: number;
  conversions?: number;
  n?: number;
  mean?: number;
  sd?: number;
}

function calculatorReport(e: SavedExperiment): Omit<Report, 'title' | 'subtitle'> {
  const r = e.results as Record<string, unknown>;
  const verdict =
    typeof r.verdict === 'string' ? r.verdict : Array.isArray(r.verdicts) ? (r.verdicts as string[]).join(' ') : 'No result was saved.';
  const tone: Tone = r.significant === true ? ((r.difference as number) > 0 ? 'good' : 'bad') : 'neutral';
  const caveat = (text: string, warn = false) => ({ text, warn });
  const typed: Section = { title: 'What was typed in', blocks: [{ kind: 'table', head: ['Field', 'Value'], rows: inputRows(e.inputs) }] };
  const method = (text: string): Section => ({ title: 'Method', blocks: [{ kind: 'p', text }] });

  if (e.kind === 'conversion' && typeof r.controlRate === 'number') {
    const alpha = (r.alpha as number) ?? 0.05;
    const ci = r.differenceCi as { lower: number; upper: number };
    const liftCi = r.liftCi as { lower: number; upper: number } | null;
    const bayes = r.bayes as { probabilityToBeatControl?: number } | null | undefined;
    return {
      verdict,
      tone,
      sections: [
        {
          title: 'The question',
          blocks: [{ kind: 'p', text: 'Does the treatment convert better than the control, or is the difference chance?' }],
        },
        typed,
        {
          title: 'The numbers',
          blocks: [
            {
              kind: 'table',
              head: ['', 'Value'],
              rows: [
                ['Conversion rate', `${pct(r.treatmentRate as number)} (treatment) vs ${pct(r.controlRate as number)} (control)`],
                [`Difference (${level(alpha)} interval)`, `${pp(r.difference as number)} ${interval(ci.lower, ci.upper, pp)}`],
                [
                  'Relative lift',
                  r.lift === null
                    ? '—'
                    : `${signedPct(r.lift as number)}${liftCi ? ` ${interval(liftCi.lower, liftCi.upper, (x) => signedPct(x))}` : ''}`,
                ],
                ['p-value', p(r.pValue as number)],
                ...(typeof bayes?.probabilityToBeatControl === 'number'
                  ? [['Probability that treatment beats control (Bayesian)', pct(bayes.probabilityToBeatControl, 1)]]
                  : []),
              ],
            },
            {
              kind: 'chart',
              rows: [
                {
                  label: 'treatment',
                  estimate: 100 * (r.difference as number),
                  lower: 100 * ci.lower,
                  upper: 100 * ci.upper,
                  significant: r.significant === true,
                },
              ],
              axis: `difference from control, percentage points (${level(alpha)} interval)`,
            },
          ],
        },
        { title: 'Caveats and checks', blocks: [{ kind: 'list', items: [caveat(TYPED_CAVEAT)] }] },
        method(`Two-proportion z-test, two-sided at α = ${alpha}.`),
      ],
    };
  }
  if (e.kind === 'continuous' && typeof r.difference === 'number' && typeof r.control === 'object') {
    const alpha = (r.alpha as number) ?? 0.05;
    const ci = r.differenceCi as { lower: number; upper: number };
    const c = r.control as Arm;
    const t = r.treatment as Arm;
    return {
      verdict,
      tone,
      sections: [
        {
          title: 'The question',
          blocks: [{ kind: 'p', text: 'Does the treatment change the mean of the metric, or is the difference chance?' }],
        },
        typed,
        {
          title: 'The numbers',
          blocks: [
            {
              kind: 'table',
              head: ['Arm', 'n', 'Mean', 'SD'],
              rows: [
                ['control', num(c.n ?? 0), num(c.mean ?? 0), num(c.sd ?? 0)],
                ['treatment', num(t.n ?? 0), num(t.mean ?? 0), num(t.sd ?? 0)],
              ],
            },
            {
              kind: 'table',
              head: ['', 'Value'],
              rows: [
                [`Difference in mean (${level(alpha)} interval)`, `${signedNum(r.difference)} ${interval(ci.lower, ci.upper, signedNum)}`],
                ['Relative lift', r.lift === null ? '—' : signedPct(r.lift as number)],
                ['p-value', p(r.pValue as number)],
              ],
            },
            {
              kind: 'chart',
              rows: [{ label: 'treatment', estimate: r.difference, lower: ci.lower, upper: ci.upper, significant: r.significant === true }],
              axis: `difference in mean from control (${level(alpha)} interval)`,
            },
          ],
        },
        { title: 'Caveats and checks', blocks: [{ kind: 'list', items: [caveat(TYPED_CAVEAT)] }] },
        method(`Welch's t-test (unequal variances), two-sided at α = ${alpha}.`),
      ],
    };
  }
  if (e.kind === 'srm' && Array.isArray(r.expected)) {
    const observed = listOf((e.inputs as Record<string, unknown>).observed);
    const expected = r.expected as number[];
    const share = (r.observedShare as number[] | undefined) ?? [];
    return {
      verdict,
      tone: r.mismatch ? 'bad' : 'neutral',
      sections: [
        {
          title: 'The question',
          blocks: [{ kind: 'p', text: 'Were the units split across the arms as planned? If not, the test itself is suspect.' }],
        },
        typed,
        {
          title: 'The numbers',
          blocks: [
            {
              kind: 'table',
              head: ['Arm', 'Observed', 'Expected', 'Observed share'],
              rows: expected.map((x, i) => [
                `arm ${i + 1}`,
                observed[i] === undefined ? '' : num(observed[i]!),
                num(x),
                share[i] === undefined ? '' : pct(share[i]!),
              ]),
            },
            {
              kind: 'table',
              head: ['', 'Value'],
              rows: [
                ['Chi-square', `${num(r.chiSquare as number)} (df ${r.df as number})`],
                ['p-value', p(r.pValue as number)],
              ],
            },
          ],
        },
        method('Chi-square goodness-of-fit test; a mismatch is flagged below p = 0.001.'),
      ],
    };
  }
  // Power, or a result saved by an older version: the verdict and the figures it saved.
  const figures = flatten(r).filter(([k]) => !/verdict|formula|curve/i.test(k));
  return {
    verdict,
    tone: 'neutral',
    sections: [
      {
        title: 'The question',
        blocks: [
          { kind: 'p', text: e.kind === 'power' ? 'How many users does the test need, or what effect can it detect?' : KIND_NAMES[e.kind] },
        ],
      },
      typed,
      ...(figures.length
        ? [
            {
              title: 'The numbers',
              blocks: [{ kind: 'table', head: ['', 'Value'], rows: figures.map(([k, v]) => [humanKey(k), v]) }],
            } as Section,
          ]
        : []),
      ...(typeof r.formula === 'string' ? [method(r.formula)] : []),
    ],
  };
}

const TYPED_CAVEAT =
  'These counts were typed in, so the report cannot check the traffic split (use the sample ratio check) or whether the test was stopped early when it first looked significant (peeking makes p-values too small).';

const listOf = (v: unknown): number[] =>
  (Array.isArray(v) ? v : String(v ?? '').split(/[\s,;]+/)).map(Number).filter((x) => Number.isFinite(x));

const FIELD_NAMES: Record<string, string> = {
  'control.users': 'Control: users',
  'control.conversions': 'Control: conversions',
  'treatment.users': 'Treatment: users',
  'treatment.conversions': 'Treatment: conversions',
  'control.n': 'Control: n',
  'control.mean': 'Control: mean',
  'control.sd': 'Control: SD',
  'treatment.n': 'Treatment: n',
  'treatment.mean': 'Treatment: mean',
  'treatment.sd': 'Treatment: SD',
  alpha: 'Significance level (α)',
  power: 'Power',
  baseline: 'Baseline rate',
  relative_mde: 'Smallest relative effect',
  mde: 'Smallest effect',
  sd: 'Standard deviation',
  n: 'Users per arm',
  variants: 'Arms',
  ratio: 'Treatment/control traffic ratio',
  observed: 'Observed units per arm',
  expected_weights: 'Planned weights',
};

const humanKey = (k: string) => FIELD_NAMES[k] ?? k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ');

function inputRows(inputs: Record<string, unknown>): string[][] {
  return flatten(inputs)
    .filter(([k, v]) => v !== '' && !/^(metric|solve)$/.test(k))
    .map(([k, v]) => [humanKey(k), v]);
}
