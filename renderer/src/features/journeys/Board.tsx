import { Fragment, useEffect, useRef, useState } from 'react';
import {
  addCard,
  cellCards,
  emotionCurve,
  moveLane,
  moveStage,
  removeLane,
  removeStage,
  renameLane,
  renameStage,
  updateCard,
  type Card,
  type JourneyMap,
} from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';
import { unknownEvents, type CardNumbers } from './card-numbers';
import { CardNumbersView } from './CardNumbersView';
import { EmotionCurve } from './EmotionCurve';
import { InlineName } from './InlineName';

export interface BoardProps {
  map: JourneyMap;
  selectedId: string | null;
  editingId: string | null;
  select(id: string | null): void;
  edit(id: string | null): void;
  numbers: Record<string, CardNumbers>;
  knownEvents: Set<string> | null;
}

const LANE_HEAD_W = 150;
/** Stage columns share the width and scroll sideways below this. */
const STAGE_MIN_W = 160;

/** Stages across, lanes down, cards in the cells; the emotion curve runs under the emotion lane. */
export function Board({ map, selectedId, editingId, select, edit, numbers, knownEvents }: BoardProps) {
  const editMap = useApp((s) => s.editMap);
  const columns = Math.max(1, map.stages.length);
  const curve = emotionCurve(map);
  const emotionLane = map.lanes.find((l) => l.kind === 'emotion');
  const showCurve = Boolean(emotionLane) || curve.some((v) => v !== null);
  const confirmRemove = (what: string, cards: number) =>
    cards === 0 || window.confirm(`Remove ${what} and its ${cards} card${cards === 1 ? '' : 's'}?`);

  const curveRow = (
    <>
      <div className="lane-head curve-head">
        <span className="lane-title">Emotion curve</span>
        <small className="muted">−2 … +2, from the emotion lane</small>
      </div>
      <div className="curve-cell" style={{ gridColumn: `2 / span ${Math.max(1, map.stages.length)}` }}>
        <EmotionCurve curve={curve} />
      </div>
    </>
  );

  return (
    <div
      className="board"
      data-testid="journey-board"
      style={{
        gridTemplateColumns: `${LANE_HEAD_W}px repeat(${columns}, minmax(${STAGE_MIN_W}px, 1fr))`,
        minWidth: LANE_HEAD_W + columns * STAGE_MIN_W,
      }}
      onClick={(e) => e.target === e.currentTarget && select(null)}
    >
      <div className="corner" />
      {map.stages.map((s, i) => (
        <div key={s.id} className="stage-head">
          <InlineName value={s.name} label={`Stage ${i + 1} name`} onCommit={(v) => editMap((m) => renameStage(m, s.id, v))} />
          <span className="head-tools">
            <button className="icon" title="Move stage left" disabled={i === 0} onClick={() => editMap((m) => moveStage(m, s.id, -1))}>
              ‹
            </button>
            <button
              className="icon"
              title="Move stage right"
              disabled={i === map.stages.length - 1}
              onClick={() => editMap((m) => moveStage(m, s.id, 1))}
            >
              ›
            </button>
            <button
              className="icon"
              title="Remove stage"
              onClick={() =>
                confirmRemove(`the stage "${s.name}"`, map.cards.filter((c) => c.stageId === s.id).length) &&
                editMap((m) => removeStage(m, s.id))
              }
            >
              ×
            </button>
          </span>
        </div>
      ))}
      {!emotionLane && showCurve && curveRow}
      {map.lanes.map((lane, li) => (
        <Fragment key={lane.id}>
          <div className={`lane-head kind-${lane.kind}`}>
            <InlineName value={lane.name} label={`Lane ${li + 1} name`} onCommit={(v) => editMap((m) => renameLane(m, lane.id, v))} />
            <small className="muted">{lane.kind.replace('_', ' ')}</small>
            <span className="head-tools">
              <button className="icon" title="Move lane up" disabled={li === 0} onClick={() => editMap((m) => moveLane(m, lane.id, -1))}>
                ˄
              </button>
              <button
                className="icon"
                title="Move lane down"
                disabled={li === map.lanes.length - 1}
                onClick={() => editMap((m) => moveLane(m, lane.id, 1))}
              >
                ˅
              </button>
              <button
                className="icon"
                title="Remove lane"
                onClick={() =>
                  confirmRemove(`the lane "${lane.name}"`, map.cards.filter((c) => c.laneId === lane.id).length) &&
                  editMap((m) => removeLane(m, lane.id))
                }
              >
                ×
              </button>
            </span>
          </div>
          {map.stages.map((s) => (
            <div key={s.id} className={`cell kind-${lane.kind}`} onClick={(e) => e.target === e.currentTarget && select(null)}>
              {cellCards(map, s.id, lane.id).map((c) => (
                <CardView
                  key={c.id}
                  card={c}
                  kind={lane.kind}
                  selected={c.id === selectedId}
                  editing={c.id === editingId}
                  numbers={numbers[c.id]}
                  unknown={unknownEvents(c.binding?.events ?? [], knownEvents)}
                  onSelect={() => select(c.id)}
                  onEdit={edit}
                  onText={(text) => editMap((m) => updateCard(m, c.id, { text }))}
                />
              ))}
              <button
                className="add-card"
                title={`Add a card to ${lane.name} in ${s.name}`}
                aria-label={`Add card: ${lane.name}, ${s.name}`}
                onClick={() => {
                  let id = '';
                  editMap((m) => {
                    const r = addCard(m, s.id, lane.id, lane.kind === 'emotion' ? { emotion: 0 } : {});
                    id = r.id;
                    return r.map;
                  });
                  select(id);
                  edit(id);
                }}
              >
                +
              </button>
            </div>
          ))}
          {lane.id === emotionLane?.id && curveRow}
        </Fragment>
      ))}
    </div>
  );
}

interface CardViewProps {
  card: Card;
  kind: string;
  selected: boolean;
  editing: boolean;
  numbers: CardNumbers | undefined;
  unknown: string[];
  onSelect(): void;
  onEdit(id: string | null): void;
  onText(text: string): void;
}

function CardView({ card, kind, selected, editing, numbers, unknown, onSelect, onEdit, onText }: CardViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected && !editing) ref.current?.focus({ preventScroll: false });
  }, [selected, editing]);
  const events = card.binding?.events ?? [];
  const emotion = card.emotion;
  return (
    <div
      ref={ref}
      className={`card${selected ? ' selected' : ''}${unknown.length ? ' flagged' : ''}`}
      data-card-id={card.id}
      tabIndex={selected ? 0 : -1}
      role="button"
      aria-pressed={selected}
      onClick={onSelect}
      onDoubleClick={() => onEdit(card.id)}
    >
      {editing ? (
        <CardText text={card.text} onDone={(t) => (t !== null && t !== card.text && onText(t), onEdit(null))} />
      ) : (
        <div className={`card-text${card.text ? '' : ' placeholder'}`}>{card.text || 'Empty card: Enter to write'}</div>
      )}
      {(card.channel || emotion !== undefined || card.kpi || card.link) && (
        <div className="card-meta">
          {card.channel && <span className="chip">{card.channel}</span>}
          {emotion !== undefined && kind !== 'emotion' && (
            <span className={`chip emo ${emotion < 0 ? 'neg' : emotion > 0 ? 'pos' : ''}`}>{fmtEmotion(emotion)}</span>
          )}
          {emotion !== undefined && kind === 'emotion' && <EmotionScale value={emotion} />}
          {card.kpi && <span className="chip kpi">KPI: {card.kpi}</span>}
          {card.link && (
            <a className="chip link" href={card.link} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
              link
            </a>
          )}
        </div>
      )}
      {events.length > 0 && (
        <div className="card-events" title="Bound events">
          {events.map((e) => (
            <span
              key={e}
              className={`event${unknown.includes(e) ? ' unknown' : ''}`}
              title={unknown.includes(e) ? 'Not an event name in the bound table' : undefined}
            >
              {e}
            </span>
          ))}
        </div>
      )}
      {unknown.length > 0 && (
        <div className="card-warning">
          Unknown event{unknown.length > 1 ? 's' : ''}: {unknown.join(', ')}
        </div>
      )}
      {numbers && <CardNumbersView cardId={card.id} cardText={card.text} numbers={numbers} />}
    </div>
  );
}

export const fmtEmotion = (v: number) => (v > 0 ? `+${v}` : String(v));

function EmotionScale({ value }: { value: number }) {
  return (
    <span className="emotion-scale" aria-label={`Emotion ${fmtEmotion(value)}`}>
      {[-2, -1, 0, 1, 2].map((v) => (
        <span key={v} className={`pip${v === value ? ' on' : ''}${v < 0 ? ' neg' : v > 0 ? ' pos' : ''}`} />
      ))}
      <b>{fmtEmotion(value)}</b>
    </span>
  );
}

/** The card's text being edited: Enter keeps it (Shift+Enter for a new line), Escape drops the change. */
function CardText({ text, onDone }: { text: string; onDone(t: string | null): void }) {
  const [value, setValue] = useState(text);
  const done = useRef(false);
  const finish = (t: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(t);
  };
  return (
    <textarea
      className="card-editor"
      aria-label="Card text"
      autoFocus
      value={value}
      rows={Math.max(2, value.split('\n').length)}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => finish(value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          finish(value);
        }
        if (e.key === 'Escape') finish(null);
      }}
    />
  );
}
