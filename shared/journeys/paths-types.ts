/** Paths and attribution: defaults written once, and the response types of `journeys.paths` and `journeys.attribution`. */

/** A new session starts after more than this many seconds without an event (unless a session column is given). */
export const DEFAULT_SESSION_GAP_SECONDS = 30 * 60;
/** Positions in a path: the first N steps (or the N up to the end event). */
export const PATH_STEPS_MIN = 2;
export const PATH_STEPS_MAX = 20;
/** Consecutive repeats of one event in a session count as one step unless told otherwise. */
export const DEFAULT_COLLAPSE_REPEATS = true;
/** The name of the node that the edges beyond `limit` are summed into, at each position. */
export const OTHER_NODE = 'Other';
/** Markov orders the attribution accepts (1: the next touchpoint depends on the current one; 2: on the last two). */
export const MARKOV_ORDERS = [1, 2] as const;
export type MarkovOrder = (typeof MARKOV_ORDERS)[number];
export const DEFAULT_MARKOV_ORDER: MarkovOrder = 1;
/** Event names an attribution request may map to channels (`eventChannels`). */
export const MAX_EVENT_CHANNELS = 1000;

/** Property filters of a touchpoint: column → value, compared as text (a map card's binding filters). */
export type PropertyFilters = Record<string, string>;
/** One way an event becomes a channel: its rows that match every filter count as `channel`. */
export interface ChannelRule {
  channel: string;
  filters?: PropertyFilters;
}
/**
 * Event name → its channel, or the rules tried in order (the first whose filters all match wins; a row
 * that matches none is not a touchpoint).
 */
export type EventChannels = Record<string, string | ChannelRule[]>;

/** The rules of one event of an `EventChannels` map (a bare channel is one rule without filters). */
export function channelRules(target: string | ChannelRule[]): ChannelRule[] {
  return typeof target === 'string' ? [{ channel: target }] : target;
}

export interface PathEdge {
  /** Position of the source, from 1. */
  step: number;
  from: string;
  to: string;
  sessions: number;
}

export interface PathNode {
  /** Position and name, e.g. "2:product_view", so a Sankey over the nodes stays acyclic. */
  id: string;
  name: string;
  step: number;
  /** Sessions whose path holds this event at this position. */
  sessions: number;
}

export interface PathsResult {
  /** Every session, single-event ones included. */
  sessions: number;
  edges: PathEdge[];
  nodes: PathNode[];
}

export interface MarkovTransition {
  from: string;
  to: string;
  count: number;
  probability: number;
}

export interface AttributionResult {
  /** Journeys with at least one touchpoint. */
  journeys: number;
  /** Of those, the journeys with a true converted value on any row. */
  conversions: number;
  /** Probability of reaching conversion from start, solved exactly by absorption. */
  conversionProbability: number;
  /** Per channel: 1 − P(conversion without the channel) / P(conversion). */
  removalEffect: Record<string, number>;
  /** Conversions credited in proportion to the removal effects. */
  credited: Record<string, number>;
  firstTouch: Record<string, number>;
  lastTouch: Record<string, number>;
  order: MarkovOrder;
  /** The estimated chain: counts and probabilities between states (start, touchpoints, conversion, null). */
  transitions: MarkovTransition[];
}
