import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/api/result';
import { onOpenFiles, pathForFile } from '../api/client';
import { DatasetBrowser, JobsBar, OpenDialog } from '../features/data';
import { ROUTES } from '../features/registry';
import { useApp, useCall } from '../store/app-store';
import { RecoveryNote } from './RecoveryNote';
import { Welcome } from './Welcome';

/** The window: tabs from the registered features' routes, the dataset browser, jobs, notices and the open dialog. */
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
  const call = useCall();
  const [sampleDir, setSampleDir] = useState<string | null>(null);
  const [recovered, setRecovered] = useState<string[]>([]);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    Promise.all([
      refresh(),
      call('app.info', {}).then((i) => {
        setSampleDir(i.sampleDataDir);
        setRecovered(i.recovered);
      }),
    ]).then(
      () => setReady(true),
      (e: unknown) => {
        setReady(true);
        notify('error', messageOf(e));
      },
    );
  }, [refresh, notify, call]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === 'o') {
        e.preventDefault();
        showOpen(true);
      }
      const route = ROUTES.find((r) => r.shortcut === e.key);
      if (route) {
        e.preventDefault();
        setView(route.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView, showOpen]);

  // Files handed to the desktop app (a second launch with files) open one after another, as from Open.
  useEffect(
    () =>
      onOpenFiles((paths) => {
        void (async () => {
          for (const path of paths) await load({ path }).catch((e: unknown) => notify('error', messageOf(e)));
        })();
      }),
    [load, notify],
  );

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

  const route = ROUTES.find((r) => r.id === view) ?? ROUTES[0]!;
  const page = !ready ? (
    <div className="empty">Starting…</div>
  ) : !route.needsDataset ? (
    <route.Page />
  ) : selected ? (
    <route.Page dataset={selected} />
  ) : (
    <Welcome hasData={datasets.length > 0} sampleDir={sampleDir} onOpen={() => showOpen(true)} onSample={(p) => void load({ path: p })} />
  );

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <header className="topbar">
        <span className="brand">Analyst Workbench</span>
        <div className="segmented" role="tablist">
          {ROUTES.map((r) => (
            <button
              key={r.id}
              role="tab"
              aria-selected={view === r.id}
              className={view === r.id ? 'active' : ''}
              onClick={() => setView(r.id)}
              title={`Ctrl+${r.shortcut}`}
            >
              {r.label}
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
      {recovered.length > 0 && <RecoveryNote lines={recovered} onDismiss={() => setRecovered([])} />}
      <div className="body">
        <DatasetBrowser />
        <main>{page}</main>
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
