import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { FitControl } from '../../../shared/ml/errors';
import type { ClvResult } from '../../../shared/models/types';
import { quoteIdent, quoteString } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import type { MlWorkerClient } from './ml-client';
import { checkOrders } from './rfm';

export interface ClvRequest {
  customerColumn: string;
  dateColumn: string;
  amountColumn: string;
  /** End of observation (a date); default: the day of the last order. Later orders are left out. */
  asOf?: string;
  /** Days ahead to value (default 365). */
  horizon?: number;
  /** Discount per 30-day month (default 0). */
  monthlyDiscount?: number;
  table: string;
}

/**
 * CLV from an orders table: orders are summed per customer and day (several orders on a day count as
 * one purchase, as `lifetimes` summarises daily data), giving frequency (repeat purchase days),
 * recency (days from the first to the last), age (days from the first to the end of observation) and
 * the repeat days' average value; BG/NBD and Gamma-Gamma are fitted in the model worker, and the
 * per-customer values are written to a DuckDB table.
 */
export async function buildClv(
  engine: Engine,
  ml: MlWorkerClient,
  orders: Dataset,
  req: ClvRequest,
  control?: FitControl,
): Promise<ClvResult> {
  const { rel, date } = await checkOrders(engine, orders, req);
  const asOf = req.asOf ? `CAST(${quoteString(req.asOf)} AS DATE)` : `(SELECT max(CAST(${date} AS DATE)) FROM ${rel})`;
  if (req.asOf) {
    const ok = await engine.query(`SELECT TRY_CAST(${quoteString(req.asOf)} AS DATE) IS NOT NULL`);
    if (ok.data[0]?.[0] !== true)
      throw new WorkbenchError(ErrorCode.InvalidArgument, `asOf: "${req.asOf}" is not a date (use YYYY-MM-DD).`, { field: 'asOf' });
  }
  const summary = `${req.table}__summary`;
  await engine.exec(`
    CREATE OR REPLACE TEMP TABLE ${quoteIdent(summary)} AS
    WITH days AS (
      SELECT CAST(${quoteIdent(req.customerColumn)} AS VARCHAR) AS customer, CAST(${date} AS DATE) AS day,
             sum(coalesce(TRY_CAST(${quoteIdent(req.amountColumn)} AS DOUBLE), 0)) AS amount
      FROM ${rel}
      WHERE ${quoteIdent(req.customerColumn)} IS NOT NULL AND ${date} IS NOT NULL AND CAST(${date} AS DATE) <= ${asOf}
      GROUP BY 1, 2
    ), firsts AS (
      SELECT customer, min(day) AS first_day FROM days GROUP BY 1
    )
    SELECT d.customer,
           count(*) - 1 AS frequency,
           date_diff('day', f.first_day, max(d.day)) AS recency_days,
           date_diff('day', f.first_day, ${asOf}) AS age_days,
           coalesce(sum(d.amount) FILTER (WHERE d.day > f.first_day) / nullif(count(*) - 1, 0), 0) AS avg_repeat_value
    FROM days d JOIN firsts f USING (customer)
    GROUP BY d.customer, f.first_day
    ORDER BY d.customer`);
  try {
    const cols = await engine.numericColumns(
      `SELECT frequency, recency_days, age_days, avg_repeat_value FROM ${quoteIdent(summary)} ORDER BY customer`,
    );
    const [frequency, recency, T, monetary] = cols.columns as [Float64Array, Float64Array, Float64Array, Float64Array];
    if (!frequency.length) throw new WorkbenchError(ErrorCode.BadInput, `${orders.name}: no orders on or before the observation end.`);
    let fit;
    try {
      fit = await ml.clv({ frequency, recency, T, monetary }, { horizon: req.horizon, monthlyDiscount: req.monthlyDiscount }, control);
    } catch (e) {
      // The fit names the field (frequency, monetary, horizon); say which table it came from.
      if (e instanceof WorkbenchError && e.code === ErrorCode.BadInput)
        throw new WorkbenchError(e.code, `${orders.name}: ${e.message}`, e.extra);
      throw e;
    }
    // Totals first: appending moves the arrays' memory to the database worker.
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    const totals = { expectedPurchases: sum(fit.expectedPurchases), clv: sum(fit.clv), meanPAlive: sum(fit.pAlive) / frequency.length };
    const repeatCustomers = frequency.filter((x) => x > 0).length;
    const staging = `${req.table}__values`;
    const names = ['idx', 'p_alive', 'expected_purchases', 'expected_order_value', 'clv'];
    await engine.exec(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(staging)} (${names.map((n) => `${quoteIdent(n)} DOUBLE`).join(', ')})`);
    await engine.appendColumns(staging, names, [
      Float64Array.from(frequency, (_, i) => i),
      fit.pAlive,
      fit.expectedPurchases,
      fit.expectedOrderValue,
      fit.clv,
    ]);
    await engine.exec(`
      CREATE OR REPLACE TABLE ${quoteIdent(req.table)} AS
      SELECT s.customer, s.frequency, s.recency_days, s.age_days, s.avg_repeat_value,
             v.p_alive, v.expected_purchases, v.expected_order_value, v.clv
      FROM (SELECT *, row_number() OVER (ORDER BY customer) - 1 AS idx FROM ${quoteIdent(summary)}) s
      JOIN ${quoteIdent(staging)} v ON v.idx = s.idx
      ORDER BY s.customer`);
    await engine.exec(`DROP TABLE ${quoteIdent(staging)}`);
    const top = await engine.query(
      `SELECT customer, clv, expected_purchases, p_alive FROM ${quoteIdent(req.table)} ORDER BY clv DESC, customer LIMIT 10`,
    );
    const corr = await engine.query(`SELECT corr(frequency, avg_repeat_value) FROM ${quoteIdent(summary)} WHERE frequency > 0`);
    return {
      table: req.table,
      customers: frequency.length,
      repeatCustomers,
      bgnbd: fit.bgnbd,
      gammaGamma: fit.gammaGamma,
      horizon: req.horizon ?? 365,
      totals,
      frequencySpendCorrelation: Number(corr.data[0]?.[0] ?? Number.NaN),
      nonPositiveSpend: fit.nonPositiveSpend,
      notes: fit.notes,
      top: (top.data[0] ?? []).map((c, i) => ({
        customer: String(c),
        clv: Number(top.data[1]?.[i]),
        expectedPurchases: Number(top.data[2]?.[i]),
        pAlive: Number(top.data[3]?.[i]),
      })),
    };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(summary)}`);
  }
}
