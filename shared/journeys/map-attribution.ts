/**
 * A bound map as a Markov attribution request: each bound touchpoint card is a state, a customer's journey is
 * their events mapped to cards (event name → the card it is bound to; events bound to no card are not
 * touchpoints), and a customer converts when they reach the map's last bound touchpoint (any event bound to
 * it, with a time). The last touchpoint is the conversion, not a state; touchpoints after the customer's first
 * conversion are left out (see README "Journeys → The map shows the numbers").
 */
import type { Card, JourneyMap } from './map';

/** Touchpoint cards with bound events, in board order (stages left to right, then lanes, then within the cell): a map's funnel steps. */
export function funnelCards(m: Pick<JourneyMap, 'stages' | 'lanes' | 'cards'>): Card[] {
  const touch = new Set(m.lanes.filter((l) => l.kind === 'touchpoints').map((l) => l.id));
  const laneIndex = new Map(m.lanes.map((l, i) => [l.id, i]));
  return m.stages.flatMap((s) =>
    m.cards
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.stageId === s.id && touch.has(c.laneId) && (c.binding?.events.length ?? 0) > 0)
      .sort((a, b) => laneIndex.get(a.c.laneId)! - laneIndex.get(b.c.laneId)! || a.i - b.i)
      .map(({ c }) => c),
  );
}

export interface MapAttribution {
  /** Event name → the id of the first card (board order) it is bound to, for the cards before the last. */
  eventChannels: Record<string, string>;
  /** The last bound touchpoint's events: reaching one converts the journey. */
  convertedEvents: string[];
  /** The cards that get a removal effect (every bound touchpoint but the last), in board order. */
  cardIds: string[];
}

/** Null when the map has fewer than two bound touchpoints (nothing to attribute to). */
export function mapAttribution(m: Pick<JourneyMap, 'stages' | 'lanes' | 'cards'>): MapAttribution | null {
  const cards = funnelCards(m);
  if (cards.length < 2) return null;
  const last = cards[cards.length - 1]!;
  const convertedEvents = [...new Set(last.binding!.events)];
  const conv = new Set(convertedEvents);
  const eventChannels: Record<string, string> = {};
  const cardIds: string[] = [];
  for (const c of cards.slice(0, -1)) {
    const own = c.binding!.events.filter((e) => !conv.has(e) && !(e in eventChannels));
    for (const e of own) eventChannels[e] = c.id;
    if (own.length) cardIds.push(c.id);
  }
  return cardIds.length ? { eventChannels, convertedEvents, cardIds } : null;
}
