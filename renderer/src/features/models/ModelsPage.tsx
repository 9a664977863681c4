import { useEffect } from 'react';
import { useApp } from '../../store/app-store';
import { headlineMetrics } from './model-summary';

/** The model registry: every model trained in this workspace (in the app or with `workbench train`), with its ONNX file. */
export function ModelsPage() {
  const models = useApp((s) => s.models);
  const error = useApp((s) => s.modelsError);
  const refresh = useApp((s) => s.refreshModels);
  useEffect(() => void refresh(), [refresh]);

  if (error) return <div className="empty error">Could not read the model registry: {error}</div>;
  if (!models) return <div className="empty">Reading the model registry…</div>;
  if (!models.length)
    return (
      <div className="empty models-empty">
        <h2>No models yet</h2>
        <p>
          Models you train appear here with their test metrics and ONNX file. From a terminal, for example:
          <br />
          <code>npx workbench train --data sample-data/experiment_assignments.csv --target converted --features pre_period_revenue</code>
        </p>
      </div>
    );
  return (
    <div className="models-page">
      <header className="models-head">
        <h2>Models</h2>
        <span className="muted">{models.length.toLocaleString('en-US')} registered in this workspace</span>
        <span className="spacer" />
        <button onClick={() => void refresh()}>Refresh</button>
      </header>
      <table className="models-table" data-testid="models-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Version</th>
            <th>Algorithm</th>
            <th>Target</th>
            <th>Test metrics</th>
            <th>Trained</th>
            <th>ONNX file</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id}>
              <td>
                <strong>{m.name}</strong>
              </td>
              <td>v{m.version}</td>
              <td>{m.algorithm.replace(/_/g, ' ')}</td>
              <td>{m.target ?? '—'}</td>
              <td>
                {headlineMetrics(m)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(' · ') || '—'}
              </td>
              <td title={m.createdAt}>{new Date(m.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
              <td className="path" title={m.onnxPath}>
                <code>{m.onnxPath}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
