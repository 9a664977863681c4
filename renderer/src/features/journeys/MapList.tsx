import { useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import { emptyMap } from '../../../../shared/journeys/map';
import { fromMermaid } from '../../../../shared/journeys/mermaid';
import { Modal } from '../../components/Modal';
import { useApp } from '../../store/app-store';

/** The saved maps, and the ways to start one: a template, a blank map, or Mermaid text. */
export function MapList() {
  const maps = useApp((s) => s.journeyMaps);
  const templates = useApp((s) => s.journeyTemplates);
  const error = useApp((s) => s.journeysError);
  const create = useApp((s) => s.createJourneyMap);
  const open = useApp((s) => s.openJourneyMap);
  const remove = useApp((s) => s.deleteJourneyMap);
  const notify = useApp((s) => s.notify);
  const [importing, setImporting] = useState(false);
  const run = (p: Promise<unknown>) => p.catch((e: unknown) => notify('error', messageOf(e)));
  const blank = () => {
    const { id: _id, ...m } = emptyMap('new', 'Untitled journey');
    return run(
      create({
        ...m,
        stages: [
          { id: 's1', name: 'Stage 1' },
          { id: 's2', name: 'Stage 2' },
          { id: 's3', name: 'Stage 3' },
        ],
        lanes: [
          { id: 'l1', kind: 'actions', name: 'Customer actions' },
          { id: 'l2', kind: 'touchpoints', name: 'Touchpoints' },
          { id: 'l3', kind: 'emotion', name: 'Emotion' },
        ],
      }),
    );
  };

  if (error) return <div className="empty error">Could not read the journey maps: {error}</div>;
  if (!maps) return <div className="empty">Reading the journey maps…</div>;

  const starters = (
    <div className="journey-starters">
      {templates.map((t) => (
        <button key={t.id} className="template-card" onClick={() => void run(create(structuredClone(t.map)))} title={t.description}>
          <strong>{t.name}</strong>
          <span>{t.description}</span>
          <small>
            {t.map.stages.length} stages · {t.map.lanes.length} lanes
          </small>
        </button>
      ))}
    </div>
  );

  return (
    <div className="journeys-list">
      <header className="journeys-head">
        <h2>Journey maps</h2>
        <span className="spacer" />
        <button onClick={() => setImporting(true)}>Import Mermaid…</button>
        <button onClick={() => void blank()}>Blank map</button>
      </header>
      {maps.length === 0 ? (
        <div className="journeys-empty" data-testid="journeys-empty">
          <h3>No journey maps yet</h3>
          <p>
            A journey map lays out what a customer does, stage by stage: actions, touchpoints, thoughts, the emotion curve, pain points and
            opportunities. Bind its touchpoints to an event table and each card shows how many customers reached it.
          </p>
          <p className="muted">Start from a template, a blank map, or paste a Mermaid journey.</p>
          {starters}
        </div>
      ) : (
        <>
          <table className="journeys-table" data-testid="journeys-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Version</th>
                <th>Persona</th>
                <th>Stages</th>
                <th>Cards</th>
                <th>Data</th>
                <th>Saved</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {maps.map((m) => (
                <tr key={m.id}>
                  <td>
                    <button className="link map-name" onClick={() => void run(open(m.id))}>
                      {m.name}
                    </button>
                  </td>
                  <td>{m.version}</td>
                  <td>{m.persona || '—'}</td>
                  <td>{m.stages}</td>
                  <td>{m.cards}</td>
                  <td>{m.bound ? 'bound' : '—'}</td>
                  <td title={m.updatedAt}>{new Date(m.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>
                    <button
                      className="link"
                      aria-label={`Delete ${m.name}`}
                      onClick={() => window.confirm(`Delete the journey map "${m.name}"?`) && void run(remove(m.id))}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="starters-title">Start a new map from a template</h3>
          {starters}
        </>
      )}
      {importing && <MermaidImport onClose={() => setImporting(false)} />}
    </div>
  );
}

function MermaidImport({ onClose }: { onClose: () => void }) {
  const create = useApp((s) => s.createJourneyMap);
  const [text, setText] = useState('journey\n  title My journey\n  section Discover\n    Visit the site: 4: Customer\n');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await create(fromMermaid(text));
      onClose();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Modal label="Import Mermaid" onClose={onClose}>
      <h3>Import a Mermaid journey</h3>
      <p className="muted">Sections become stages; tasks become customer-action cards, their score 1–5 the emotion −2…+2.</p>
      <textarea aria-label="Mermaid text" value={text} onChange={(e) => setText(e.target.value)} rows={12} spellCheck={false} />
      {error && <div className="jm-error">{error}</div>}
      <div className="jm-actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary" onClick={() => void submit()}>
          Import
        </button>
      </div>
    </Modal>
  );
}
