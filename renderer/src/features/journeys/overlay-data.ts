/** The emotion-versus-drop-off overlay: per stage, the share of customers lost at its touchpoints, beside the emotion curve. */
import type { JourneyMap } from '../../../../shared/journeys/map';
import { funnelSteps, type CardNumbers } from './card-numbers';

/**
 * Per stage (in order): of the customers who reached the touchpoint before the stage's first bound touchpoint
 * (the stage's own first touchpoint for the funnel's first stage), the share who did not reach its last one.
 * Null for a stage without bound touchpoints with numbers, or when nobody entered it.
 */
export function dropOffByStage(m: JourneyMap, numbers: Record<string, CardNumbers>): (number | null)[] {
  const { cardIds } = funnelSteps(m);
  const stageOf = new Map(m.cards.map((c) => [c.id, c.stageId]));
  return m.stages.map((s) => {
    const idx = cardIds.flatMap((id, i) => (stageOf.get(id) === s.id && numbers[id] ? [i] : []));
    if (!idx.length) return null;
    const first = idx[0]!;
    const entering = numbers[cardIds[first > 0 ? first - 1 : 0]!]?.customers;
    const leaving = numbers[cardIds[idx[idx.length - 1]!]!]!.customers;
    return entering ? Math.max(0, (entering - leaving) / entering) : null;
  });
}

/** True when the overlay has something to draw. */
export const hasDropOff = (d: readonly (number | null)[] | null | undefined): d is (number | null)[] => !!d && d.some((v) => v !== null);
