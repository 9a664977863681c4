import { useEffect, useState } from 'react';
import { call, pathForFile } from '../../api/client';
import { useApp, type View } from '../../store/app-store';
import { DatasetBrowser, JobsBar, OpenDialog } from '../data';
import { ExperimentsPage } from '../experiments';
import { DataGrid, ProfilePanel, SqlEditor } from '../explore';

const VIEWS: { id: View; label: string; key: string }[] = [
  { id: 'grid', label: 'Data', key: '1' },
  { id: 'profile', label: 'Profile', key: '2' },
  { id: 'sql', label: 'SQL', key: '3' },
  { id: 'experiments', label: 'Experiments', key: '4' },
];

export function App() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const datasets = useApp((s) => s.datasets);
  const selected = useApp((s) => s.datasets.find((d) => d.id === s.selectedId) ?? null);
  const refresh = useApp((s) => s.refreshDatasets);
  const openVisible = useApp((s) => s.openDialogVisible);
  const showOpen = useApp((s) => s.showOpenDialog);
  const notice = useApp((s) => s.notice);
  const dismiss = useApp((s) => s.dismissNotice);
  const notify = useApp((s) => s.notify);
  const load = useApp((s) => s.load);
  const [sampleDir, setSampleDir] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    Promise.all([refresh(), call('app.info', {}).then((i) => setSampleDir(i.sampleDataDir))]).then(
      () => setReady(true),
      (e: unknown) => {
        setReady(true);
        notify('error', e instanceof Error ? e.message : String(e));
      },
    );
  }, [refresh, notify]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === 'o') {
        e.preventDefault();
        showOpen(true);
      }
      const v = VIEWS.find((x) => x.key === e.key);
      if (v) {
        e.preventDefault();
        setView(v.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView, showOpen]);

  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(dismiss, 5000);
    return () => clearTimeout(t);
  }, [notice, dismiss]);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    const p = file ? pathForFile(file) : null;
    if (p) void load({ path: p });
    else notify('error', 'Dropping files works in the desktop app; in browser mode use Open (Ctrl+O) and type or pick the path.');
  };

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="topbar">
        <span className="brand">Analyst Workbench</span>
        <div className="segmented" role="tablist">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              role="tab"
              aria-selected={view === v.id}
              className={view === v.id ? 'active' : ''}
              onClick={() => setView(v.id)}
              title={`Ctrl+${v.key}`}
            >
              {v.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {selected && (
          <span className="muted current" title={selected.sourcePath}>
            {selected.name} — table <code>{selected.relation}</code>
          </span>
        )}
      </header>
      <div className="body">
        <DatasetBrowser />
        <main>
          {!ready ? (
            <div className="empty">Starting…</div>
          ) : view === 'sql' ? (
            <SqlEditor />
          ) : view === 'experiments' ? (
            <ExperimentsPage />
          ) : !selected ? (
            <Welcome
              hasData={datasets.length > 0}
              sampleDir={sampleDir}
              onOpen={() => showOpen(true)}
              onSample={(p) => void load({ path: p })}
            />
          ) : view === 'profile' ? (
            <ProfilePanel dataset={selected} />
          ) : (
            <DataGrid dataset={selected} />
          )}
        </main>
      </div>
      <JobsBar />
      {notice && (
        <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button className="link" onClick={dismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {openVisible && <OpenDialog initialPath={sampleDir ?? undefined} />}
    </div>
  );
}

function Welcome({
  hasData,
  sampleDir,
  onOpen,
  onSample,
}: {
  hasData: boolean;
  sampleDir: string | null;
  onOpen: () => void;
  onSample: (p: string) => void;
}) {
  return (
    <div className="welcome">
      <h1>{hasData ? 'Pick a dataset on the left' : 'Load some data to begin'}</h1>
      <p>
        Open a CSV, Parquet, JSON/NDJSON or Excel file, or a folder of partitioned warehouse exports. Large files are queried in place;
        nothing leaves this machine.
      </p>
      <div className="actions">
        <button className="primary" onClick={onOpen}>
          Open file or folder… <kbd>Ctrl+O</kbd>
        </button>
        {sampleDir && (
          <button
            onClick={() => onSample(`${sampleDir}/events.parquet`)}
            title="A generated e-commerce company: customers, orders, web events, experiments"
          >
            Open sample events
          </button>
        )}
      </div>
    </div>
  );
}
