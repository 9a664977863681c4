import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { RfmResult } from '../../../shared/models/types';
import { quoteIdent, quoteString } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';

export interface RfmRequest {
  customerColumn: string;
  dateColumn: string;
  amountColumn: string;
  /** The day recency is measured from; default: the day after the last order. */
  asOf?: string;
  table: string;
}

/**
 * RFM from an orders table, in one DuckDB statement: recency (days), frequency (orders), monetary
 * (total), quintile scores 1–5 (5 = most recent / most frequent / highest spend) and the classic segments.
 */
export async function buildRfm(engine: Engine, orders: Dataset, req: RfmRequest): Promise<RfmResult> {
  const { rel, date } = await checkOrders(engine, orders, req);
  const asOf = req.asOf ? `CAST(${quoteString(req.asOf)} AS TIMESTAMP)` : `(SELECT max(${date}) + INTERVAL 1 DAY FROM ${rel})`;
  await engine.exec(`
    CREATE OR REPLACE TABLE ${quoteIdent(req.table)} AS
    WITH base AS (
      SELECT ${quoteIdent(req.customerColumn)} AS customer,
             date_diff('day', max(${date}), ${asOf}) AS recency_days,
             count(*) AS frequency,
             sum(coalesce(TRY_CAST(${quoteIdent(req.amountColumn)} AS DOUBLE), 0)) AS monetary
      FROM ${rel} WHERE ${quoteIdent(req.customerColumn)} IS NOT NULL GROUP BY 1
    ), scored AS (
      SELECT *, ntile(5) OVER (ORDER BY recency_days DESC, customer) AS r_score,
                ntile(5) OVER (ORDER BY frequency, customer) AS f_score,
                ntile(5) OVER (ORDER BY monetary, customer) AS m_score
      FROM base
    )
    SELECT *, r_score * 100 + f_score * 10 + m_score AS rfm_code,
      CASE
        WHEN r_score = 1 AND f_score = 5 THEN 'Cannot lose them'
        WHEN r_score >= 4 AND f_score >= 4 THEN 'Champions'
        WHEN r_score = 5 AND f_score = 1 THEN 'New customers'
        WHEN r_score <= 2 AND f_score >= 3 THEN 'At risk'
        WHEN f_score >= 3 THEN 'Loyal customers'
        WHEN r_score >= 4 THEN 'Potential loyalists'
        WHEN r_score = 3 THEN 'About to sleep'
        ELSE 'Hibernating'
      END AS segment
    FROM scored ORDER BY customer`);
  const seg = await engine.query(`SELECT segment, count(*) FROM ${quoteIdent(req.table)} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const segments = (seg.data[0] ?? []).map((s, i) => ({ segment: String(s), customers: Number(seg.data[1]?.[i]) }));
  return { table: req.table, customers: segments.reduce((a, b) => a + b.customers, 0), segments };
}

/** The orders table's customer, date and amount columns exist and the dates parse; its relation and date expression. */
export async function checkOrders(
  engine: Engine,
  orders: Dataset,
  req: { customerColumn: string; dateColumn: string; amountColumn: string },
): Promise<{ rel: string; date: string }> {
  const known = new Set(orders.columns.map((c) => c.name));
  for (const [field, col] of Object.entries({
    customerColumn: req.customerColumn,
    dateColumn: req.dateColumn,
    amountColumn: req.amountColumn,
  })) {
    if (!known.has(col)) throw new WorkbenchError(ErrorCode.InvalidArgument, `${orders.name} has no column "${col}".`, { field });
  }
  const rel = quoteIdent(orders.relation);
  const date = `TRY_CAST(${quoteIdent(req.dateColumn)} AS TIMESTAMP)`;
  const bad = await engine.query(`SELECT count(*) FROM ${rel} WHERE ${quoteIdent(req.dateColumn)} IS NOT NULL AND ${date} IS NULL`);
  if (Number(bad.data[0]?.[0]) > 0) {
    throw new WorkbenchError(
      ErrorCode.BadInput,
      `${orders.name}.${req.dateColumn}: ${Number(bad.data[0]?.[0]).toLocaleString('en-US')} values are not dates.`,
      { field: 'dateColumn' },
    );
  }
  return { rel, date };
}
