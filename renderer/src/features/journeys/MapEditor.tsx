import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import { addLane, addStage, LANE_KIND_LABELS, LANE_KINDS, removeCard, shiftCard, type LaneKind } from '../../../../shared/journeys/map';
import { canRedo, canUndo } from '../../../../shared/journeys/map-history';
import { neighbourCard, type Direction } from '../../../../shared/journeys/map-navigation';
import { toMermaid } from '../../../../shared/journeys/mermaid';
import { describePopulation } from '../../../../shared/journeys/population';
import { Modal, modalOpen } from '../../components/Modal';
import { useApp } from '../../store/app-store';
import { Board, boardMinWidth } from './Board';
import { CustomersDialog } from './CustomersDialog';
import { MapNumbersContext, type MapNumbersActions, type NumberKind } from './map-numbers-context';
import { dropOffByStage, hasDropOff } from './overlay-data';
import { boardSvg } from './board-svg';
import { download, fileBase, svgToPdf, svgToPng } from './download';
import { InlineName } from './InlineName';
import type { SaveState } from './journeys-slice';
import { PathsView } from './PathsView';
import { populationLine } from './population-draft';
import { PopulationPicker } from './PopulationPicker';
import { SidePanel } from './SidePanel';
import { useEventNames } from './use-event-names';
import { useBoardZoom } from './use-board-zoom';
import { useFunnelNumbers } from './use-funnel-numbers';
import { ZoomControls } from './ZoomControls';

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
const SAVE_LABELS: Record<SaveState, string> = { saved: 'Saved', saving: 'Saving…', unsaved: 'Unsaved changes', failed: 'Not saved' };

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** The open map: toolbar, board and side panel, with the board's keyboard. */
export function MapEditor() {
  const open = useApp((s) => s.openMap)!;
  const editMap = useApp((s) => s.editMap);
  const undo = useApp((s) => s.undoMap);
  const redo = useApp((s) => s.redoMap);
  const close = useApp((s) => s.closeJourneyMap);
  const flush = useApp((s) => s.flushMapSave);
  const notify = useApp((s) => s.notify);
  const map = open.history.present;
  const selection = useApp((s) => s.mapSelection);
  const selectCards = useApp((s) => s.selectMapCards);
  const toggleCard = useApp((s) => s.toggleMapCard);
  const removeSelected = useApp((s) => s.removeSelectedCards);
  const selectedId = selection[selection.length - 1] ?? null;
  const setSelectedId = useCallback((id: string | null) => selectCards(id ? [id] : []), [selectCards]);
  const dragging = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<HTMLDivElement>(null);
  const zoom = useBoardZoom(scrollRef, boardMinWidth(map.stages.length));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [newLaneKind, setNewLaneKind] = useState<LaneKind>('pain_points');
  const [exportOpen, setExportOpen] = useState(false);
  const [mermaidOpen, setMermaidOpen] = useState(false);
  const [panel, setPanel] = useState(true);
  const [pathsOpen, setPathsOpen] = useState(false);
  const [overlay, setOverlay] = useState(false);
  const [customers, setCustomers] = useState<{ cardId: string; kind: NumberKind } | null>(null);
  const events = useEventNames(map.binding);
  const population = useApp((s) => s.mapPopulations[map.id]);
  const setPopulation = useApp((s) => s.setMapPopulation);
  const segmentName = useApp((s) =>
    population?.kind === 'segment' ? s.segments?.find((x) => x.id === population.segmentId)?.name : undefined,
  );
  const datasetName = useApp((s) =>
    population?.kind === 'column' ? s.datasets.find((d) => d.id === population.datasetId)?.name : undefined,
  );
  const funnel = useFunnelNumbers(map, population);
  const selected = selection.length === 1 ? (map.cards.find((c) => c.id === selectedId) ?? null) : null;
  const dropOff = useMemo(() => (overlay ? dropOffByStage(map, funnel.numbers) : null), [overlay, map, funnel.numbers]);
  const numbersActions = useMemo<MapNumbersActions>(
    () => ({ openCustomers: (cardId, kind) => setCustomers({ cardId, kind }), dropOff }),
    [dropOff],
  );

  // A new population counts the numbers again (the old ones stay, dimmed, until the new ones land).
  const populationKey = JSON.stringify(population ?? null);
  const countedKey = useRef(populationKey);
  useEffect(() => {
    if (countedKey.current === populationKey) return;
    countedKey.current = populationKey;
    if (!funnel.blocked) void funnel.load();
  }, [populationKey, funnel]);

  // Leaving the page saves pending edits.
  useEffect(() => () => void flush(), [flush]);

  // The board's keys act only with the focus on the board (or on nothing), never with a dialog open or in a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dragging.current) return; // the keyboard drag has the arrows, Space and Escape
      if (modalOpen() || typing(e.target)) return; // a dialog and a text field keep their keys (and a text field its own undo)
      const on = (el: HTMLElement | null) => e.target === document.body || (e.target instanceof Node && !!el?.contains(e.target));
      const mod = e.ctrlKey || e.metaKey;
      if (mod && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
        if (!on(editorRef.current)) return;
        e.preventDefault();
        if (e.key === 'y' || e.shiftKey) redo();
        else undo();
        return;
      }
      if (!on(scrollRef.current) || editingId || mod) return;
      if ((e.key === 'p' || e.key === 'P') && !e.altKey) {
        e.preventDefault();
        setPathsOpen(true);
        return;
      }
      const dir = ARROWS[e.key];
      if (dir && e.altKey && selectedId) {
        e.preventDefault();
        editMap((m) => shiftCard(m, selectedId, dir));
      } else if (dir) {
        e.preventDefault();
        setSelectedId(neighbourCard(map, selectedId, dir));
      } else if (e.key === 'Enter' && selectedId) {
        e.preventDefault();
        setEditingId(selectedId);
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && selection.length > 1) {
        e.preventDefault();
        removeSelected();
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && selectedId) {
        e.preventDefault();
        const next = neighbourCard(map, selectedId, 'down');
        const prev = neighbourCard(map, selectedId, 'up');
        editMap((m) => removeCard(m, selectedId));
        setSelectedId(next !== selectedId ? next : prev !== selectedId ? prev : null);
      } else if (e.key === 'Escape') setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [map, selection, selectedId, setSelectedId, editingId, editMap, undo, redo, removeSelected]);

  const mermaid = useMemo(() => (mermaidOpen ? toMermaid(map) : ''), [mermaidOpen, map]);
  const exportSvg = () =>
    download(`${fileBase(map.name)}.svg`, new Blob([boardSvg(map, funnel.numbers, dropOff)], { type: 'image/svg+xml' }));
  const exportPdf = () =>
    svgToPdf(boardSvg(map, funnel.numbers, dropOff)).then(
      (pdf) => download(`${fileBase(map.name)}.pdf`, pdf),
      (e: unknown) => notify('error', messageOf(e)),
    );
  const exportPng = () =>
    svgToPng(boardSvg(map, funnel.numbers, dropOff)).then(
      (png) => download(`${fileBase(map.name)}.png`, png),
      (e: unknown) => notify('error', messageOf(e)),
    );

  return (
    <div className="journey-editor" ref={editorRef}>
      <header className="journey-toolbar">
        <button onClick={() => void close()} title="Back to the list of maps">
          ← Maps
        </button>
        <InlineName className="map-title" value={map.name} label="Map name" onCommit={(name) => editMap((m) => ({ ...m, name }))} />
        <span className={`version-badge ${map.version}`}>{map.version}</span>
        <span className={`save-state ${open.saveState}`} data-testid="save-state" title={open.saveError ?? open.updatedAt}>
          {SAVE_LABELS[open.saveState]}
          {open.saveState === 'failed' && open.saveError ? `: ${open.saveError}` : ''}
        </span>
        <span className="spacer" />
        <button onClick={undo} disabled={!canUndo(open.history)} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button onClick={redo} disabled={!canRedo(open.history)} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <span className="sep" />
        <button onClick={() => editMap((m) => addStage(m, `Stage ${m.stages.length + 1}`).map)}>+ Stage</button>
        <select aria-label="New lane kind" value={newLaneKind} onChange={(e) => setNewLaneKind(e.target.value as LaneKind)}>
          {LANE_KINDS.map((k) => (
            <option key={k} value={k}>
              {LANE_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <button onClick={() => editMap((m) => addLane(m, newLaneKind).map)}>+ Lane</button>
        <span className="sep" />
        <button onClick={() => setPanel((v) => !v)} aria-pressed={panel} title="Show or hide the card, data and persona panel">
          Panel
        </button>
        <button
          onClick={() => setOverlay((v) => !v)}
          aria-pressed={overlay}
          disabled={!overlay && !hasDropOff(dropOffByStage(map, funnel.numbers))}
          title="Each stage's drop-off share beside the emotion curve (needs the numbers on the cards)"
        >
          Drop-off overlay
        </button>
        <button onClick={() => setPathsOpen(true)} title="Sankey of customer paths from the bound event table (P)">
          Paths
        </button>
        <ZoomControls zoom={zoom} />
        <div className="export-menu">
          <button onClick={() => setExportOpen((v) => !v)} aria-expanded={exportOpen}>
            Export ▾
          </button>
          {exportOpen && (
            <div className="menu" role="menu" onClick={() => setExportOpen(false)}>
              <button role="menuitem" onClick={() => setMermaidOpen(true)}>
                Mermaid text…
              </button>
              <button role="menuitem" onClick={exportSvg}>
                SVG image
              </button>
              <button role="menuitem" onClick={() => void exportPng()}>
                PNG image
              </button>
              <button role="menuitem" onClick={() => void exportPdf()}>
                PDF document
              </button>
            </div>
          )}
        </div>
      </header>
      {map.binding && (
        <div className="population-bar">
          <span className="population-line" data-testid="population-line">
            {populationLine(population, { segment: segmentName, dataset: datasetName }, funnel.loading ? null : funnel.totalCustomers)}
          </span>
          {funnel.loading && <span className="muted"> · counting…</span>}
          <PopulationPicker binding={map.binding} value={population} onApply={(p) => setPopulation(map.id, p)} />
        </div>
      )}
      <MapNumbersContext.Provider value={numbersActions}>
        <div className="journey-body">
          <div className={`board-scroll${funnel.loading ? ' numbers-stale' : ''}`} ref={scrollRef}>
            {map.stages.length === 0 || map.lanes.length === 0 ? (
              <div className="empty">Add a stage and a lane to start placing cards.</div>
            ) : (
              <Board
                map={map}
                selection={selection}
                editingId={editingId}
                select={setSelectedId}
                toggle={toggleCard}
                edit={setEditingId}
                numbers={funnel.numbers}
                knownEvents={events.known}
                zoom={zoom.zoom}
                onDragging={(on) => (dragging.current = on)}
              />
            )}
            <div className="keys muted">
              Click a card to select it (Shift/Ctrl+click for several, Escape clears) · double-click or Enter to edit · arrows move between
              cards · drag a card, or Space then arrows then Space · Alt+arrows move the card · Delete removes · Ctrl+Z / Ctrl+Shift+Z undo
              and redo · Ctrl+= / Ctrl+- / Ctrl+0 zoom · P customer paths · click a number for its customers
            </div>
          </div>
          {panel && <SidePanel map={map} selected={selected} selection={selection} events={events} funnel={funnel} />}
        </div>
      </MapNumbersContext.Provider>
      {customers && (
        <CustomersDialog
          map={map}
          cardId={customers.cardId}
          kind={customers.kind}
          close={() => setCustomers(null)}
          openPaths={() => setPathsOpen(true)}
          population={population}
        />
      )}
      {pathsOpen && (
        <PathsView
          map={map}
          events={events}
          population={population}
          populationText={describePopulation(population, { segment: segmentName, dataset: datasetName })}
          close={() => setPathsOpen(false)}
        />
      )}
      {mermaidOpen && (
        <Modal label="Mermaid export" onClose={() => setMermaidOpen(false)}>
          <h3>Mermaid journey</h3>
          <p className="muted">
            Stages become sections, customer-action cards become tasks scored 1–5 from their emotion (or their stage's).
          </p>
          <textarea aria-label="Mermaid text" readOnly value={mermaid} rows={14} spellCheck={false} data-testid="mermaid-text" />
          <div className="jm-actions">
            <button
              onClick={() =>
                navigator.clipboard.writeText(mermaid).then(
                  () => notify('info', 'Mermaid text copied.'),
                  (e: unknown) => notify('error', `Could not copy: ${messageOf(e)}`),
                )
              }
            >
              Copy
            </button>
            <button onClick={() => download(`${fileBase(map.name)}.mmd`, new Blob([mermaid], { type: 'text/plain' }))}>
              Download .mmd
            </button>
            <button className="primary" onClick={() => setMermaidOpen(false)}>
              Close
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
