import { describe, expect, it } from 'vitest';
import {
  addCard,
  addLane,
  addStage,
  cellCards,
  emotionCurve,
  emptyMap,
  CARD_IMAGE_MAX_BYTES,
  cardDropTarget,
  dataUrlBytes,
  journeyMapSchema,
  moveCards,
  moveLane,
  moveStage,
  parseJourneyMap,
  removeCard,
  removeCards,
  removeLane,
  removeStage,
  renameLane,
  renameStage,
  reorderCard,
  reorderLane,
  reorderStage,
  shiftCard,
  updateCard,
  updateCards,
  type JourneyMap,
} from './map';
import { canRedo, canUndo, commit, redo, startHistory, undo } from './map-history';
import { neighbourCard } from './map-navigation';

/** Two stages, two lanes (actions, emotion), cards: c1 (s1 actions), c2 (s1 actions), c3 (s2 emotion, +2), c4 (s1 emotion, −1). */
function sample(): JourneyMap {
  let m = emptyMap('m1', 'Test');
  m = addStage(m, 'Discover').map;
  m = addStage(m, 'Buy').map;
  m = addLane(m, 'actions').map;
  m = addLane(m, 'emotion').map;
  m = addCard(m, 's1', 'l1', { text: 'Search' }).map;
  m = addCard(m, 's1', 'l1', { text: 'Compare' }).map;
  m = addCard(m, 's2', 'l2', { text: 'Happy', emotion: 2 }).map;
  m = addCard(m, 's1', 'l2', { text: 'Unsure', emotion: -1 }).map;
  return m;
}

describe('journey map schema', () => {
  it('accepts a map built by the operations', () => {
    expect(parseJourneyMap(sample())).toEqual(sample());
  });

  it('names the field of a bad value', () => {
    const m = sample();
    expect(() => parseJourneyMap(updateCard(m, 'c3', { emotion: 3 }))).toThrow('cards.2.emotion: emotion is at most +2');
    expect(() => parseJourneyMap({ ...m, version: 'future' })).toThrow('version: use one of as-is, to-be');
    expect(() => parseJourneyMap({ ...m, lanes: [{ id: 'l1', kind: 'feelings', name: 'x' }, m.lanes[1]] })).toThrow(
      /^lanes\.0\.kind: use one of actions, touchpoints/,
    );
    expect(() => parseJourneyMap(updateCard(m, 'c1', { emotion: 0.5 }))).toThrow(
      'cards.0.emotion: emotion is a whole number from -2 to +2',
    );
  });

  it('refuses cards outside the map and ids used twice', () => {
    const m = sample();
    const r = journeyMapSchema.safeParse({ ...m, cards: [...m.cards, { id: 'c1', stageId: 's9', laneId: 'l1', text: '' }] });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('cards.4.id: "c1" is used twice');
    expect(messages).toContain('cards.4.stageId: no stage "s9" in this map (stages: s1, s2)');
  });
});

describe('map operations', () => {
  it('adds, renames, moves and removes stages and lanes (removing one removes its cards)', () => {
    let m = sample();
    expect(m.stages.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(m.lanes.map((l) => [l.id, l.kind, l.name])).toEqual([
      ['l1', 'actions', 'Customer actions'],
      ['l2', 'emotion', 'Emotion'],
    ]);
    m = renameStage(m, 's2', 'Purchase');
    m = moveStage(m, 's2', -1);
    expect(m.stages).toEqual([
      { id: 's2', name: 'Purchase' },
      { id: 's1', name: 'Discover' },
    ]);
    expect(moveStage(m, 's2', -5)).toEqual(m);
    m = moveLane(renameLane(m, 'l2', 'Feelings'), 'l2', -1);
    expect(m.lanes.map((l) => l.name)).toEqual(['Feelings', 'Customer actions']);
    expect(removeStage(m, 's1').cards.map((c) => c.id)).toEqual(['c3']);
    expect(removeLane(m, 'l2').cards.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('gives new items the smallest free id', () => {
    const m = removeCard(sample(), 'c1');
    expect(addCard(m, 's1', 'l1').id).toBe('c1');
  });

  it('edits, moves and reorders cards', () => {
    let m = sample();
    m = updateCard(m, 'c1', { text: 'Search the web', channel: 'web' });
    expect(m.cards[0]).toEqual({ id: 'c1', stageId: 's1', laneId: 'l1', text: 'Search the web', channel: 'web' });
    expect(updateCard(m, 'c1', { channel: undefined }).cards[0]).not.toHaveProperty('channel');
    m = reorderCard(m, 'c2', -1);
    expect(cellCards(m, 's1', 'l1').map((c) => c.id)).toEqual(['c2', 'c1']);
    m = shiftCard(m, 'c2', 'right');
    expect(m.cards.find((c) => c.id === 'c2')).toMatchObject({ stageId: 's2', laneId: 'l1' });
    expect(shiftCard(m, 'c2', 'right')).toBe(m); // at the edge
    m = shiftCard(m, 'c2', 'down');
    expect(cellCards(m, 's2', 'l2').map((c) => c.id)).toEqual(['c3', 'c2']);
  });

  it('draws the emotion curve from the emotion lane, else from any scored card', () => {
    let m = sample();
    expect(emotionCurve(m)).toEqual([-1, 2]);
    m = updateCard(m, 'c1', { emotion: 2 });
    expect(emotionCurve(m)).toEqual([-1, 2]); // the emotion lane wins
    m = removeCard(m, 'c4');
    expect(emotionCurve(m)).toEqual([2, 2]);
    expect(emotionCurve(addStage(m, 'Later').map)).toEqual([2, 2, null]);
  });
});

describe('drag and drop and multi-select operations', () => {
  const cell = (m: JourneyMap, s: string, l: string) => cellCards(m, s, l).map((c) => c.id);

  it('moves a card to another cell at an index, and within its cell', () => {
    const m = sample();
    let n = moveCards(m, ['c1'], 's2', 'l2', 0);
    expect(cell(n, 's2', 'l2')).toEqual(['c1', 'c3']);
    expect(n.cards.find((c) => c.id === 'c1')).toMatchObject({ stageId: 's2', laneId: 'l2', text: 'Search' });
    expect(cell(n, 's1', 'l1')).toEqual(['c2']);
    n = moveCards(m, ['c1'], 's2', 'l2', 99); // past the end appends
    expect(cell(n, 's2', 'l2')).toEqual(['c3', 'c1']);
    n = moveCards(m, ['c1'], 's1', 'l1', 1); // after c2 in its own cell
    expect(cell(n, 's1', 'l1')).toEqual(['c2', 'c1']);
    expect(moveCards(m, ['c1'], 's1', 'l1', 0)).toBe(m); // already there
    expect(moveCards(m, ['c1'], 's9', 'l1', 0)).toBe(m); // no such stage
    expect(moveCards(m, ['c1'], 's2', 'l1', 0).cards.find((c) => c.id === 'c1')).toMatchObject({ stageId: 's2', laneId: 'l1' });
    // The result is a valid map and the moved card keeps its other fields.
    expect(parseJourneyMap(n)).toEqual(n);
  });

  it('places cards dropped on a card before or after it, and nowhere when dropped on themselves', () => {
    const m = sample();
    expect(cardDropTarget(m, ['c3'], 'c2', false)).toEqual({ stageId: 's1', laneId: 'l1', index: 1 });
    expect(cardDropTarget(m, ['c3'], 'c2', true)).toEqual({ stageId: 's1', laneId: 'l1', index: 2 });
    // Within its own cell: c1 dropped after c2 goes to the end.
    const t = cardDropTarget(m, ['c1'], 'c2', true)!;
    expect(cell(moveCards(m, ['c1'], t.stageId, t.laneId, t.index), 's1', 'l1')).toEqual(['c2', 'c1']);
    expect(cardDropTarget(m, ['c1', 'c2'], 'c2', true)).toBeNull();
    expect(cardDropTarget(m, ['c1'], 'zz', true)).toBeNull();
  });

  it('moves a selection together, in board order, into one cell', () => {
    const m = sample();
    const n = moveCards(m, ['c4', 'c1'], 's2', 'l2', 1);
    expect(cell(n, 's2', 'l2')).toEqual(['c3', 'c1', 'c4']);
    expect(cell(n, 's1', 'l1')).toEqual(['c2']);
    expect(cell(n, 's1', 'l2')).toEqual([]);
    expect(n.cards).toHaveLength(4);
  });

  it('reorders stages and lanes to a position', () => {
    const m = addStage(sample(), 'Use').map;
    expect(reorderStage(m, 's3', 0).stages.map((s) => s.id)).toEqual(['s3', 's1', 's2']);
    expect(reorderStage(m, 's1', 2).stages.map((s) => s.id)).toEqual(['s2', 's3', 's1']);
    expect(reorderStage(m, 's1', 0)).toBe(m);
    expect(reorderStage(m, 'nope', 1)).toBe(m);
    expect(reorderLane(m, 'l2', 0).lanes.map((l) => l.id)).toEqual(['l2', 'l1']);
    // Cards stay in their cells.
    expect(cell(reorderLane(m, 'l2', 0), 's1', 'l1')).toEqual(['c1', 'c2']);
  });

  it('removes and edits several cards at once', () => {
    const m = sample();
    expect(removeCards(m, ['c1', 'c3', 'zz']).cards.map((c) => c.id)).toEqual(['c2', 'c4']);
    expect(removeCards(m, ['zz'])).toBe(m);
    const n = updateCards(m, ['c1', 'c2'], { channel: 'email', emotion: 1 });
    expect(n.cards.filter((c) => c.channel === 'email' && c.emotion === 1).map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(updateCards(n, ['c1'], { channel: undefined }).cards[0]).not.toHaveProperty('channel');
  });
});

describe('card images', () => {
  const png = 'data:image/png;base64,iVBORw0KGgo=';
  it('accepts a PNG, JPEG or WebP data URL, and maps without images', () => {
    const m = updateCard(sample(), 'c1', { image: png });
    expect(parseJourneyMap(m).cards[0]!.image).toBe(png);
    expect(parseJourneyMap(updateCard(m, 'c2', { image: 'data:image/webp;base64,UklGRg==' })).cards[1]!.image).toMatch(/^data:image\/webp/);
    expect(dataUrlBytes(png)).toBe(8);
  });

  it('refuses other formats and images over the limit, saying so', () => {
    expect(() => parseJourneyMap(updateCard(sample(), 'c1', { image: 'data:image/gif;base64,R0lGOD==' }))).toThrow(
      'cards.0.image: an image is a base64 data URL of image/png, image/jpeg, image/webp (data:image/png;base64,…)',
    );
    expect(() => parseJourneyMap(updateCard(sample(), 'c1', { image: 'https://example.com/a.png' }))).toThrow(
      /^cards\.0\.image: an image is a base64/,
    );
    const big = `data:image/jpeg;base64,${'A'.repeat(4 * 69_000)}`; // 207,000 bytes
    expect(dataUrlBytes(big)).toBeGreaterThan(CARD_IMAGE_MAX_BYTES);
    expect(() => parseJourneyMap(updateCard(sample(), 'c1', { image: big }))).toThrow(
      'cards.0.image: an image is at most 200 KB (got 203 KB)',
    );
  });

  it('refuses a map whose images add up to more than the map limit', () => {
    const img = `data:image/jpeg;base64,${'A'.repeat(Math.floor((190 * 1024 * 4) / 3 / 4) * 4)}`;
    let m = sample();
    for (let i = 0; i < 11; i++) m = addCard(m, 's1', 'l1', { image: img }).map;
    expect(() => parseJourneyMap(m)).toThrow(
      /^cards: the cards' images add up to 2090 KB, at most 2048 KB: remove some or use smaller ones$/,
    );
  });
});

describe('undo history', () => {
  it('undoes and redoes edits, and a new edit clears redo', () => {
    const a = sample();
    const b = renameStage(a, 's1', 'One');
    const c = removeCard(b, 'c1');
    let h = commit(commit(startHistory(a), b), c);
    expect(h.present).toBe(c);
    h = undo(h);
    expect(h.present).toBe(b);
    h = undo(h);
    expect(h.present).toBe(a);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(b);
    expect(canRedo(h)).toBe(true);
    const d = renameStage(b, 's2', 'Two');
    h = commit(h, d);
    expect(canRedo(h)).toBe(false);
    expect(commit(h, h.present)).toBe(h);
  });

  it('keeps at most the limit of past edits', () => {
    let h = startHistory(0);
    for (let i = 1; i <= 10; i++) h = commit(h, i, 3);
    expect(h.past).toEqual([7, 8, 9]);
  });
});

describe('arrow-key navigation', () => {
  it('moves within a stage and to the nearest lane of the next stage with cards', () => {
    const m = sample();
    expect(neighbourCard(m, null, 'down')).toBe('c1');
    expect(neighbourCard(m, 'c1', 'down')).toBe('c2');
    expect(neighbourCard(m, 'c2', 'down')).toBe('c4');
    expect(neighbourCard(m, 'c4', 'down')).toBe('c4');
    expect(neighbourCard(m, 'c1', 'up')).toBe('c1');
    expect(neighbourCard(m, 'c1', 'right')).toBe('c3');
    expect(neighbourCard(m, 'c3', 'left')).toBe('c4');
    expect(neighbourCard(m, 'c3', 'right')).toBe('c3');
  });
});
