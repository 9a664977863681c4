import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../../shared/api/result';
import { onOpenFiles, pathForFile } from '../api/client';
import { DatasetBrowser, OpenDialog } from '../features/data';
import { ROUTES } from '../features/registry';
import { useApp, useCall } from '../store/app-store';
import { CommandPalette } from './CommandPalette';
import { FirstRun } from './FirstRun';
import { SavePathDialog } from './SavePathDialog';
import { shellKey } from './shortcuts';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { StatusBar } from './StatusBar';
import { RecoveryNote } from './RecoveryNote';
import { Welcome } from './Welcome';

/**
 * The window: tabs from the registered features' routes, the dataset browser, the status bar (jobs and the one
 * message), the first-launch welcome, the open and save dialogs, the `?` shortcut list and the Ctrl+K palette.
 */
export function App() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const datasets = useApp((s) => s.datasets);
  const selected = useApp((s) => s.datasets.find((d) => d.id === s.selectedId) ?? null);
  const refresh = useApp((s) => s.refreshDatasets);
  const openVisible = useApp((s) => s.openDialogVisible);
  const showOpen = useApp((s) => s.showOpenDialog);
  const savePrompt = useApp((s) => s.savePrompt);
  const notify = useApp((s) => s.notify);
  const load = useApp((s) => s.load);
  const call = useCall();
  const [sampleDir, setSampleDir] = useState<string | null>(null);
  const [recovered, setRecovered] = useState<string[]>([]);
  const [ready, setReady] = useState(false);
  const [welcome, setWelcome] = useState(false);
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | null>(null);
  const closeOverlay = useCallback(() => setOverlay(null), []);
  const showShortcuts = useCallback(() => setOverlay('shortcuts'), []);
  const showPalette = useCallback(() => setOverlay('palette'), []);
  const showWelcome = useCallback(() => setWelcome(true), []);
  const closeWelcome = useCallback(() => {
    setWelcome(false);
    call('app.dismissWelcome', {}).catch((e: unknown) => notify('error', messageOf(e)));
  }, [call, notify]);

  useEffect(() => {
    const info = call('app.info', {}).then((i) => {
      setSampleDir(i.sampleDataDir);
      setWelcome(!i.welcomeDismissed);
      setRecovered(i.recovered);
    });
    Promise.all([refresh(), info]).then(
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

  // Capture phase: Ctrl+K works even inside fields that keep their keys to themselves (a journey card's text).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const wants = shellKey(e);
      if (!wants) return;
      e.preventDefault();
      e.stopPropagation();
      setOverlay((o) => (o === wants ? null : wants));
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

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
        <main>
          {/* On the page the app opens on; the other pages keep their whole height until it is closed. */}
          {ready && welcome && view === ROUTES[0]!.id && <FirstRun sampleDir={sampleDir} close={closeWelcome} showPalette={showPalette} />}
          {page}
        </main>
      </div>
      <StatusBar onShortcuts={showShortcuts} onPalette={showPalette} />
      {openVisible && <OpenDialog initialPath={sampleDir ?? undefined} />}
      {savePrompt && <SavePathDialog key={savePrompt.defaultPath} />}
      {overlay === 'shortcuts' && <ShortcutsOverlay close={closeOverlay} />}
      {overlay === 'palette' && <CommandPalette close={closeOverlay} showShortcuts={showShortcuts} showWelcome={showWelcome} />}
    </div>
  );
}
