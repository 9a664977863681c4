import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import type { JourneyMap } from '../../../../shared/journeys/map';
import type { Population } from '../../../../shared/journeys/population';
import { PATH_STEPS_MAX, PATH_STEPS_MIN, type PathsResult } from '../../../../shared/journeys/paths-types';
import { Modal } from '../../components/Modal';
import { Plot } from '../../components/Plot';
import { useApp } from '../../store/app-store';
import { DEFAULT_SANKEY_LIMIT, DEFAULT_SANKEY_STEPS, sankeyData, sankeyTrace, type SankeyNode } from './sankey-data';
import { SaveNodeSegment, type NodePaths } from './SaveNodeSegment';
import { OTHER_NODE } from '../../../../shared/journeys/paths-types';
import type { EventNames } from './use-event-names';

interface Run {
  key: string;
  result: PathsResult;
  /** The request it answers, for saving a node's customers. */
  paths: NodePaths;
  ms: number;
  /** Counts runs: each draws a fresh plot (Plotly would otherwise animate from the last one). */
  n: number;
}

// Room at the top for Plotly's toolbar, which otherwise covers the labels of the top-right nodes.
const LAYOUT = { margin: { l: 8, r: 8, t: 30, b: 8 }, autosize: true };
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The Sankey of customer paths through the bound event table: the first N steps of each session (or the N up
 * to an end event), over the map's population (`populationText` says which, in words).
 */
export function PathsView({
  map,
  events,
  population,
  populationText,
  close,
}: {
  map: JourneyMap;
  events: EventNames;
  population?: Population;
  populationText: string;
  close(): void;
}) {
  const runJob = useApp((s) => s.runJob);
  const binding = map.binding;
  const [steps, setSteps] = useState(String(DEFAULT_SANKEY_STEPS));
  const [limit, setLimit] = useState(String(DEFAULT_SANKEY_LIMIT));
  const [minWeight, setMinWeight] = useState('');
  const [endEvent, setEndEvent] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<SankeyNode | null>(null);
  const only = useMemo(() => (population && population.kind !== 'all' ? { population } : {}), [population]);

  const bindingKey = JSON.stringify([binding ?? null, only]);
  // A new binding or population makes the drawn paths stale.
  useEffect(() => setRun((r) => (r && r.key !== bindingKey ? null : r)), [bindingKey]);

  const invalid = useMemo(() => {
    const whole = (v: string, name: string, min: number, max: number) => {
      const n = Number(v);
      return Number.isInteger(n) && n >= min && n <= max
        ? null
        : `${name} must be a whole number from ${fmt(min)} to ${fmt(max)} (got "${v}").`;
    };
    return (
      whole(steps, 'Steps', PATH_STEPS_MIN, PATH_STEPS_MAX) ??
      whole(limit, 'Edge limit', 1, 10_000) ??
      (minWeight.trim() === '' ? null : whole(minWeight, 'Min weight', 1, Number.MAX_SAFE_INTEGER))
    );
  }, [steps, limit, minWeight]);

  const load = useCallback(async () => {
    if (!binding || invalid) return;
    setLoading(true);
    setError(null);
    const started = performance.now();
    const paths: NodePaths = { ...binding, steps: Number(steps), ...(endEvent ? { endEvent } : {}), ...only };
    try {
      const result = await runJob(
        'journeys.paths',
        { ...paths, limit: Number(limit), ...(minWeight.trim() ? { minWeight: Number(minWeight) } : {}) },
        `Paths for ${map.name}`,
      );
      if (result) {
        setPicked(null);
        setRun((r) => ({ key: bindingKey, result, paths, ms: performance.now() - started, n: (r?.n ?? 0) + 1 }));
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [binding, bindingKey, invalid, runJob, steps, limit, minWeight, endEvent, map.name, only]);

  const sankey = useMemo(() => (run ? sankeyData(run.result) : null), [run]);
  const data = useMemo(() => (sankey ? [sankeyTrace(sankey)] : null), [sankey]);
  // Plotly's own click is lost on a Sankey that can be dragged (the node is moved in the DOM on mouse down),
  // so a press and release in place over a hovered node picks it; links (they have a source) are not picked, and
  // "Other" (several events summed) says why it cannot be saved.
  const hovered = useRef<SankeyNode | null>(null);
  const pressed = useRef<{ node: SankeyNode; x: number; y: number } | null>(null);
  const plotEvents = useMemo(
    () => ({
      plotly_hover: (points: readonly Record<string, unknown>[]) => {
        const p = points[0];
        const node = p && sankey && !('source' in p) ? sankey.nodes[Number(p.pointNumber)] : undefined;
        hovered.current = node ?? null;
      },
      plotly_unhover: () => void (hovered.current = null),
    }),
    [sankey],
  );
  const press = (e: React.MouseEvent) => {
    pressed.current = hovered.current ? { node: hovered.current, x: e.clientX, y: e.clientY } : null;
  };
  const release = (e: React.MouseEvent) => {
    const p = pressed.current;
    pressed.current = null;
    if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) < 4) setPicked(p.node);
  };

  const body = !binding ? (
    <div className="empty" data-testid="paths-unbound">
      Bind the map to an event table first (Event data in the side panel: table, customer, time and event columns).
    </div>
  ) : error ? (
    <div className="empty error" role="alert">
      Paths could not be computed: {error}
    </div>
  ) : loading && !run ? (
    <div className="empty">Computing paths…</div>
  ) : !run ? (
    <div className="empty">Choose the steps and press Run to draw the paths of each session.</div>
  ) : run.result.edges.length === 0 ? (
    <div className="empty">No paths: no session has two steps{minWeight ? ' and no edge reaches the minimum weight' : ''}.</div>
  ) : (
    <div className="paths-plot-wrap" onMouseDownCapture={press} onMouseUpCapture={release}>
      <Plot key={run.n} data={data!} layout={LAYOUT} className="paths-plot" testId="paths-sankey" events={plotEvents} />
    </div>
  );

  return (
    <Modal className="paths-dialog" label="Customer paths" onClose={close}>
      <header className="paths-head">
        <h3>Customer paths</h3>
        <label>
          Steps
          <input type="number" min={PATH_STEPS_MIN} max={PATH_STEPS_MAX} value={steps} onChange={(e) => setSteps(e.target.value)} />
        </label>
        <label>
          Edge limit
          <input type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
        <label>
          Min weight
          <input type="number" min={1} placeholder="any" value={minWeight} onChange={(e) => setMinWeight(e.target.value)} />
        </label>
        <label>
          End event
          <select value={endEvent} onChange={(e) => setEndEvent(e.target.value)} disabled={!binding}>
            <option value="">— none: first steps —</option>
            {events.names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" onClick={() => void load()} disabled={!binding || !!invalid || loading}>
          {loading ? 'Running…' : run ? 'Refresh' : 'Run'}
        </button>
        <span className="spacer" />
        <button onClick={close} aria-label="Close paths">
          Close
        </button>
      </header>
      {invalid && <div className="error paths-invalid">{invalid}</div>}
      <div className="paths-body">{body}</div>
      {run && picked && picked.name === OTHER_NODE && (
        <div className="paths-node paths-other" data-testid="paths-node" role="status">
          <span>
            <b>Other</b> at step {picked.step} · {fmt(picked.sessions)} sessions: the edges past the edge limit
            {minWeight ? ' or under the min weight' : ''}, several events summed, so not one set of customers to save. Raise the edge limit
            {minWeight ? ' or lower the min weight' : ''} and Refresh to draw its events as nodes of their own, then pick one.
          </span>
          <button className="link small" onClick={() => setPicked(null)} aria-label="Clear the selected node">
            ✕
          </button>
        </div>
      )}
      {run && picked && picked.name !== OTHER_NODE && (
        <SaveNodeSegment key={picked.id} paths={run.paths} node={picked} mapName={map.name} onDone={() => setPicked(null)} />
      )}
      {run && (
        <footer className="muted paths-foot" data-testid="paths-summary">
          {fmt(run.result.sessions)} sessions of {populationText} · {fmt(run.result.edges.length)} edges · {fmt(run.result.nodes.length)}{' '}
          nodes · ran in {run.ms < 1000 ? `${Math.round(run.ms)} ms` : `${(run.ms / 1000).toFixed(1)} s`}
          {loading ? ' · refreshing…' : ''} · hover a node for its step and sessions, click it to save its customers as a segment; grey is
          Other (edges beyond the limit, not saved as a segment)
        </footer>
      )}
    </Modal>
  );
}
