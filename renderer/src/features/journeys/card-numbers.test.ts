import { describe, expect, it } from 'vitest';
import { addCard, updateCard, type JourneyMap } from '../../../../shared/journeys/map';
import { mapFromTemplate } from '../../../../shared/journeys/templates';
import { boardSvg, curvePoints, wrap } from './board-svg';
import { cardNumbers, formatNumbers, funnelSteps, guessBinding, unknownEvents } from './card-numbers';

const ecommerce = (): JourneyMap => ({ ...mapFromTemplate('ecommerce-purchase'), id: 'm1' });

describe('card numbers', () => {
  it('takes bound touchpoints in stage order as the funnel steps', () => {
    let m = ecommerce();
    // A second touchpoint in the first stage, and one without events (skipped).
    // A card bound to several events counts any of them; its property filters go with the step.
    m = addCard(m, 's1', 'l2', { text: 'Search ad', binding: { events: ['product_view', 'visit'] } }).map;
    m = addCard(m, 's2', 'l2', { text: 'Unbound' }).map;
    m = addCard(m, 's3', 'l2', { text: 'Shoes', binding: { events: ['add_to_cart'], filters: { product_category: 'shoes' } } }).map;
    const { cardIds, steps } = funnelSteps(m);
    expect(steps).toEqual([
      'visit',
      { event: ['product_view', 'visit'] },
      'product_view',
      'add_to_cart',
      { event: 'add_to_cart', filters: [{ column: 'product_category', op: '=', value: 'shoes' }] },
      'checkout',
      'purchase',
    ]);
    expect(cardIds[1]).toBe(m.cards.find((c) => c.text === 'Search ad')!.id);
  });

  it('gives each card its customers, share of the previous step and drop-off', () => {
    const step = (name: string, customers: number) => ({ name, customers, conversion: 0, dropOff: 0, medianSecondsFromPrevious: 60 });
    const n = cardNumbers(['a', 'b', 'c'], {
      steps: [step('visit', 1000), step('product_view', 450), step('purchase', 30)],
      unknownEvents: [],
    });
    expect(n.a).toEqual({ customers: 1000, fromPrevious: null, dropped: null, medianSecondsFromPrevious: null });
    expect(n.b).toEqual({ customers: 450, fromPrevious: 0.45, dropped: 550, medianSecondsFromPrevious: 60 });
    expect(formatNumbers(n.a!)).toBe('1,000 customers');
    expect(formatNumbers(n.b!)).toBe('450 customers · 45% from previous · 550 dropped');
    expect(formatNumbers(n.c!)).toBe('30 customers · 6.7% from previous · 420 dropped');
  });

  it('flags bound event names the table does not have', () => {
    expect(unknownEvents(['visit', 'vist'], new Set(['visit', 'purchase']))).toEqual(['vist']);
    expect(unknownEvents(['vist'], null)).toEqual([]);
  });

  it('guesses the binding columns of an event table', () => {
    const cols = ['event_id', 'session_id', 'customer_id', 'event_ts', 'event_type', 'channel'].map((name) => ({
      name,
      type: name === 'event_ts' ? 'TIMESTAMP' : 'VARCHAR',
    }));
    expect(guessBinding('d1', cols)).toEqual({
      datasetId: 'd1',
      customerColumn: 'customer_id',
      timeColumn: 'event_ts',
      eventColumn: 'event_type',
    });
  });
});

describe('board SVG', () => {
  it('draws stages, lanes, cards with their numbers, and the emotion curve', () => {
    let m = ecommerce();
    m = updateCard(m, 'c1', { text: 'Arrives <from> an ad & a search' });
    const svg = boardSvg(m, { c6: { customers: 1000, fromPrevious: null, dropped: null, medianSecondsFromPrevious: null } });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const s of ['Discover', 'Checkout', 'Customer actions', 'Pain points', 'Emotion curve', 'events: visit', '1,000 customers'])
      expect(svg).toContain(s);
    expect(svg).toContain('Arrives &lt;from&gt; an ad &amp; a');
    expect(svg.match(/<circle /g)).toHaveLength(5);
  });

  it('places curve points by score, top is +2', () => {
    expect(curvePoints([2, null, -2], 300, 100, 0)).toEqual([
      { x: 50, y: 0, v: 2 },
      { x: 250, y: 100, v: -2 },
    ]);
  });

  it('wraps text by words', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });
});
