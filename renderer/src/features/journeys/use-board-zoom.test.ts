import { describe, expect, it } from 'vitest';
import { clampZoom, stepZoom, ZOOM_MAX, ZOOM_MIN } from './use-board-zoom';

describe('board zoom steps', () => {
  it('steps between 50 % and 200 %, from between steps too', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(0.8, 1)).toBe(0.9);
    expect(stepZoom(0.8, -1)).toBe(0.75);
    expect(stepZoom(ZOOM_MAX, 1)).toBe(ZOOM_MAX);
    expect(stepZoom(ZOOM_MIN, -1)).toBe(ZOOM_MIN);
    expect(clampZoom(0.1)).toBe(0.5);
    expect(clampZoom(0.634)).toBe(0.63);
    expect(clampZoom(9)).toBe(2);
  });
});
