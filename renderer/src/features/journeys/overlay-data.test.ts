import { describe, expect, it } from 'vitest';
import { addCard, type JourneyMap } from '../../../../shared/journeys/map';
import { mapFromTemplate } from '../../../../shared/journeys/templates';
import { boardSvg } from './board-svg';
import { cardNumbers, formatNumbers, funnelSteps, withRemovalEffects } from './card-numbers';
import { dropOffByStage, hasDropOff } from './overlay-data';

const step = (customers: number) => ({ name: 'x', customers, conversion: 0, dropOff: 0, medianSecondsFromPrevious: null });

describe('emotion-versus-drop-off overlay', () => {
  it('gives each stage the share lost between the touchpoint before it and its last touchpoint', () => {
    // Five stages, one touchpoint each (visit, product_view, add_to_cart, checkout, purchase).
    const m: JourneyMap = { ...mapFromTemplate('ecommerce-purchase'), id: 'm1' };
    const { cardIds } = funnelSteps(m);
    const numbers = cardNumbers(cardIds, { steps: [1000, 600, 300, 240, 120].map(step), unknownEvents: [] });
    expect(dropOffByStage(m, numbers)).toEqual([0, 0.4, 0.5, 0.2, 0.5]);
  });

  it('sums a stage holding two touchpoints, and leaves stages without numbers empty', () => {
    let m: JourneyMap = { ...mapFromTemplate('ecommerce-purchase'), id: 'm1' };
    m = addCard(m, 's2', 'l2', { text: 'Reviews', binding: { events: ['review_view'] } }).map;
    const { cardIds } = funnelSteps(m);
    expect(cardIds).toHaveLength(6);
    // visit 1000 → product_view 800 → review_view 400 (same stage) → add_to_cart 200; the last two steps have no numbers.
    const numbers = cardNumbers(cardIds.slice(0, 4), { steps: [1000, 800, 400, 200].map(step), unknownEvents: [] });
    expect(dropOffByStage(m, numbers)).toEqual([0, 0.6, 0.5, null, null]);
    expect(hasDropOff([null, null])).toBe(false);
    expect(hasDropOff(dropOffByStage(m, numbers))).toBe(true);
    expect(dropOffByStage(m, {})).toEqual([null, null, null, null, null]);
  });

  it('puts the removal effect on the cards and the drop-off bars with a legend in the SVG export', () => {
    const m: JourneyMap = { ...mapFromTemplate('ecommerce-purchase'), id: 'm1' };
    const { cardIds } = funnelSteps(m);
    const numbers = withRemovalEffects(cardNumbers(cardIds, { steps: [1000, 600, 300, 240, 120].map(step), unknownEvents: [] }), {
      [cardIds[1]!]: 0.234,
    });
    expect(formatNumbers(numbers[cardIds[1]!]!)).toBe('600 customers · 60% from previous · 400 dropped · removal effect 23%');
    expect(numbers[cardIds[4]!]!.removalEffect).toBeUndefined();
    const svg = boardSvg(m, numbers, dropOffByStage(m, numbers));
    expect(svg).toContain('removal effect 23%');
    expect(svg.match(/class="drop-off-bar"/g)).toHaveLength(4); // the first stage loses nobody: no bar
    expect(svg).toContain('Drop-off (right axis, 0–100%)');
    expect(svg).toContain('>50%<');
    expect(boardSvg(m, numbers)).not.toContain('drop-off-bar');
  });
});
