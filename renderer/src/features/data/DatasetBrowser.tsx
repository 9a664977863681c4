import { useApp } from '../../store/app-store';

export function DatasetBrowser() {
  const datasets = useApp((s) => s.datasets);
  const selectedId = useApp((s) => s.selectedId);
  const select = useApp((s) => s.select);
  const remove = useApp((s) => s.removeDataset);
  const showOpen = useApp((s) => s.showOpenDialog);
  return (
    <nav className="datasets" aria-label="Datasets">
      <div className="side-title">
        <span>Datasets</span>
        <button className="primary small" onClick={() => showOpen(true)} title="Open a file or folder (Ctrl+O)">
          + Open
        </button>
      </div>
      {!datasets.length && <p className="muted pad">Nothing loaded. Open a CSV, Parquet, JSON or Excel file, or a folder of exports.</p>}
      <ul>
        {datasets.map((d) => (
          <li key={d.id} className={d.id === selectedId ? 'selected' : ''}>
            <button
              className="dataset"
              onClick={() => select(d.id)}
              title={`${d.sourcePath}\n${d.mode === 'view' ? 'queried in place' : 'imported'}${d.missing ? `\nMissing: ${d.missing}` : ''}`}
            >
              <span className="name">{d.name}</span>
              <span className="meta">
                <span className={`badge ${d.format}`}>{d.format}</span> {d.rowCount.toLocaleString()} rows · {d.columns.length} cols
                {d.missing && <span className="badge missing">missing</span>}
              </span>
            </button>
            <button
              className="link remove"
              aria-label={`Remove ${d.name}`}
              title="Remove from the workspace (the file stays)"
              onClick={() => {
                if (window.confirm(`Remove ${d.name} from the workspace? The file itself is not touched.`)) void remove(d.id);
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
