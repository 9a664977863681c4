/**
 * Drag and drop on the board (@dnd-kit): cards onto cards or cells, stage headers onto stage headers,
 * lane headers onto lane headers. Pointer and keyboard (Space to pick up, arrows, Space or Enter to drop,
 * Escape to cancel); every drop is one undoable edit through the pure map operations.
 */
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Active,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragOverEvent,
  type DragStartEvent,
  type Over,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { cardDropTarget, reorderLane, reorderStage, type JourneyMap } from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';

type DragKind = 'card' | 'stage' | 'lane' | 'cell';
interface DragData {
  kind: DragKind;
  id: string;
}
interface OverState {
  id: string;
  after: boolean;
}
interface BoardDragState {
  active: DragData | null;
  /** The cards being dragged (the selection when a selected card is dragged). */
  moving: ReadonlySet<string>;
  over: OverState | null;
}

const BoardDrag = createContext<BoardDragState>({ active: null, moving: new Set(), over: null });
const dndId = (kind: DragKind, id: string) => `${kind}:${id}`;
const dataOf = (x: Active | Over | null) => (x?.data.current as DragData | undefined) ?? null;

/** Cards land on the card or cell under the pointer; headers on the nearest header of their kind. */
const collide: CollisionDetection = (args) => {
  const kind = dataOf(args.active)?.kind;
  if (kind !== 'card' || !args.pointerCoordinates) return closestCenter(args);
  const hits = pointerWithin(args);
  const cards = hits.filter((h) => String(h.id).startsWith('card:'));
  return cards.length ? cards : hits;
};

/** Whether the drop goes after the card under it: by the pointer's half with a mouse; by direction with the keyboard. */
function dropsAfter(map: JourneyMap, e: DragMoveEvent | DragOverEvent | DragEndEvent): boolean {
  const over = e.over;
  if (!over) return false;
  const start = e.activatorEvent;
  if (start instanceof PointerEvent || start instanceof MouseEvent) {
    const y = start.clientY + e.delta.y;
    return y > over.rect.top + over.rect.height / 2;
  }
  const a = map.cards.findIndex((c) => c.id === dataOf(e.active)?.id);
  const o = map.cards.findIndex((c) => c.id === dataOf(over)?.id);
  const ac = map.cards[a];
  const oc = map.cards[o];
  return Boolean(ac && oc && ac.stageId === oc.stageId && ac.laneId === oc.laneId && o > a);
}

export function BoardDnd({ map, children, onDragging }: { map: JourneyMap; children: ReactNode; onDragging(on: boolean): void }) {
  const editMap = useApp((s) => s.editMap);
  const dropCards = useApp((s) => s.dropCards);
  const selection = useApp((s) => s.mapSelection);
  const [active, setActive] = useState<DragData | null>(null);
  const [over, setOver] = useState<OverState | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter edits a card, so only Space picks one up.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const moving = useMemo(() => {
    if (active?.kind !== 'card') return new Set<string>();
    return new Set(selection.includes(active.id) ? selection : [active.id]);
  }, [active, selection]);

  const end = () => {
    setActive(null);
    setOver(null);
    onDragging(false);
  };
  const onDragStart = (e: DragStartEvent) => {
    setActive(dataOf(e.active));
    onDragging(true);
  };
  const onDragMove = (e: DragMoveEvent | DragOverEvent) => {
    const id = e.over ? String(e.over.id) : null;
    const after = dataOf(e.over)?.kind === 'card' && dropsAfter(map, e);
    setOver((o) => (id === null ? null : o?.id === id && o.after === after ? o : { id, after }));
  };
  const onDragEnd = (e: DragEndEvent) => {
    const a = dataOf(e.active);
    const o = dataOf(e.over);
    end();
    if (!a || !o) return;
    if (a.kind === 'stage' && o.kind === 'stage')
      editMap((m) =>
        reorderStage(
          m,
          a.id,
          m.stages.findIndex((s) => s.id === o.id),
        ),
      );
    else if (a.kind === 'lane' && o.kind === 'lane')
      editMap((m) =>
        reorderLane(
          m,
          a.id,
          m.lanes.findIndex((l) => l.id === o.id),
        ),
      );
    else if (a.kind === 'card') {
      const ids = selection.includes(a.id) ? selection : [a.id];
      const target =
        o.kind === 'cell'
          ? { stageId: o.id.split('|')[0]!, laneId: o.id.split('|')[1]!, index: Number.MAX_SAFE_INTEGER }
          : o.kind === 'card'
            ? cardDropTarget(map, ids, o.id, dropsAfter(map, e))
            : null;
      if (target) dropCards(a.id, target.stageId, target.laneId, target.index);
    }
  };

  const label = (d: DragData) =>
    d.kind === 'card'
      ? (map.cards.find((c) => c.id === d.id)?.text || 'Empty card').slice(0, 60)
      : d.kind === 'stage'
        ? `Stage ${map.stages.find((s) => s.id === d.id)?.name}`
        : `Lane ${map.lanes.find((l) => l.id === d.id)?.name}`;
  const overLabel = (id: string | number | undefined) => {
    const [kind, rest = ''] = String(id ?? '').split(':');
    if (kind === 'cell') {
      const [s, l] = rest.split('|');
      return `${map.lanes.find((x) => x.id === l)?.name} in ${map.stages.find((x) => x.id === s)?.name}`;
    }
    return label({ kind: kind as DragKind, id: rest });
  };

  return (
    <BoardDrag.Provider value={{ active, moving, over }}>
      <DndContext
        sensors={sensors}
        collisionDetection={collide}
        onDragStart={onDragStart}
        onDragMove={onDragMove}
        onDragOver={onDragMove}
        onDragEnd={onDragEnd}
        onDragCancel={end}
        accessibility={{
          screenReaderInstructions: {
            draggable: 'Press Space to pick up; arrow keys move it; Space or Enter drops it; Escape cancels.',
          },
          announcements: {
            onDragStart: ({ active: a }) => `Picked up ${label(dataOf(a)!)}.`,
            onDragOver: ({ over: o }) => (o ? `Over ${overLabel(o.id)}.` : 'Not over a place to drop.'),
            onDragEnd: ({ over: o }) => (o ? `Dropped on ${overLabel(o.id)}.` : 'Dropped back.'),
            onDragCancel: () => 'Moving cancelled.',
          },
        }}
      >
        {children}
        {createPortal(
          <DragOverlay dropAnimation={null}>
            {active && (
              <div className={`drag-ghost kind-${active.kind}`}>
                {label(active)}
                {moving.size > 1 && <span className="drag-count">{moving.size} cards</span>}
              </div>
            )}
          </DragOverlay>,
          document.body,
        )}
      </DndContext>
    </BoardDrag.Provider>
  );
}

/** A card: draggable, and a drop target (the dragged cards go before or after it). */
export function useCardDnd(cardId: string) {
  const { active, moving, over } = useContext(BoardDrag);
  const id = dndId('card', cardId);
  const data = { kind: 'card', id: cardId } satisfies DragData;
  const drag = useDraggable({ id, data });
  const drop = useDroppable({ id, data, disabled: active !== null && active.kind !== 'card' });
  const { setNodeRef: setDrag } = drag;
  const { setNodeRef: setDrop } = drop;
  const ref = useCallback((node: HTMLElement | null) => (setDrag(node), setDrop(node)), [setDrag, setDrop]);
  return {
    ref,
    attributes: drag.attributes,
    listeners: drag.listeners,
    dragging: moving.has(cardId),
    dropSide: over?.id === id ? (over.after ? 'after' : 'before') : null,
  };
}

/** A cell: a drop target for cards (they go to its end). */
export function useCellDrop(stageId: string, laneId: string) {
  const { active, over } = useContext(BoardDrag);
  const id = dndId('cell', `${stageId}|${laneId}`);
  const { setNodeRef } = useDroppable({ id, data: { kind: 'cell', id: `${stageId}|${laneId}` }, disabled: active?.kind !== 'card' });
  return { ref: setNodeRef, over: over?.id === id };
}

/** A stage or lane header: its grip drags it, the header is where another one drops. */
export function useHeaderDnd(kind: 'stage' | 'lane', itemId: string) {
  const { active, over } = useContext(BoardDrag);
  const id = dndId(kind, itemId);
  const data = { kind, id: itemId } satisfies DragData;
  const drag = useDraggable({ id, data });
  const drop = useDroppable({ id, data, disabled: active !== null && active.kind !== kind });
  const { setNodeRef: setDrag } = drag;
  const { setNodeRef: setDrop } = drop;
  const ref = useCallback((node: HTMLElement | null) => (setDrag(node), setDrop(node)), [setDrag, setDrop]);
  return {
    ref,
    handle: { ...drag.attributes, ...drag.listeners, ref: drag.setActivatorNodeRef },
    dragging: active?.kind === kind && active.id === itemId,
    over: over?.id === id && active?.id !== itemId,
  };
}
