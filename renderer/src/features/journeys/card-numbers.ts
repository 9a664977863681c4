/** The numbers a bound map shows on its touchpoint cards, from a funnel over the touchpoints in stage order. */
import type { ColumnInfo } from '../../../../shared/types';
import type { FunnelStep } from '../../../../shared/journeys/funnel';
import type { CardBinding, JourneyMap, MapBinding } from '../../../../shared/journeys/map';

/** The funnel method's answer (journeys.funnel), as far as the cards read it. */
export interface FunnelAnswer {
  steps: { name: string; customers: number; conversion: number; dropOff: number; medianSecondsFromPrevious: number | null }[];
  unknownEvents: string[];
}

export interface CardNumbers {
  customers: number;
  /** Share of the previous touchpoint's customers; null on the first. */
  fromPrevious: number | null;
  /** Customers of the previous touchpoint who did not reach this one; null on the first. */
  dropped: number | null;
  medianSecondsFromPrevious: number | null;
}

/** Touchpoint cards with bound events, in board order (stages left to right, then lanes, then within the cell): the funnel's steps. */
export function funnelSteps(m: JourneyMap): { cardIds: string[]; steps: FunnelStep[] } {
  const touch = new Set(m.lanes.filter((l) => l.kind === 'touchpoints').map((l) => l.id));
  const laneIndex = new Map(m.lanes.map((l, i) => [l.id, i]));
  const cards = m.stages.flatMap((s) =>
    m.cards
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.stageId === s.id && touch.has(c.laneId) && (c.binding?.events.length ?? 0) > 0)
      .sort((a, b) => laneIndex.get(a.c.laneId)! - laneIndex.get(b.c.laneId)! || a.i - b.i)
      .map(({ c }) => c),
  );
  return { cardIds: cards.map((c) => c.id), steps: cards.map((c) => bindingStep(c.binding!)) };
}

/** A card's binding as a funnel step: any of its events, with its property filters (column = value); a bare name when it is one event. */
export function bindingStep(b: CardBinding): FunnelStep {
  const filters = Object.entries(b.filters ?? {}).map(([column, value]) => ({ column, op: '=' as const, value }));
  if (b.events.length === 1 && !filters.length) return b.events[0]!;
  return { event: b.events.length === 1 ? b.events[0]! : b.events, ...(filters.length ? { filters } : {}) };
}

export function cardNumbers(cardIds: string[], answer: FunnelAnswer): Record<string, CardNumbers> {
  const out: Record<string, CardNumbers> = {};
  cardIds.forEach((id, i) => {
    const step = answer.steps[i];
    if (!step) return;
    const prev = i > 0 ? answer.steps[i - 1] : undefined;
    out[id] = {
      customers: step.customers,
      fromPrevious: prev ? (prev.customers > 0 ? step.customers / prev.customers : 0) : null,
      dropped: prev ? prev.customers - step.customers : null,
      medianSecondsFromPrevious: prev ? step.medianSecondsFromPrevious : null,
    };
  });
  return out;
}

/** "1,234 customers · 45% from previous · 1,500 dropped". */
export function formatNumbers(n: CardNumbers): string {
  const parts = [`${n.customers.toLocaleString('en-US')} customers`];
  if (n.fromPrevious !== null) parts.push(`${(n.fromPrevious * 100).toFixed(n.fromPrevious < 0.1 ? 1 : 0)}% from previous`);
  if (n.dropped !== null) parts.push(`${n.dropped.toLocaleString('en-US')} dropped`);
  return parts.join(' · ');
}

/** Bound event names that the event table does not have (only when its distinct names were read in full). */
export function unknownEvents(events: readonly string[], known: ReadonlySet<string> | null): string[] {
  return known ? events.filter((e) => !known.has(e)) : [];
}

const TIME_TYPES = /^(TIMESTAMP|DATE|TIMESTAMP WITH TIME ZONE|TIMESTAMP_[A-Z]+)/i;

/** A first guess at the binding's columns: a customer/user id, a timestamp, an event name/type. */
export function guessBinding(datasetId: string, columns: readonly ColumnInfo[]): MapBinding {
  const names = columns.map((c) => c.name);
  const find = (re: RegExp) => names.find((n) => re.test(n));
  return {
    datasetId,
    customerColumn: find(/^(customer|user|client|person|visitor|account)_?id$/i) ?? find(/customer|user/i) ?? names[0] ?? '',
    timeColumn: columns.find((c) => TIME_TYPES.test(c.type))?.name ?? find(/time|_ts$|date/i) ?? names[0] ?? '',
    eventColumn: find(/^event(_type|_name)?$/i) ?? find(/event|action/i) ?? names[0] ?? '',
  };
}
