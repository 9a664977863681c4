/**
 * A journey map as CX teams draw it: stages across, lanes down, cards in the cells. The schema validates
 * a map with messages naming the field; the operations are pure (each returns a new map) so the editor's
 * undo history is a list of values.
 */
import { z } from 'zod';

export const LANE_KINDS = [
  'actions',
  'touchpoints',
  'thoughts',
  'emotion',
  'pain_points',
  'opportunities',
  'backstage',
  'owners',
  'kpis',
  'text',
] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

/** The label a new lane of each kind gets. */
export const LANE_KIND_LABELS: Record<LaneKind, string> = {
  actions: 'Customer actions',
  touchpoints: 'Touchpoints',
  thoughts: 'Thoughts',
  emotion: 'Emotion',
  pain_points: 'Pain points',
  opportunities: 'Opportunities',
  backstage: 'Backstage',
  owners: 'Owners',
  kpis: 'KPIs',
  text: 'Notes',
};

export const MAP_VERSIONS = ['as-is', 'to-be'] as const;
export type MapVersion = (typeof MAP_VERSIONS)[number];

export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;

const itemId = z.string().regex(/^[\w.-]{1,64}$/, 'use 1 to 64 letters, digits, dots, dashes or underscores');
const label = (what: string) => z.string().trim().min(1, `${what} cannot be empty`).max(200, `${what} is at most 200 characters`);
const columnRef = z.string().min(1).max(1024);

/** Image formats a card may carry, as data URLs (`data:image/png;base64,…`). */
export const CARD_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
/** The most bytes one card's image may hold (the editor downscales to about 640 px to stay well under). */
export const CARD_IMAGE_MAX_BYTES = 200 * 1024;
/** The most bytes a map's images may add up to: as base64 they stay well inside one save request (4 MB). */
export const MAP_IMAGES_MAX_BYTES = 2 * 1024 * 1024;
/** The longest side the editor downscales a card image to. */
export const CARD_IMAGE_MAX_SIDE = 640;

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
/** Decoded size of a base64 data URL's payload. */
export function dataUrlBytes(url: string): number {
  const b64 = url.slice(url.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}
const IMAGE_URL = new RegExp(`^data:(${CARD_IMAGE_TYPES.join('|')});base64,[A-Za-z0-9+/]+={0,2}$`);
export const cardImageSchema = z
  .string()
  .regex(IMAGE_URL, `an image is a base64 data URL of ${CARD_IMAGE_TYPES.join(', ')} (data:image/png;base64,…)`)
  .refine((u) => dataUrlBytes(u) <= CARD_IMAGE_MAX_BYTES, {
    error: (i) => `an image is at most ${kb(CARD_IMAGE_MAX_BYTES)} (got ${kb(dataUrlBytes(String(i.input)))})`,
  });

export const stageSchema = z.object({ id: itemId, name: label('a stage name') }).strict();
export const laneSchema = z
  .object({
    id: itemId,
    kind: z.enum(LANE_KINDS, { message: `use one of ${LANE_KINDS.join(', ')}` }),
    name: label('a lane name'),
  })
  .strict();
export const cardBindingSchema = z
  .object({
    events: z.array(z.string().min(1).max(500)).max(50, 'bind at most 50 event names'),
    filters: z.record(z.string().min(1).max(1024), z.string().max(1000)).optional(),
  })
  .strict();
export const cardSchema = z
  .object({
    id: itemId,
    stageId: itemId,
    laneId: itemId,
    text: z.string().max(4000, 'a card holds at most 4000 characters'),
    channel: z.string().max(200).optional(),
    emotion: z
      .number()
      .int(`emotion is a whole number from ${EMOTION_MIN} to +${EMOTION_MAX}`)
      .min(EMOTION_MIN, `emotion is at least ${EMOTION_MIN}`)
      .max(EMOTION_MAX, `emotion is at most +${EMOTION_MAX}`)
      .optional(),
    kpi: z.string().max(200).optional(),
    link: z.string().max(2000).optional(),
    binding: cardBindingSchema.optional(),
    image: cardImageSchema.optional(),
  })
  .strict();
export const mapBindingSchema = z
  .object({ datasetId: z.string().min(1).max(128), customerColumn: columnRef, timeColumn: columnRef, eventColumn: columnRef })
  .strict();

const mapFields = {
  name: label('the map name'),
  version: z.enum(MAP_VERSIONS, { message: `use one of ${MAP_VERSIONS.join(', ')}` }),
  persona: z.object({ name: z.string().max(200), description: z.string().max(4000) }).strict(),
  stages: z.array(stageSchema).max(100, 'a map has at most 100 stages'),
  lanes: z.array(laneSchema).max(50, 'a map has at most 50 lanes'),
  cards: z.array(cardSchema).max(5000, 'a map has at most 5000 cards'),
  binding: mapBindingSchema.optional(),
};

/** Ids are unique and every card sits in a stage and a lane of its map. */
function checkReferences(
  m: { stages: { id: string }[]; lanes: { id: string }[]; cards: { id: string; stageId: string; laneId: string; image?: string }[] },
  ctx: z.RefinementCtx,
) {
  const imageBytes = m.cards.reduce((n, c) => n + (c.image ? dataUrlBytes(c.image) : 0), 0);
  if (imageBytes > MAP_IMAGES_MAX_BYTES)
    ctx.addIssue({
      code: 'custom',
      path: ['cards'],
      message: `the cards' images add up to ${kb(imageBytes)}, at most ${kb(MAP_IMAGES_MAX_BYTES)}: remove some or use smaller ones`,
    });
  for (const key of ['stages', 'lanes', 'cards'] as const) {
    const seen = new Set<string>();
    m[key].forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `"${item.id}" is used twice` });
      seen.add(item.id);
    });
  }
  const stages = new Set(m.stages.map((s) => s.id));
  const lanes = new Set(m.lanes.map((l) => l.id));
  m.cards.forEach((c, i) => {
    if (!stages.has(c.stageId))
      ctx.addIssue({
        code: 'custom',
        path: ['cards', i, 'stageId'],
        message: `no stage "${c.stageId}" in this map (stages: ${[...stages].join(', ') || 'none'})`,
      });
    if (!lanes.has(c.laneId))
      ctx.addIssue({
        code: 'custom',
        path: ['cards', i, 'laneId'],
        message: `no lane "${c.laneId}" in this map (lanes: ${[...lanes].join(', ') || 'none'})`,
      });
  });
}

export const journeyMapSchema = z
  .object({ id: itemId, ...mapFields })
  .strict()
  .superRefine(checkReferences);
/** A map as saved: a new map has no id yet (the store gives it one). */
export const journeyMapInputSchema = z
  .object({ id: itemId.optional(), ...mapFields })
  .strict()
  .superRefine(checkReferences);

export type Stage = z.infer<typeof stageSchema>;
export type Lane = z.infer<typeof laneSchema>;
export type Card = z.infer<typeof cardSchema>;
export type CardBinding = z.infer<typeof cardBindingSchema>;
export type MapBinding = z.infer<typeof mapBindingSchema>;
export type JourneyMap = z.infer<typeof journeyMapSchema>;
export type JourneyMapInput = z.infer<typeof journeyMapInputSchema>;

/** Parses a map, throwing one message that names the field (`cards.2.emotion: emotion is at most +2`). */
export function parseJourneyMap(value: unknown): JourneyMap {
  const r = journeyMapSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Error(`${issue.path.join('.') || 'map'}: ${issue.message}`);
}

/** The smallest `<prefix><n>` not yet taken (ids stay short and readable in exports). */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const allIds = (m: JourneyMap) => [...m.stages.map((s) => s.id), ...m.lanes.map((l) => l.id), ...m.cards.map((c) => c.id)];

/** Moves the item at `from` to `to` (clamped), returning a new array. */
function moveItem<T>(xs: readonly T[], from: number, to: number): T[] {
  const out = [...xs];
  const target = Math.max(0, Math.min(out.length - 1, to));
  if (from < 0 || from === target) return out;
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item!);
  return out;
}

export function emptyMap(id: string, name: string): JourneyMap {
  return { id, name, version: 'as-is', persona: { name: '', description: '' }, stages: [], lanes: [], cards: [] };
}

// Stages

export function addStage(m: JourneyMap, name: string, index = m.stages.length): { map: JourneyMap; id: string } {
  const id = nextId('s', allIds(m));
  const stages = [...m.stages];
  stages.splice(index, 0, { id, name });
  return { map: { ...m, stages }, id };
}

export function renameStage(m: JourneyMap, id: string, name: string): JourneyMap {
  return { ...m, stages: m.stages.map((s) => (s.id === id ? { ...s, name } : s)) };
}

/** Removes a stage and the cards in it. */
export function removeStage(m: JourneyMap, id: string): JourneyMap {
  return { ...m, stages: m.stages.filter((s) => s.id !== id), cards: m.cards.filter((c) => c.stageId !== id) };
}

/** Moves a stage to position `to` (a drop on the stage header at that position). */
export function reorderStage(m: JourneyMap, id: string, to: number): JourneyMap {
  const i = m.stages.findIndex((s) => s.id === id);
  return i < 0 || i === to ? m : { ...m, stages: moveItem(m.stages, i, to) };
}

export function moveStage(m: JourneyMap, id: string, delta: number): JourneyMap {
  const i = m.stages.findIndex((s) => s.id === id);
  return i < 0 ? m : { ...m, stages: moveItem(m.stages, i, i + delta) };
}

// Lanes

export function addLane(
  m: JourneyMap,
  kind: LaneKind,
  name = LANE_KIND_LABELS[kind],
  index = m.lanes.length,
): { map: JourneyMap; id: string } {
  const id = nextId('l', allIds(m));
  const lanes = [...m.lanes];
  lanes.splice(index, 0, { id, kind, name });
  return { map: { ...m, lanes }, id };
}

export function renameLane(m: JourneyMap, id: string, name: string): JourneyMap {
  return { ...m, lanes: m.lanes.map((l) => (l.id === id ? { ...l, name } : l)) };
}

/** Removes a lane and the cards in it. */
export function removeLane(m: JourneyMap, id: string): JourneyMap {
  return { ...m, lanes: m.lanes.filter((l) => l.id !== id), cards: m.cards.filter((c) => c.laneId !== id) };
}

/** Moves a lane to position `to` (a drop on the lane header at that position). */
export function reorderLane(m: JourneyMap, id: string, to: number): JourneyMap {
  const i = m.lanes.findIndex((l) => l.id === id);
  return i < 0 || i === to ? m : { ...m, lanes: moveItem(m.lanes, i, to) };
}

export function moveLane(m: JourneyMap, id: string, delta: number): JourneyMap {
  const i = m.lanes.findIndex((l) => l.id === id);
  return i < 0 ? m : { ...m, lanes: moveItem(m.lanes, i, i + delta) };
}

// Cards

export function addCard(
  m: JourneyMap,
  stageId: string,
  laneId: string,
  fields: Partial<Omit<Card, 'id' | 'stageId' | 'laneId'>> = {},
): { map: JourneyMap; id: string } {
  const id = nextId('c', allIds(m));
  const card: Card = { id, stageId, laneId, text: '', ...fields };
  return { map: { ...m, cards: [...m.cards, card] }, id };
}

/** Changes a card's fields; a field set to undefined is removed. */
export function updateCard(m: JourneyMap, id: string, patch: Partial<Omit<Card, 'id'>>): JourneyMap {
  return {
    ...m,
    cards: m.cards.map((c) => {
      if (c.id !== id) return c;
      const next: Record<string, unknown> = { ...c, ...patch };
      for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
      return next as Card;
    }),
  };
}

export function removeCard(m: JourneyMap, id: string): JourneyMap {
  return { ...m, cards: m.cards.filter((c) => c.id !== id) };
}

/** Removes several cards at once (one undo step); unknown ids are ignored. */
export function removeCards(m: JourneyMap, ids: Iterable<string>): JourneyMap {
  const drop = new Set(ids);
  const cards = m.cards.filter((c) => !drop.has(c.id));
  return cards.length === m.cards.length ? m : { ...m, cards };
}

/** Sets the same fields on several cards (a field set to undefined is removed). */
export function updateCards(m: JourneyMap, ids: Iterable<string>, patch: Partial<Omit<Card, 'id' | 'stageId' | 'laneId'>>): JourneyMap {
  let out = m;
  for (const id of new Set(ids)) out = updateCard(out, id, patch);
  return out;
}

/**
 * Moves cards into a cell at `index` among the cell's other cards (the cards not moved), keeping their
 * board order (a drag and drop of one card or a selection). An index past the end appends; moving cards
 * to where they already are returns the map unchanged.
 */
export function moveCards(m: JourneyMap, ids: readonly string[], stageId: string, laneId: string, index: number): JourneyMap {
  const moving = new Set(ids);
  const moved = m.cards.filter((c) => moving.has(c.id)).map((c) => ({ ...c, stageId, laneId }));
  if (!moved.length || !m.stages.some((s) => s.id === stageId) || !m.lanes.some((l) => l.id === laneId)) return m;
  const rest = m.cards.filter((c) => !moving.has(c.id));
  const others = rest.filter((c) => c.stageId === stageId && c.laneId === laneId);
  const at = Math.max(0, Math.min(others.length, index));
  // Insert before the cell's card now at `at`, or after its last card, or at the end of the board's list.
  const anchor = others[at] ?? others[others.length - 1];
  const pos = anchor ? rest.indexOf(anchor) + (others[at] ? 0 : 1) : rest.length;
  const cards = [...rest.slice(0, pos), ...moved, ...rest.slice(pos)];
  const same = cards.every((c, i) => {
    const o = m.cards[i]!;
    return c.id === o.id && c.stageId === o.stageId && c.laneId === o.laneId;
  });
  return same ? m : { ...m, cards };
}

/** The cards of one cell, in their order. */
export function cellCards(m: JourneyMap, stageId: string, laneId: string): Card[] {
  return m.cards.filter((c) => c.stageId === stageId && c.laneId === laneId);
}

/** Moves a card to another cell (at the end of its cards). */
export function moveCardTo(m: JourneyMap, id: string, stageId: string, laneId: string): JourneyMap {
  const card = m.cards.find((c) => c.id === id);
  if (!card || (card.stageId === stageId && card.laneId === laneId)) return m;
  return { ...m, cards: [...m.cards.filter((c) => c.id !== id), { ...card, stageId, laneId }] };
}

/** Moves a card one stage left/right or one lane up/down (the Alt+arrow keys); at the board's edge nothing changes. */
export function shiftCard(m: JourneyMap, id: string, direction: 'left' | 'right' | 'up' | 'down'): JourneyMap {
  const card = m.cards.find((c) => c.id === id);
  if (!card) return m;
  const si = m.stages.findIndex((s) => s.id === card.stageId);
  const li = m.lanes.findIndex((l) => l.id === card.laneId);
  const stage = m.stages[si + (direction === 'left' ? -1 : direction === 'right' ? 1 : 0)];
  const lane = m.lanes[li + (direction === 'up' ? -1 : direction === 'down' ? 1 : 0)];
  return stage && lane ? moveCardTo(m, id, stage.id, lane.id) : m;
}

/** Moves a card before or after its neighbour in the same cell. */
export function reorderCard(m: JourneyMap, id: string, delta: number): JourneyMap {
  const card = m.cards.find((c) => c.id === id);
  if (!card) return m;
  const cell = cellCards(m, card.stageId, card.laneId);
  const target = cell[cell.indexOf(card) + delta];
  if (!target) return m;
  const from = m.cards.indexOf(card);
  return { ...m, cards: moveItem(m.cards, from, m.cards.indexOf(target)) };
}

/**
 * Where cards dropped on a card go: that card's cell, at its index among the cell's cards not moved
 * (after it when `after`). Dropping onto one of the moved cards goes nowhere (null).
 */
export function cardDropTarget(
  m: JourneyMap,
  ids: readonly string[],
  overId: string,
  after: boolean,
): { stageId: string; laneId: string; index: number } | null {
  const over = m.cards.find((c) => c.id === overId);
  if (!over || ids.includes(overId)) return null;
  const others = cellCards(m, over.stageId, over.laneId).filter((c) => !ids.includes(c.id));
  return { stageId: over.stageId, laneId: over.laneId, index: others.indexOf(over) + (after ? 1 : 0) };
}

/**
 * The emotion curve: per stage, the mean score of its emotion-lane cards, or, where a stage has none
 * scored, of any of its scored cards; null where the stage has no score at all.
 */
export function emotionCurve(m: JourneyMap): (number | null)[] {
  const emotionLanes = new Set(m.lanes.filter((l) => l.kind === 'emotion').map((l) => l.id));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return m.stages.map((s) => {
    const scored = m.cards.filter((c) => c.stageId === s.id && c.emotion !== undefined);
    const fromLane = scored.filter((c) => emotionLanes.has(c.laneId));
    return mean((fromLane.length ? fromLane : scored).map((c) => c.emotion!));
  });
}
