import type { RegisteredModel } from '../../../../shared/types';

/** The figures a registry row shows, by task: the test metrics a modeler compares first. */
export function headlineMetrics(m: RegisteredModel): [string, string][] {
  const metrics: Record<string, unknown> = { ...m.metrics };
  const pick: [string, string][] = [
    ['auc', 'AUC'],
    ['logLoss', 'log loss'],
    ['r2', 'R²'],
    ['rmse', 'RMSE'],
    ['silhouette', 'silhouette'],
    ['inertia', 'inertia'],
  ];
  return pick
    .filter(([key]) => typeof metrics[key] === 'number' && Number.isFinite(metrics[key]))
    .map(([key, label]) => [label, formatMetric(metrics[key] as number)]);
}

function formatMetric(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toString();
}
