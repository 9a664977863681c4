/**
 * A bound map as a Markov attribution request: each bound touchpoint card is a state, a customer's journey is
 * their events mapped to cards (event name → the card it is bound to; events bound to no card are not
 * touchpoints), and a customer converts when they reach the map's last bound touchpoint (any event bound to
 * it, with a time). The last touchpoint is the conversion, not a state; touchpoints after the customer's first
 * conversion are left out (see README "Journeys → The map shows the numbers"). A card's property filters
 * narrow it: only its events' rows matching them count as the card (and, on the last card, convert).
 */
import type { Card, JourneyMap } from './map';
import type { ChannelRule, EventChannels, PropertyFilters } from './paths-types';

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
  /**
   * Event name → the card (board order) it is bound to, for the cards before the last: the card's id, or the
   * rules of the cards bound to it with property filters, in board order (the first whose filters match wins;
   * cards after one without filters never get the event).
   */
  eventChannels: EventChannels;
  /** The last bound touchpoint's events: reaching one converts the journey. */
  convertedEvents: string[];
  /** The last bound touchpoint's property filters, when it has some. */
  convertedFilters?: PropertyFilters;
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
  const rules = new Map<string, ChannelRule[]>();
  const cardIds: string[] = [];
  for (const c of cards.slice(0, -1)) {
    const filters = nonEmpty(c.binding!.filters);
    let own = false;
    for (const e of new Set(c.binding!.events)) {
      if (conv.has(e)) continue;
      const list = rules.get(e) ?? [];
      if (list.some((r) => !r.filters)) continue; // an earlier card takes every row of this event
      list.push(filters ? { channel: c.id, filters } : { channel: c.id });
      rules.set(e, list);
      own = true;
    }
    if (own) cardIds.push(c.id);
  }
  const eventChannels: EventChannels = {};
  for (const [e, list] of rules) eventChannels[e] = list.length === 1 && !list[0]!.filters ? list[0]!.channel : list;
  const convertedFilters = nonEmpty(last.binding!.filters);
  return cardIds.length ? { eventChannels, convertedEvents, ...(convertedFilters ? { convertedFilters } : {}), cardIds } : null;
}

const nonEmpty = (f: PropertyFilters | undefined) => (f && Object.keys(f).length ? f : undefined);
