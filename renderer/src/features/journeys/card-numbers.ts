/** The numbers a bound map shows on its touchpoint cards, from a funnel over the touchpoints in stage order. */
import type { ColumnInfo } from '../../../../shared/types';
import type { FunnelStep } from '../../../../shared/journeys/funnel';
import type { CardBinding, JourneyMap, MapBinding } from '../../../../shared/journeys/map';
import { funnelCards } from '../../../../shared/journeys/map-attribution';

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
  /** Markov removal effect of the card (0..1): the share of conversions lost without it; absent on the last touchpoint. */
  removalEffect?: number;
}

/** Touchpoint cards with bound events, in board order (stages left to right, then lanes, then within the cell): the funnel's steps. */
export function funnelSteps(m: JourneyMap): { cardIds: string[]; steps: FunnelStep[] } {
  const cards = funnelCards(m);
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

/** The cards' numbers with each card's removal effect (journeys.attribution over the map, keyed by card id). */
export function withRemovalEffects(
  numbers: Record<string, CardNumbers>,
  removalEffect: Record<string, number>,
): Record<string, CardNumbers> {
  return Object.fromEntries(
    Object.entries(numbers).map(([id, n]) => [id, removalEffect[id] === undefined ? n : { ...n, removalEffect: removalEffect[id] }]),
  );
}

/** A share as a percentage: one decimal under 10%. */
export const percent = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

/** The parts of a card's numbers, in order: customers, from previous, dropped, removal effect. */
export function numberParts(n: CardNumbers): { kind: 'customers' | 'fromPrevious' | 'dropped' | 'removalEffect'; text: string }[] {
  const parts: ReturnType<typeof numberParts> = [{ kind: 'customers', text: `${n.customers.toLocaleString('en-US')} customers` }];
  if (n.fromPrevious !== null) parts.push({ kind: 'fromPrevious', text: `${percent(n.fromPrevious)} from previous` });
  if (n.dropped !== null) parts.push({ kind: 'dropped', text: `${n.dropped.toLocaleString('en-US')} dropped` });
  if (n.removalEffect !== undefined) parts.push({ kind: 'removalEffect', text: `removal effect ${percent(n.removalEffect)}` });
  return parts;
}

/** "1,234 customers · 45% from previous · 1,500 dropped · removal effect 23%". */
export function formatNumbers(n: CardNumbers): string {
  return numberParts(n)
    .map((p) => p.text)
    .join(' · ');
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
