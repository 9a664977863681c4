import { useState } from 'react';
import type { Card, JourneyMap } from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';
import { funnelSteps } from './card-numbers';

/** Saves the customers who dropped before the selected touchpoint as a segment (its funnel step, 1-based, as `droppedAt`). */
export function SaveDropoff({ map, card }: { map: JourneyMap; card: Card }) {
  const saveSegment = useApp((s) => s.saveSegment);
  // The segment keeps the map's population: its members are the drop-off among those customers, as on the card.
  const population = useApp((s) => s.mapPopulations[map.id]);
  const only = population && population.kind !== 'all' ? { population } : {};
  const notify = useApp((s) => s.notify);
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (text: string) => {
    const { cardIds, steps } = funnelSteps(map);
    if (!map.binding || !text.trim()) return;
    setBusy(true);
    try {
      const source = { kind: 'funnel_dropoff' as const, ...map.binding, steps, droppedAt: cardIds.indexOf(card.id) + 1, ...only };
      const seg = await saveSegment({ name: text.trim(), source, createdFrom: map.name });
      notify('info', `Saved segment ${seg.name} (${seg.count.toLocaleString('en-US')} customers)`);
      setName(null);
    } catch (e) {
      notify('error', e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="side-section" aria-label="Save drop-off">
      {name === null ? (
        <button className="small" onClick={() => setName(`Dropped before ${card.text}`.slice(0, 200))}>
          Save drop-off as segment…
        </button>
      ) : (
        <form
          className="side-row"
          onSubmit={(e) => {
            e.preventDefault();
            void save(name);
          }}
        >
          <input
            aria-label="Segment name"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.stopPropagation()}
          />
          <button className="primary small" type="submit" disabled={busy || !name.trim()}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button className="small" type="button" onClick={() => setName(null)}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}
