import { describe, expect, it } from 'vitest';
import { journeyMapInputSchema } from './map';
import { fromMermaid, toMermaid } from './mermaid';
import { JOURNEY_TEMPLATES, mapFromTemplate } from './templates';

const TEXT = `journey
  title My working day
  section Go to work
    Make tea: 5: Me
    Go upstairs: 3: Me
    Do work: 1: Me
  section Go home
    Go downstairs: 5: Me
    Sit down: 4: Me
`;

describe('Mermaid journey', () => {
  it('imports sections as stages and tasks as action cards with emotion = score − 3', () => {
    const m = fromMermaid(TEXT);
    expect(m.name).toBe('My working day');
    expect(m.persona.name).toBe('Me');
    expect(m.stages.map((s) => s.name)).toEqual(['Go to work', 'Go home']);
    expect(m.cards.map((c) => [c.stageId, c.text, c.emotion])).toEqual([
      ['s1', 'Make tea', 2],
      ['s1', 'Go upstairs', 0],
      ['s1', 'Do work', -2],
      ['s2', 'Go downstairs', 2],
      ['s2', 'Sit down', 1],
    ]);
    expect(journeyMapInputSchema.safeParse(m).success).toBe(true);
  });

  it('round-trips: text → map → text is the same text', () => {
    expect(toMermaid({ ...fromMermaid(TEXT), id: 'x' })).toBe(TEXT);
  });

  it('round-trips a template: map → text → map keeps stages, actions and their scores', () => {
    const original = mapFromTemplate('ecommerce-purchase');
    const back = fromMermaid(toMermaid(original));
    expect(back.name).toBe(original.name);
    expect(back.persona.name).toBe(original.persona.name);
    expect(back.stages.map((s) => s.name)).toEqual(original.stages.map((s) => s.name));
    const actions = original.cards.filter((c) => c.laneId === 'l1');
    expect(back.cards.map((c) => c.text)).toEqual(actions.map((c) => c.text));
    // Action cards carry no score of their own: they take their stage's emotion curve (Curious +1 … Relieved +2).
    expect(back.cards.map((c) => c.emotion)).toEqual([1, 1, 0, -1, 2]);
    expect(toMermaid(back)).toBe(toMermaid(original));
  });

  it('keeps task text readable when it holds colons or line breaks', () => {
    const m = fromMermaid(TEXT);
    m.cards[0]!.text = 'Tea: green\nno sugar';
    expect(toMermaid(m)).toContain('    Tea - green no sugar: 5: Me\n');
  });

  it('refuses a line it cannot read, naming the line', () => {
    expect(() => fromMermaid('flowchart LR')).toThrow('line 1: a Mermaid journey starts with "journey".');
    expect(() => fromMermaid('journey\n  title T\n  section A\n    Tea: 9: Me')).toThrow("line 4: a task's score is from 1 to 5, got 9.");
    expect(() => fromMermaid('journey\n  section A\n    just words')).toThrow(/^line 3: expected "title …", "section …" or a task/);
  });
});

describe('templates', () => {
  it('are valid maps with touchpoints bound to the sample event names', () => {
    expect(JOURNEY_TEMPLATES.map((t) => t.id)).toEqual(['ecommerce-purchase', 'onboarding', 'support']);
    for (const t of JOURNEY_TEMPLATES) {
      const r = journeyMapInputSchema.safeParse(t.map);
      expect(r.success, `${t.id}: ${r.error?.message}`).toBe(true);
    }
    const events = mapFromTemplate('ecommerce-purchase').cards.flatMap((c) => c.binding?.events ?? []);
    expect(events).toEqual(['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase']);
  });

  it('refuses an unknown template naming the accepted ones', () => {
    expect(() => mapFromTemplate('nope')).toThrow('template: unknown template "nope"; use one of ecommerce-purchase, onboarding, support.');
  });
});
