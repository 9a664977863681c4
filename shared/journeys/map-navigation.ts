/** Keyboard navigation on the board: which card the arrow keys select next. */
import type { Card, JourneyMap } from './map';

export type Direction = 'left' | 'right' | 'up' | 'down';

/** A stage's cards top to bottom: by lane order, then their order within the cell. */
function column(m: JourneyMap, stageId: string): Card[] {
  const laneIndex = new Map(m.lanes.map((l, i) => [l.id, i]));
  return m.cards
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.stageId === stageId)
    .sort((a, b) => laneIndex.get(a.c.laneId)! - laneIndex.get(b.c.laneId)! || a.i - b.i)
    .map(({ c }) => c);
}

/**
 * The card an arrow key moves to from `fromId`: up/down within the stage; left/right to the nearest stage
 * that has cards, landing on the card whose lane is closest (the same lane if it has one). Stays put at
 * an edge; with nothing selected, the first card of the board.
 */
export function neighbourCard(m: JourneyMap, fromId: string | null, dir: Direction): string | null {
  const first = m.stages.map((s) => column(m, s.id)[0]).find((c) => c);
  const from = m.cards.find((c) => c.id === fromId);
  if (!from) return first?.id ?? null;
  if (dir === 'up' || dir === 'down') {
    const col = column(m, from.stageId);
    const i = col.indexOf(from) + (dir === 'up' ? -1 : 1);
    return (col[i] ?? from).id;
  }
  const laneIndex = new Map(m.lanes.map((l, i) => [l.id, i]));
  const fromLane = laneIndex.get(from.laneId)!;
  const step = dir === 'left' ? -1 : 1;
  for (let si = m.stages.findIndex((s) => s.id === from.stageId) + step; si >= 0 && si < m.stages.length; si += step) {
    const col = column(m, m.stages[si]!.id);
    if (!col.length) continue;
    let best = col[0]!;
    for (const c of col) if (Math.abs(laneIndex.get(c.laneId)! - fromLane) < Math.abs(laneIndex.get(best.laneId)! - fromLane)) best = c;
    return best.id;
  }
  return from.id;
}
