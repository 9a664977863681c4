import { useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import { FUNNEL_DROPPED_ID_LIMIT } from '../../../../shared/journeys/funnel';
import type { JourneyMap } from '../../../../shared/journeys/map';
import type { Population } from '../../../../shared/journeys/population';
import { Modal } from '../../components/Modal';
import { useApp } from '../../store/app-store';
import { funnelSteps } from './card-numbers';
import type { NumberKind } from './map-numbers-context';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The customers behind a card's number: those who reached the touchpoint (`reachedAt`) or dropped before it
 * (`droppedAt`), from the map's funnel; the first ids with the total, Save as segment (drop-offs), and the paths.
 */
export function CustomersDialog({
  map,
  cardId,
  kind,
  close,
  openPaths,
  population,
}: {
  map: JourneyMap;
  cardId: string;
  kind: NumberKind;
  close(): void;
  openPaths(): void;
  /** The map's chosen population: the list is counted over it, as the cards are. */
  population?: Population;
}) {
  const runJob = useApp((s) => s.runJob);
  const saveSegment = useApp((s) => s.saveSegment);
  const notify = useApp((s) => s.notify);
  const { cardIds, steps } = useMemo(() => funnelSteps(map), [map]);
  const step = cardIds.indexOf(cardId) + 1;
  const card = map.cards.find((c) => c.id === cardId);
  const label = card?.text || 'this touchpoint';
  const prev = map.cards.find((c) => c.id === cardIds[step - 2])?.text;
  const [list, setList] = useState<{ count: number; customerIds: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(`Dropped before ${label}`.slice(0, 200));
  const [saving, setSaving] = useState(false);
  const binding = map.binding;

  useEffect(() => {
    if (!binding || step < 1) return;
    let live = true;
    const pick = kind === 'dropped' ? { droppedAt: step } : { reachedAt: step };
    const only = population && population.kind !== 'all' ? { population } : {};
    runJob(
      'journeys.funnel',
      { ...binding, steps, ...pick, ...only },
      `Customers ${kind === 'dropped' ? 'dropped before' : 'at'} ${label}`,
    ).then(
      (r) => live && r && setList((kind === 'dropped' ? r.dropped : r.reached) ?? { count: 0, customerIds: [] }),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [binding, steps, step, kind, label, runJob, population]);

  const save = async () => {
    if (!binding || !name.trim()) return;
    setSaving(true);
    try {
      const seg = await saveSegment({
        name: name.trim(),
        // The segment keeps the population it was counted over: its members are these customers.
        source: {
          kind: 'funnel_dropoff',
          ...binding,
          steps,
          droppedAt: step,
          ...(population && population.kind !== 'all' ? { population } : {}),
        },
        createdFrom: map.name,
      });
      notify('info', `Saved segment ${seg.name} (${fmt(seg.count)} customers)`);
      close();
    } catch (e) {
      notify('error', messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const title = kind === 'dropped' ? `Customers who dropped before ${label}` : `Customers who reached ${label}`;
  return (
    <Modal className="customers-dialog" label={title} onClose={close}>
      <h3>{title}</h3>
      <p className="muted">
        {kind === 'dropped'
          ? `Reached ${prev ?? 'the previous touchpoint'} but not ${label} (funnel step ${step} of ${steps.length}).`
          : `Reached ${label} (funnel step ${step} of ${steps.length}) in order within the funnel's window.`}
      </p>
      {error ? (
        <div className="error" role="alert">
          The customers could not be listed: {error}
        </div>
      ) : !list ? (
        <div className="muted">Finding the customers…</div>
      ) : (
        <>
          <div className="customers-count" data-testid="customers-count">
            {fmt(list.count)} customers
            {list.count > list.customerIds.length ? ` · the first ${fmt(list.customerIds.length)} shown` : ''}
          </div>
          {list.count === 0 && (
            <p className="muted">
              {kind === 'dropped'
                ? `No one dropped here: every customer who reached ${prev ?? 'the previous touchpoint'} went on to ${label}.`
                : `No customer reached ${label} in this population (in order, within the funnel's window).`}
            </p>
          )}
          <ul className="customer-ids" aria-label="Customer ids" tabIndex={0} hidden={list.count === 0}>
            {list.customerIds.map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ul>
        </>
      )}
      <div className="jm-actions">
        <button
          className="link-button"
          onClick={() => {
            close();
            openPaths();
          }}
        >
          Open paths (Sankey)
        </button>
        <span className="spacer" />
        {kind === 'dropped' && (
          <form
            className="save-segment"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <input aria-label="Segment name" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" disabled={saving || !name.trim() || !list}>
              {saving ? 'Saving…' : 'Save as segment'}
            </button>
          </form>
        )}
        <button className="primary" autoFocus onClick={close}>
          Close
        </button>
      </div>
      {list && list.customerIds.length === FUNNEL_DROPPED_ID_LIMIT && (
        <p className="muted small">At most {fmt(FUNNEL_DROPPED_ID_LIMIT)} ids are listed; a saved segment holds them all.</p>
      )}
    </Modal>
  );
}
