import { describe, expect, it } from 'vitest';
import { addCard, addLane, addStage, emptyMap } from '../../../../shared/journeys/map';
import { boardSvg } from './board-svg';

describe('board SVG', () => {
  it("draws a card's image above its text, and maps without images as before", () => {
    let m = addLane(addStage(emptyMap('m', 'Map'), 'Stage').map, 'actions').map;
    const plain = boardSvg(addCard(m, 's1', 'l1', { text: 'Hello' }).map);
    expect(plain).not.toContain('<image');
    m = addCard(m, 's1', 'l1', { text: 'Hello', image: 'data:image/png;base64,iVBORw0KGgo=' }).map;
    const svg = boardSvg(m);
    expect(svg).toContain(
      '<image x="162" y="88" width="176" height="100" preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,iVBORw0KGgo="/>',
    );
    // The card grows by the image's box: the text sits below it.
    expect(svg).toMatch(/<text x="164" y="205" font-size="12">Hello<\/text>/);
    expect(plain).toMatch(/<text x="164" y="99" font-size="12">Hello<\/text>/);
  });
});
