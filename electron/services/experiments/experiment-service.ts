import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../../shared/api/call-context';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import {
  MAX_VARIANTS,
  type ComparisonResult,
  type ExperimentAnalysis,
  type ExperimentSpec,
  type VariantStats,
} from '../../../shared/experiment-types';
import { quoteIdent } from '../../../shared/sql';
import { cuped } from '../../../shared/stats/cuped';
import { StatsInputError } from '../../../shared/stats/errors';
import { welchTest } from '../../../shared/stats/means';
import { adjustPValues } from '../../../shared/stats/multiple';
import { twoProportionTest } from '../../../shared/stats/proportions';
import { msprt, type Look } from '../../../shared/stats/sequential';
import { sampleRatioMismatch } from '../../../shared/stats/srm';
import { continuousVerdict, conversionVerdict } from '../../../shared/stats/verdict';
import { pValueText } from '../../../shared/stats/p-value';
import type { Dataset } from '../../../shared/types';
import type { Engine, RunOptions } from '../engine/engine';
import { firstNonNumeric } from '../engine/non-numeric';
import type { JobContext } from '../jobs';

/** Share of a job's progress bar before the main aggregation starts, and when it ends. */
const AGGREGATION_FROM = 0.15;
const AGGREGATION_TO = 0.9;

/** Experiment results from a loaded table: one DuckDB aggregation to sufficient statistics, then the shared engine. */
export class ExperimentService {
  constructor(private readonly engine: Engine) {}

  /** Through the contract: a job's (or a direct call's) context becomes progress, and its cancel interrupts every query. */
  analyzeWithContext(dataset: Dataset, spec: ExperimentSpec, ctx: CallContext): Promise<ExperimentAnalysis> {
    const job: JobContext = {
      id: randomUUID(),
      progress: (fraction, message) => ctx.onProgress(fraction, message ?? ''),
      get cancelled() {
        return ctx.isCancelled();
      },
      onCancel: (fn) => ctx.onCancel(fn),
    };
    ctx.onCancel(async () => void (await this.engine.interrupt(job.id)));
    return this.analyze(dataset, spec, job);
  }

  /** With a job: progress is reported, every query can be interrupted by the job's id, and a cancel stops before the next query. */
  async analyze(dataset: Dataset, spec: ExperimentSpec, job?: JobContext): Promise<ExperimentAnalysis> {
    const started = performance.now();
    const step = (fraction: number, message: string) => {
      if (job?.cancelled) throw cancelledError();
      job?.progress(fraction, message);
    };
    const known = new Set(dataset.columns.map((c) => c.name));
    const columns: [keyof ExperimentSpec, string | undefined][] = [
      ['unitColumn', spec.unitColumn],
      ['variantColumn', spec.variantColumn],
      ['metricColumn', spec.metricColumn],
      ['covariateColumn', spec.covariateColumn],
      ['breakdownColumn', spec.breakdownColumn],
      ['timeColumn', spec.timeColumn],
    ];
    for (const [field, col] of columns) {
      if (col !== undefined && !known.has(col))
        throw new WorkbenchError(ErrorCode.InvalidArgument, `${dataset.name} has no column "${col}".`, { field });
    }
    if (spec.covariateColumn && spec.metricKind !== 'continuous') {
      throw new WorkbenchError(ErrorCode.InvalidArgument, 'CUPED needs a continuous metric.', { field: 'covariateColumn' });
    }
    step(0.02, `Checking ${spec.variantColumn}…`);
    await this.checkVariantCount(dataset, spec.variantColumn, job);
    step(0.08, `Checking ${spec.metricColumn}…`);
    const rel = quoteIdent(dataset.relation);
    const m = quoteIdent(spec.metricColumn);
    const chosen: [string, string][] = [
      [spec.metricColumn, 'metricColumn'],
      ...(spec.covariateColumn ? ([[spec.covariateColumn, 'covariateColumn']] as [string, string][]) : []),
    ];
    const bad = await firstNonNumeric(
      this.engine,
      dataset,
      chosen.map(([c]) => c),
      true,
      { queryId: job?.id },
    );
    if (bad) {
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `${dataset.name}.${bad.column}: ${bad.count.toLocaleString('en-US')} cells are not numbers (for example "${bad.example}").`,
        { field: chosen.find(([c]) => c === bad.column)![1] },
      );
    }

    const seg = spec.breakdownColumn ? `CAST(${quoteIdent(spec.breakdownColumn)} AS VARCHAR)` : 'NULL';
    const yRow = spec.metricKind === 'binary' ? `CASE WHEN ${numeric(m)} > 0 THEN 1 ELSE 0 END` : `coalesce(${numeric(m)}, 0)`;
    const xRow = spec.covariateColumn ? `coalesce(${numeric(quoteIdent(spec.covariateColumn))}, 0)` : '0';
    const v = quoteIdent(spec.variantColumn);
    const time = spec.timeColumn ? `TRY_CAST(${quoteIdent(spec.timeColumn)} AS TIMESTAMP)` : 'NULL::TIMESTAMP';
    const flat = `SELECT ${quoteIdent(spec.unitColumn)} AS unit, CAST(${v} AS VARCHAR) AS variant, ${seg} AS segment, ${yRow} AS y, ${xRow} AS x, ${time} AS t
                  FROM ${rel} WHERE ${v} IS NOT NULL`;
    // Rows are usually units already (an assignments table); otherwise roll rows up per unit first.
    const perUnit = `SELECT unit, variant, any_value(segment) AS segment, ${spec.metricKind === 'binary' ? 'max' : 'sum'}(y) AS y, avg(x) AS x, min(t) AS t
                     FROM (${flat}) GROUP BY unit, variant`;
    const aggregate = (units: string, cap: number | null) => {
      const y = cap === null ? 'y' : `least(y, ${cap})`;
      return `SELECT GROUPING(segment) AS total, segment, variant, count(*) AS units, sum(${y}) AS s, sum(${y} * ${y}) AS ss,
                     sum(x) AS sx, sum(x * x) AS sxx, sum(${y} * x) AS sxy
              FROM (${units}) GROUP BY GROUPING SETS ((variant), (segment, variant)) ORDER BY total DESC, segment, variant`;
    };
    const winsorize = spec.metricKind === 'continuous' && spec.winsorizePercentile !== undefined;
    if (winsorize && !(spec.winsorizePercentile! > 0.5 && spec.winsorizePercentile! < 1)) {
      throw new WorkbenchError(ErrorCode.InvalidArgument, 'winsorizePercentile: must be between 0.5 and 1.', {
        field: 'winsorizePercentile',
      });
    }
    step(AGGREGATION_FROM, `Aggregating ${dataset.rowCount.toLocaleString('en-US')} rows…`);
    const aggregationProgress: RunOptions = job
      ? { onProgress: (f) => job.progress(AGGREGATION_FROM + (AGGREGATION_TO - AGGREGATION_FROM) * f) }
      : {};
    const uniqueness = this.query(job, `SELECT count(*) AS n, count(DISTINCT unit) AS units FROM (${flat})`);
    // Without winsorising, the flat aggregation runs alongside the uniqueness check.
    const flatResult = winsorize ? null : this.query(job, aggregate(flat, null), aggregationProgress);
    flatResult?.catch(() => undefined);
    const u = await uniqueness;
    const unitsAreRows = Number(u.data[0]?.[0]) === Number(u.data[1]?.[0]);
    const units = unitsAreRows ? flat : perUnit;
    let cap: number | null = null;
    if (winsorize) {
      const q = await this.query(job, `SELECT quantile_cont(y, ${spec.winsorizePercentile}) FROM (${units})`);
      cap = Number(q.data[0]?.[0]);
    }
    let multi = 0;
    if (!unitsAreRows) {
      const mq = await this.query(job, `SELECT count(*) FROM (SELECT unit FROM (${perUnit}) GROUP BY unit HAVING count(*) > 1)`);
      multi = Number(mq.data[0]?.[0] ?? 0);
    }
    const r = flatResult && unitsAreRows ? await flatResult : await this.query(job, aggregate(units, cap), aggregationProgress);
    const col = (name: string) => r.data[r.columns.findIndex((c) => c.name === name)] ?? [];
    const rows = col('variant').map((v, i) => ({
      total: Number(col('total')[i]) === 1,
      segment: col('segment')[i] === null ? null : String(col('segment')[i]),
      stats: {
        variant: String(v),
        units: Number(col('units')[i]),
        sum: Number(col('s')[i]),
        sumSq: Number(col('ss')[i]),
        ...(spec.covariateColumn ? { sumX: Number(col('sx')[i]), sumX2: Number(col('sxx')[i]), sumXY: Number(col('sxy')[i]) } : {}),
      } satisfies VariantStats,
    }));
    const overall = rows.filter((x) => x.total).map((x) => x.stats);
    if (overall.length < 2)
      throw new WorkbenchError(ErrorCode.BadInput, `${spec.variantColumn}: needs at least two variants (found ${overall.length}).`, {
        field: 'variantColumn',
      });
    const control = spec.controlValue ?? overall.find((v) => v.variant.toLowerCase() === 'control')?.variant ?? overall[0]!.variant;
    if (!overall.some((v) => v.variant === control))
      throw new WorkbenchError(ErrorCode.InvalidArgument, `No variant "${control}" in ${spec.variantColumn}.`, { field: 'controlValue' });

    const warnings: string[] = [];
    if (multi > 0) warnings.push(`${multi.toLocaleString('en-US')} units appear in more than one variant; they are counted in each.`);
    const weights = overall.map((v) => spec.expectedWeights?.[v.variant] ?? 1 / overall.length);
    const srm = this.wrap(
      () =>
        sampleRatioMismatch(
          overall.map((v) => v.units),
          weights,
        ),
      'expectedWeights',
    );
    if (srm.mismatch)
      warnings.push(`Sample ratio mismatch (${pValueText(srm.pValue)}): the split does not match the plan; results may be biased.`);

    const comparisons: ComparisonResult[] = [];
    const segments = [...new Set(rows.filter((x) => !x.total).map((x) => x.segment ?? '(null)'))];
    const groups: { segment: string | null; stats: VariantStats[] }[] = [
      { segment: null, stats: overall },
      ...(spec.breakdownColumn
        ? segments.map((s) => ({ segment: s, stats: rows.filter((x) => !x.total && (x.segment ?? '(null)') === s).map((x) => x.stats) }))
        : []),
    ];
    for (const g of groups) {
      const c = g.stats.find((v) => v.variant === control);
      if (!c) continue;
      for (const t of g.stats) if (t.variant !== control) comparisons.push(this.compare(spec, c, t, g.segment));
    }
    // Correct within the overall comparisons and, separately, across the segment comparisons.
    const alpha = spec.alpha ?? 0.05;
    for (const isSegment of [false, true]) {
      const list = comparisons.filter((x) => (x.segment !== null) === isSegment);
      if (!list.length) continue;
      const adj = adjustPValues(
        list.map((x) => x.pValue),
        spec.correction ?? 'holm',
      );
      list.forEach((x, i) => {
        x.adjustedPValue = adj[i]!;
        x.significant = adj[i]! < alpha;
      });
    }
    if (spec.timeColumn) step(AGGREGATION_TO, 'Replaying the test look by look…');
    const sequential = spec.timeColumn ? await this.sequential(spec, units, cap, control, overall, job) : null;
    return {
      spec,
      control,
      sequential,
      variants: overall,
      srm,
      comparisons,
      segments: groups.filter((g) => g.segment !== null).map((g) => ({ segment: g.segment!, variants: g.stats })),
      warnings,
      winsorizedAt: cap,
      elapsedMs: performance.now() - started,
    };
  }

  /** Cumulative statistics by day (by week past 60 days) for control and the first other variant. */
  private async sequential(
    spec: ExperimentSpec,
    units: string,
    cap: number | null,
    control: string,
    variants: VariantStats[],
    job?: JobContext,
  ): Promise<ExperimentAnalysis['sequential']> {
    const treatment = variants.find((v) => v.variant !== control)!.variant;
    const bad = await this.query(job, `SELECT count(*) FROM (${units}) WHERE t IS NULL`);
    if (Number(bad.data[0]?.[0]) > 0) {
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `${spec.timeColumn}: ${Number(bad.data[0]?.[0]).toLocaleString('en-US')} values are empty or not dates.`,
        { field: 'timeColumn' },
      );
    }
    const y = cap === null ? 'y' : `least(y, ${cap})`;
    const span = await this.query(job, `SELECT date_diff('day', min(t), max(t)) FROM (${units})`);
    const unit = Number(span.data[0]?.[0] ?? 0) > 60 ? 'week' : 'day';
    const r = await this.query(
      job,
      `SELECT date_trunc('${unit}', t) AS look, variant, count(*) AS n, sum(${y}) AS s, sum(${y} * ${y}) AS ss
       FROM (${units}) WHERE variant IN ($1, $2) GROUP BY 1, 2 ORDER BY 1`,
      { params: [control, treatment] },
    );
    const [lookCol, varCol, nCol, sCol, ssCol] = r.data;
    const acc = { [control]: { n: 0, s: 0, ss: 0 }, [treatment]: { n: 0, s: 0, ss: 0 } };
    const looks: Look[] = [];
    const labels: string[] = [];
    for (let i = 0; i < (lookCol?.length ?? 0); i++) {
      const a = acc[String(varCol![i])]!;
      a.n += Number(nCol![i]);
      a.s += Number(sCol![i]);
      a.ss += Number(ssCol![i]);
      const last = i + 1 === lookCol!.length || String(lookCol![i + 1]) !== String(lookCol![i]);
      const c = acc[control]!;
      const t = acc[treatment]!;
      if (!last || c.n < 2 || t.n < 2) continue;
      const look: Look =
        spec.metricKind === 'binary'
          ? { control: { users: c.n, conversions: c.s }, treatment: { users: t.n, conversions: t.s } }
          : { control: { n: c.n, sum: c.s, sumSq: c.ss }, treatment: { n: t.n, sum: t.s, sumSq: t.ss } };
      // A look without variance yet (no conversions at all) cannot be tested; later looks can.
      const probe = spec.metricKind === 'binary' ? c.s + t.s > 0 && c.s + t.s < c.n + t.n : true;
      if (!probe) continue;
      looks.push(look);
      labels.push(String(lookCol![i]).slice(0, 10));
    }
    if (!looks.length) return null;
    const result = this.wrap(() => msprt(looks, spec.alpha ?? 0.05), 'timeColumn');
    const at = (n: number | null) => (n === null ? null : labels[n - 1]);
    const verdict =
      result.firstSignificantLook !== null
        ? `Safe to stop from ${at(result.firstSignificantLook)} (look ${result.firstSignificantLook} of ${looks.length}): significant even allowing for peeking.`
        : result.firstNaiveSignificantLook !== null
          ? `Peeking trap: a fixed-horizon test would have declared a winner on ${at(result.firstNaiveSignificantLook)}, but allowing for repeated looks the result is not yet conclusive.`
          : `Not conclusive at any of the ${looks.length} looks, even without correcting for peeking.`;
    return { ...result, lookLabels: labels, verdict };
  }

  /**
   * Refuses an identifier as the variant before any aggregation: a fixed-memory sketch first (one scan; an exact
   * DISTINCT over millions of ids takes seconds and GBs even under a LIMIT), then an exact count of a few values.
   */
  private async checkVariantCount(dataset: Dataset, column: string, job?: JobContext): Promise<void> {
    const rel = quoteIdent(dataset.relation);
    const v = quoteIdent(column);
    const refuse = (found: string) =>
      new WorkbenchError(
        ErrorCode.BadInput,
        `${column}: ${found} distinct values; a variant column holds the test's arms (at most ${MAX_VARIANTS}, such as control and treatment). Choose another column.`,
        { field: 'variantColumn' },
      );
    // The sketch is within a few per cent here; twice the limit leaves room for its error.
    const approx = Number((await this.query(job, `SELECT approx_count_distinct(${v}) FROM ${rel}`)).data[0]?.[0] ?? 0);
    if (approx > 2 * MAX_VARIANTS) throw refuse(`about ${approx.toLocaleString('en-US')}`);
    const exact = await this.query(
      job,
      `SELECT count(*) FROM (SELECT DISTINCT ${v} FROM ${rel} WHERE ${v} IS NOT NULL LIMIT ${MAX_VARIANTS + 1})`,
    );
    if (Number(exact.data[0]?.[0] ?? 0) > MAX_VARIANTS) throw refuse(`more than ${MAX_VARIANTS}`);
  }

  /** Every query of an analysis: tagged with the job's id (so a cancel interrupts it) and not started once cancelled. */
  private query(job: JobContext | undefined, sql: string, options: RunOptions = {}): ReturnType<Engine['query']> {
    if (job?.cancelled) return Promise.reject(cancelledError());
    return this.engine.query(sql, { ...options, queryId: job?.id });
  }

  private compare(spec: ExperimentSpec, c: VariantStats, t: VariantStats, segment: string | null): ComparisonResult {
    const alpha = spec.alpha ?? 0.05;
    const base = { segment, variant: t.variant, adjustedPValue: 1, significant: false };
    if (spec.metricKind === 'binary') {
      const r = this.wrap(
        () => twoProportionTest({ users: c.units, conversions: c.sum }, { users: t.units, conversions: t.sum }, alpha),
        'metricColumn',
        segment,
      );
      return { ...base, conversion: r, pValue: r.pValue, verdict: conversionVerdict(r) };
    }
    if (spec.covariateColumn) {
      const arm = (v: VariantStats) => ({ n: v.units, sumY: v.sum, sumY2: v.sumSq, sumX: v.sumX!, sumX2: v.sumX2!, sumXY: v.sumXY! });
      const r = this.wrap(() => cuped(arm(c), arm(t), alpha), 'metricColumn', segment);
      return {
        ...base,
        cuped: r,
        continuous: r.adjusted,
        pValue: r.adjusted.pValue,
        verdict: `${continuousVerdict(r.adjusted, spec.metricColumn)} (CUPED: −${(100 * r.varianceReduction).toFixed(1)}% variance)`,
      };
    }
    const r = this.wrap(
      () => welchTest({ n: c.units, sum: c.sum, sumSq: c.sumSq }, { n: t.units, sum: t.sum, sumSq: t.sumSq }, alpha),
      'metricColumn',
      segment,
    );
    return { ...base, continuous: r, pValue: r.pValue, verdict: continuousVerdict(r, spec.metricColumn) };
  }

  private wrap<T>(fn: () => T, field: string, segment: string | null = null): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StatsInputError) {
        throw new WorkbenchError(ErrorCode.BadInput, `${segment ? `segment "${segment}": ` : ''}${e.message}`, { field });
      }
      throw e;
    }
  }
}

/** Numbers, and booleans (true/false, yes/no) as 1/0. */
function numeric(col: string): string {
  return `coalesce(TRY_CAST(${col} AS DOUBLE), TRY_CAST(TRY_CAST(${col} AS BOOLEAN) AS DOUBLE))`;
}

function cancelledError(): WorkbenchError {
  return new WorkbenchError(ErrorCode.Cancelled, 'The analysis was cancelled.');
}
