import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
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
  type Lane,
  type Stage,
} from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';
import { unknownEvents, type CardNumbers } from './card-numbers';
import { CardNumbersView } from './CardNumbersView';
import { EmotionCurve } from './EmotionCurve';
import { InlineName } from './InlineName';
import { BoardDnd, useCardDnd, useCellDrop, useHeaderDnd } from './use-board-dnd';

export interface BoardProps {
  map: JourneyMap;
  /** The selected cards; the last one has the keyboard focus. */
  selection: readonly string[];
  editingId: string | null;
  select(id: string | null): void;
  /** Shift/Ctrl/Cmd+click: adds the card to the selection or takes it out. */
  toggle(id: string): void;
  edit(id: string | null): void;
  numbers: Record<string, CardNumbers>;
  knownEvents: Set<string> | null;
  zoom: number;
  onDragging(on: boolean): void;
}

const LANE_HEAD_W = 150;
/** Stage columns share the width and scroll sideways below this. */
const STAGE_MIN_W = 160;
/** The board's width at 100 % before its columns stretch. */
export const boardMinWidth = (stages: number) => LANE_HEAD_W + Math.max(1, stages) * STAGE_MIN_W;

const confirmRemove = (what: string, cards: number) =>
  cards === 0 || window.confirm(`Remove ${what} and its ${cards} card${cards === 1 ? '' : 's'}?`);

/** Stages across, lanes down, cards in the cells; the emotion curve runs under the emotion lane. */
export function Board({ map, selection, editingId, select, toggle, edit, numbers, knownEvents, zoom, onDragging }: BoardProps) {
  const editMap = useApp((s) => s.editMap);
  const columns = Math.max(1, map.stages.length);
  const curve = emotionCurve(map);
  const emotionLane = map.lanes.find((l) => l.kind === 'emotion');
  const showCurve = Boolean(emotionLane) || curve.some((v) => v !== null);
  const focusedId = selection[selection.length - 1] ?? null;

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
    <BoardDnd map={map} onDragging={onDragging}>
      <div
        className={`board${zoom < 0.8 ? ' zoomed-out' : ''}`}
        data-testid="journey-board"
        style={{
          gridTemplateColumns: `${LANE_HEAD_W}px repeat(${columns}, minmax(${STAGE_MIN_W}px, 1fr))`,
          minWidth: boardMinWidth(columns),
          zoom,
        }}
        onClick={(e) => e.target === e.currentTarget && select(null)}
      >
        <div className="corner" />
        {map.stages.map((s, i) => (
          <StageHead key={s.id} map={map} index={i} />
        ))}
        {!emotionLane && showCurve && curveRow}
        {map.lanes.map((lane, li) => (
          <Fragment key={lane.id}>
            <LaneHead map={map} index={li} />
            {map.stages.map((s) => (
              <Cell key={s.id} stage={s} lane={lane} select={select} edit={edit}>
                {cellCards(map, s.id, lane.id).map((c) => (
                  <CardView
                    key={c.id}
                    card={c}
                    kind={lane.kind}
                    selected={selection.includes(c.id)}
                    focused={c.id === focusedId}
                    editing={c.id === editingId}
                    numbers={numbers[c.id]}
                    unknown={unknownEvents(c.binding?.events ?? [], knownEvents)}
                    onSelect={(e) => {
                      if (!(e.shiftKey || e.ctrlKey || e.metaKey)) return select(c.id);
                      window.getSelection()?.removeAllRanges(); // Shift+click would otherwise select the text between cards
                      toggle(c.id);
                    }}
                    onEdit={edit}
                    onText={(text) => editMap((m) => updateCard(m, c.id, { text }))}
                  />
                ))}
              </Cell>
            ))}
            {lane.id === emotionLane?.id && curveRow}
          </Fragment>
        ))}
      </div>
    </BoardDnd>
  );
}

/** A stage's header: rename in place, drag by its grip (or move with the arrows), remove. */
function StageHead({ map, index: i }: { map: JourneyMap; index: number }) {
  const editMap = useApp((s) => s.editMap);
  const s = map.stages[i]!;
  const dnd = useHeaderDnd('stage', s.id);
  return (
    <div ref={dnd.ref} className={`stage-head${dnd.dragging ? ' dragging' : ''}${dnd.over ? ' drop-target' : ''}`}>
      <span className="grip" title="Drag to move the stage (or Space, then arrows)" aria-label={`Move stage ${s.name}`} {...dnd.handle}>
        ⠿
      </span>
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
  );
}

/** A lane's header: rename in place, drag by its grip (or move with the arrows), remove. */
function LaneHead({ map, index: li }: { map: JourneyMap; index: number }) {
  const editMap = useApp((s) => s.editMap);
  const lane = map.lanes[li]!;
  const dnd = useHeaderDnd('lane', lane.id);
  return (
    <div ref={dnd.ref} className={`lane-head kind-${lane.kind}${dnd.dragging ? ' dragging' : ''}${dnd.over ? ' drop-target' : ''}`}>
      <span className="grip" title="Drag to move the lane (or Space, then arrows)" aria-label={`Move lane ${lane.name}`} {...dnd.handle}>
        ⠿
      </span>
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
  );
}

/** A cell: its cards, a drop target for dragged cards, and the add-card button. */
function Cell({
  stage: s,
  lane,
  select,
  edit,
  children,
}: {
  stage: Stage;
  lane: Lane;
  select(id: string | null): void;
  edit(id: string | null): void;
  children: ReactNode;
}) {
  const editMap = useApp((st) => st.editMap);
  const drop = useCellDrop(s.id, lane.id);
  return (
    <div
      ref={drop.ref}
      className={`cell kind-${lane.kind}${drop.over ? ' drop-target' : ''}`}
      data-cell={`${s.id}|${lane.id}`}
      onClick={(e) => e.target === e.currentTarget && select(null)}
    >
      {children}
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
  );
}

interface CardViewProps {
  card: Card;
  kind: string;
  selected: boolean;
  /** The card the keyboard acts on (the last one selected). */
  focused: boolean;
  editing: boolean;
  numbers: CardNumbers | undefined;
  unknown: string[];
  onSelect(e: React.MouseEvent): void;
  onEdit(id: string | null): void;
  onText(text: string): void;
}

function CardView({ card, kind, selected, focused, editing, numbers, unknown, onSelect, onEdit, onText }: CardViewProps) {
  const ref = useRef<HTMLDivElement | null>(null);
  const dnd = useCardDnd(card.id);
  const { ref: dndRef } = dnd;
  const setRef = useCallback((node: HTMLDivElement | null) => ((ref.current = node), dndRef(node)), [dndRef]);
  useEffect(() => {
    if (focused && !editing) ref.current?.focus({ preventScroll: false });
  }, [focused, editing]);
  const events = card.binding?.events ?? [];
  const emotion = card.emotion;
  return (
    <div
      {...dnd.attributes}
      {...(editing ? {} : dnd.listeners)}
      ref={setRef}
      className={`card${selected ? ' selected' : ''}${unknown.length ? ' flagged' : ''}${dnd.dragging ? ' dragging' : ''}${dnd.dropSide ? ` drop-${dnd.dropSide}` : ''}`}
      data-card-id={card.id}
      tabIndex={focused ? 0 : -1}
      role="button"
      aria-pressed={selected}
      onClick={onSelect}
      onDoubleClick={() => onEdit(card.id)}
    >
      {card.image && <img className="card-image" src={card.image} alt="" draggable={false} />}
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
