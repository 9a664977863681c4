import { useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import {
  CARD_IMAGE_TYPES,
  dataUrlBytes,
  EMOTION_MAX,
  EMOTION_MIN,
  MAP_IMAGES_MAX_BYTES,
  MAP_VERSIONS,
  removeCard,
  reorderCard,
  shiftCard,
  updateCard,
  type Card,
  type JourneyMap,
  type MapVersion,
} from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';
import { guessBinding, unknownEvents } from './card-numbers';
import { fmtEmotion } from './Board';
import { cardImageFromFile } from './card-image';
import { DifferencesSection } from './DifferencesSection';
import { SaveDropoff } from './SaveDropoff';
import type { EventNames } from './use-event-names';
import type { FunnelNumbers } from './use-funnel-numbers';

/** The map's persona and version, the selected card's fields, and the binding to an event table. */
export function SidePanel({
  map,
  selected,
  selection,
  events,
  funnel,
}: {
  map: JourneyMap;
  selected: Card | null;
  selection: readonly string[];
  events: EventNames;
  funnel: FunnelNumbers;
}) {
  return (
    <aside className="journey-side">
      {selection.length > 1 && <SelectionPanel map={map} selection={selection} />}
      {/* Keys differ per kind: two siblings with one key make React keep a stale copy of the card's fields. */}
      {selected && <CardDetails key={`card-${selected.id}`} map={map} card={selected} events={events} />}
      {selected && funnel.numbers[selected.id]?.dropped != null && <SaveDropoff key={`dropoff-${selected.id}`} map={map} card={selected} />}
      <BindingPanel map={map} events={events} funnel={funnel} />
      <DifferencesSection map={map} events={events} />
      <MapDetails map={map} />
    </aside>
  );
}

/** A text field that saves when it loses focus or on Enter (one undo step per change, not per key). */
function Field({
  label,
  value,
  onCommit,
  placeholder,
  multiline,
}: {
  label: string;
  value: string;
  onCommit(v: string): void;
  placeholder?: string;
  multiline?: boolean;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const props = {
    value: text,
    placeholder,
    'aria-label': label,
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
    onBlur: () => text !== value && onCommit(text),
    onKeyDown: (e: React.KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Enter' && !multiline) (e.target as HTMLElement).blur();
    },
  };
  return (
    <label className="side-field">
      <span>{label}</span>
      {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
    </label>
  );
}

function CardDetails({ map, card, events }: { map: JourneyMap; card: Card; events: EventNames }) {
  const editMap = useApp((s) => s.editMap);
  const notify = useApp((s) => s.notify);
  const lane = map.lanes.find((l) => l.id === card.laneId);
  const stage = map.stages.find((s) => s.id === card.stageId);
  const set = (patch: Partial<Card>) => editMap((m) => updateCard(m, card.id, patch));
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const bound = card.binding?.events ?? [];
  const unknown = unknownEvents(bound, events.known);
  return (
    <section className="side-section" aria-label="Selected card">
      <h4>
        Card{' '}
        <span className="muted">
          · {lane?.name} · {stage?.name}
        </span>
      </h4>
      <Field label="Text" value={card.text} multiline onCommit={(text) => set({ text })} />
      <div className="side-row">
        <Field label="Channel" value={card.channel ?? ''} placeholder="web, email, store…" onCommit={(v) => set({ channel: opt(v) })} />
        <label className="side-field">
          <span>Emotion</span>
          <select
            aria-label="Emotion"
            value={card.emotion ?? ''}
            onChange={(e) => set({ emotion: e.target.value === '' ? undefined : Number(e.target.value) })}
          >
            <option value="">none</option>
            {Array.from({ length: EMOTION_MAX - EMOTION_MIN + 1 }, (_, i) => EMOTION_MAX - i).map((v) => (
              <option key={v} value={v}>
                {fmtEmotion(v)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <CardImageField
        card={card}
        onChange={(image) => {
          const others = map.cards.reduce((n, c) => n + (c.id !== card.id && c.image ? dataUrlBytes(c.image) : 0), 0);
          if (image && others + dataUrlBytes(image) > MAP_IMAGES_MAX_BYTES)
            notify('error', `The map's images would add up to more than ${MAP_IMAGES_MAX_BYTES / 1024 / 1024} MB: remove an image first.`);
          else set({ image });
        }}
      />
      <div className="side-row">
        <Field label="KPI" value={card.kpi ?? ''} onCommit={(v) => set({ kpi: opt(v) })} />
        <Field label="Link" value={card.link ?? ''} placeholder="https://…" onCommit={(v) => set({ link: opt(v) })} />
      </div>
      {lane?.kind === 'touchpoints' && (
        <>
          <Field
            label="Bound events (comma-separated)"
            value={bound.join(', ')}
            placeholder={events.names.slice(0, 3).join(', ') || 'event names'}
            onCommit={(v) => {
              const names = [
                ...new Set(
                  v
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                ),
              ];
              set({ binding: names.length ? { ...card.binding, events: names } : undefined });
            }}
          />
          {unknown.length > 0 && <div className="jm-error">Not in the event table: {unknown.join(', ')}</div>}
          {events.names.length > 0 && (
            <div className="event-suggestions" aria-label="Event names in the table">
              {events.names
                .filter((n) => !bound.includes(n))
                .slice(0, 24)
                .map((n) => (
                  <button key={n} className="chip-button" onClick={() => set({ binding: { ...card.binding, events: [...bound, n] } })}>
                    + {n}
                  </button>
                ))}
            </div>
          )}
        </>
      )}
      <div className="side-tools">
        <span className="muted">Move</span>
        <button className="icon" title="One stage left (Alt+←)" onClick={() => editMap((m) => shiftCard(m, card.id, 'left'))}>
          ←
        </button>
        <button className="icon" title="One lane up (Alt+↑)" onClick={() => editMap((m) => shiftCard(m, card.id, 'up'))}>
          ↑
        </button>
        <button className="icon" title="One lane down (Alt+↓)" onClick={() => editMap((m) => shiftCard(m, card.id, 'down'))}>
          ↓
        </button>
        <button className="icon" title="One stage right (Alt+→)" onClick={() => editMap((m) => shiftCard(m, card.id, 'right'))}>
          →
        </button>
        <button className="icon" title="Earlier in its cell" onClick={() => editMap((m) => reorderCard(m, card.id, -1))}>
          ⤒
        </button>
        <button className="icon" title="Later in its cell" onClick={() => editMap((m) => reorderCard(m, card.id, 1))}>
          ⤓
        </button>
        <span className="spacer" />
        <button className="danger-link" onClick={() => editMap((m) => removeCard(m, card.id))}>
          Delete card
        </button>
      </div>
    </section>
  );
}

/** The card's picture: chosen from a file, downscaled to fit the card limit; remove to drop it. */
function CardImageField({ card, onChange }: { card: Card; onChange(image: string | undefined): void }) {
  const notify = useApp((s) => s.notify);
  const [busy, setBusy] = useState(false);
  return (
    <div className="side-field card-image-field">
      <span>Image</span>
      {card.image && <img className="side-image" src={card.image} alt="The card's image" />}
      <div className="side-row">
        <label className={`file-button${busy ? ' busy' : ''}`}>
          {busy ? 'Reading…' : card.image ? 'Replace image…' : 'Add image…'}
          <input
            type="file"
            aria-label="Card image"
            accept={CARD_IMAGE_TYPES.join(',')}
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setBusy(true);
              cardImageFromFile(file)
                .then(onChange, (err: unknown) => notify('error', messageOf(err)))
                .finally(() => setBusy(false));
            }}
          />
        </label>
        {card.image && (
          <button className="link small" onClick={() => onChange(undefined)}>
            Remove image
          </button>
        )}
      </div>
    </div>
  );
}

/** Several cards selected: how many, and what can be done to all of them at once (each one undo step). */
function SelectionPanel({ map, selection }: { map: JourneyMap; selection: readonly string[] }) {
  const editSelected = useApp((s) => s.editSelectedCards);
  const removeSelected = useApp((s) => s.removeSelectedCards);
  const clear = useApp((s) => s.selectMapCards);
  const cards = map.cards.filter((c) => selection.includes(c.id));
  const same = <T,>(f: (c: Card) => T) => (cards.every((c) => f(c) === f(cards[0]!)) ? f(cards[0]!) : undefined);
  const channel = same((c) => c.channel ?? '') ?? '';
  const emotion = same((c) => c.emotion);
  return (
    <section className="side-section" aria-label="Selected cards" data-testid="selection-panel">
      <h4>{cards.length} cards selected</h4>
      <Field
        label="Channel of all"
        value={channel}
        placeholder="web, email, store…"
        onCommit={(v) => editSelected({ channel: v.trim() || undefined })}
      />
      <label className="side-field">
        <span>Emotion of all</span>
        <select
          aria-label="Emotion of all"
          value={emotion ?? ''}
          onChange={(e) => editSelected({ emotion: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">{emotion === undefined && cards.some((c) => c.emotion !== undefined) ? 'mixed / none' : 'none'}</option>
          {Array.from({ length: EMOTION_MAX - EMOTION_MIN + 1 }, (_, i) => EMOTION_MAX - i).map((v) => (
            <option key={v} value={v}>
              {fmtEmotion(v)}
            </option>
          ))}
        </select>
      </label>
      <div className="side-tools">
        <button className="link small" onClick={() => clear([])}>
          Clear selection (Esc)
        </button>
        <span className="spacer" />
        <button className="danger-link" onClick={removeSelected}>
          Delete {cards.length} cards
        </button>
      </div>
    </section>
  );
}

function BindingPanel({ map, events, funnel }: { map: JourneyMap; events: EventNames; funnel: FunnelNumbers }) {
  const editMap = useApp((s) => s.editMap);
  const datasets = useApp((s) => s.datasets);
  const b = map.binding;
  const dataset = datasets.find((d) => d.id === b?.datasetId);
  const columns = dataset?.columns ?? [];
  const setBinding = (patch: Partial<NonNullable<JourneyMap['binding']>> | null) =>
    editMap((m) => {
      if (patch === null) {
        const { binding: _b, ...rest } = m;
        return rest;
      }
      return { ...m, binding: { ...m.binding!, ...patch } };
    });
  const col = (label: string, key: 'customerColumn' | 'timeColumn' | 'eventColumn') => (
    <label className="side-field inline">
      <span>{label}</span>
      <select aria-label={label} value={b?.[key] ?? ''} onChange={(e) => setBinding({ [key]: e.target.value })}>
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.type.toLowerCase()})
          </option>
        ))}
      </select>
    </label>
  );
  const hasNumbers = Object.keys(funnel.numbers).length > 0;
  return (
    <section className="side-section" aria-label="Data binding">
      <h4>Event data</h4>
      <label className="side-field">
        <span>Event table</span>
        <select
          aria-label="Event table"
          value={b?.datasetId ?? ''}
          onChange={(e) => {
            const d = datasets.find((x) => x.id === e.target.value);
            editMap((m) => {
              if (!d) {
                const { binding: _b, ...rest } = m;
                return rest;
              }
              return { ...m, binding: guessBinding(d.id, d.columns) };
            });
          }}
        >
          <option value="">not bound</option>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.rowCount.toLocaleString('en-US')} rows)
            </option>
          ))}
        </select>
      </label>
      {b && !dataset && <div className="jm-error">The bound table is no longer loaded; choose another.</div>}
      {b && dataset && (
        <>
          <div className="binding-columns">
            {col('Customer', 'customerColumn')}
            {col('Time', 'timeColumn')}
            {col('Event', 'eventColumn')}
          </div>
          <div className="muted small">
            {events.error
              ? `Could not read event names: ${events.error}`
              : events.known
                ? `${events.names.length} event names; unknown names are flagged on the cards.`
                : events.names.length
                  ? `More than ${events.names.length} event names: names are not checked.`
                  : 'Reading event names…'}
          </div>
        </>
      )}
      <div className="numbers-panel" data-testid="numbers-panel">
        {funnel.blocked ? (
          <span className="muted">{funnel.blocked}</span>
        ) : (
          <>
            <button className="primary small" disabled={funnel.loading} onClick={() => void funnel.load()}>
              {funnel.loading ? 'Counting…' : hasNumbers ? 'Refresh numbers' : 'Show numbers on cards'}
            </button>
            {funnel.error && <div className="jm-error">{funnel.error}</div>}
          </>
        )}
      </div>
      {b && (
        <button className="link small" onClick={() => setBinding(null)}>
          Unbind
        </button>
      )}
    </section>
  );
}

function MapDetails({ map }: { map: JourneyMap }) {
  const editMap = useApp((s) => s.editMap);
  return (
    <section className="side-section" aria-label="Persona and version">
      <h4>Persona</h4>
      <Field label="Name" value={map.persona.name} onCommit={(name) => editMap((m) => ({ ...m, persona: { ...m.persona, name } }))} />
      <Field
        label="Description"
        value={map.persona.description}
        multiline
        onCommit={(description) => editMap((m) => ({ ...m, persona: { ...m.persona, description } }))}
      />
      <label className="side-field">
        <span>Version</span>
        <select
          aria-label="Version"
          value={map.version}
          onChange={(e) => editMap((m) => ({ ...m, version: e.target.value as MapVersion }))}
        >
          {MAP_VERSIONS.map((v) => (
            <option key={v} value={v}>
              {v === 'as-is' ? 'As-is (today)' : 'To-be (planned)'}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
