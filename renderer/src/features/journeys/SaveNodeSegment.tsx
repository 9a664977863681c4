import { useState } from 'react';
import type { PathNodeSource } from '../../../../shared/segments/segment';
import { useApp } from '../../store/app-store';
import './paths-node.css';

/** The paths request a drawing came from (its limit and min weight only change what is drawn). */
export type NodePaths = Omit<PathNodeSource, 'kind' | 'step' | 'event'>;

/** Under the Sankey, for the clicked node: saves the customers through that event at that step as a segment. */
export function SaveNodeSegment({
  paths,
  node,
  mapName,
  onDone,
}: {
  paths: NodePaths;
  node: { name: string; step: number; sessions: number };
  mapName: string;
  onDone(): void;
}) {
  const saveSegment = useApp((s) => s.saveSegment);
  const notify = useApp((s) => s.notify);
  const label = `Save customers through ${node.name} at step ${node.step} as a segment`;
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (text: string) => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      const source: PathNodeSource = { kind: 'path_node', ...paths, step: node.step, event: node.name };
      const seg = await saveSegment({ name: text.trim(), source, createdFrom: mapName });
      notify('info', `Saved segment ${seg.name} (${seg.count.toLocaleString('en-US')} customers)`);
      onDone();
    } catch (e) {
      notify('error', e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="paths-node" data-testid="paths-node">
      <span>
        <b>{node.name}</b> at step {node.step} · {node.sessions.toLocaleString('en-US')} sessions
      </span>
      {name === null ? (
        <button className="small" onClick={() => setName(`Through ${node.name} at step ${node.step}`.slice(0, 200))}>
          {label}
        </button>
      ) : (
        <form
          className="side-row"
          data-own-escape
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            setName(null);
          }}
          onSubmit={(e) => {
            e.preventDefault();
            void save(name);
          }}
        >
          <input aria-label="Segment name" autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          <button className="primary small" type="submit" disabled={busy || !name.trim()}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button className="small" type="button" onClick={() => setName(null)}>
            Cancel
          </button>
        </form>
      )}
      <button className="link small" onClick={onDone} aria-label="Clear the selected node">
        ✕
      </button>
    </div>
  );
}
