import { useCallback, useEffect, useState, type RefObject } from 'react';

/** The board's zoom steps, 50 % to 200 %; Ctrl+= and Ctrl+- go to the next one. */
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;
export const ZOOM_MIN = ZOOM_STEPS[0];
export const ZOOM_MAX = ZOOM_STEPS[ZOOM_STEPS.length - 1]!;

export const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(z * 100) / 100));

/** The next zoom step up or down from `z` (which may sit between steps after fit-to-width). */
export function stepZoom(z: number, dir: 1 | -1): number {
  const next = dir > 0 ? ZOOM_STEPS.find((s) => s > z + 0.001) : [...ZOOM_STEPS].reverse().find((s) => s < z - 0.001);
  return next ?? z;
}

export interface BoardZoom {
  zoom: number;
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
  /** The zoom at which the board's full width shows in the scroll area (never above 100 %). */
  fitWidth(): void;
}

/** Zoom state with Ctrl+= / Ctrl+- / Ctrl+0; `boardWidth` is the board's width at 100 % in CSS pixels. */
export function useBoardZoom(scrollRef: RefObject<HTMLElement | null>, boardWidth: number): BoardZoom {
  const [zoom, setZoom] = useState(1);
  const zoomIn = useCallback(() => setZoom((z) => stepZoom(z, 1)), []);
  const zoomOut = useCallback(() => setZoom((z) => stepZoom(z, -1)), []);
  const reset = useCallback(() => setZoom(1), []);
  const fitWidth = useCallback(() => {
    const el = scrollRef.current;
    if (el) setZoom(clampZoom(Math.min(1, Math.floor(((el.clientWidth - 24) / boardWidth) * 100) / 100)));
  }, [scrollRef, boardWidth]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const act = e.key === '=' || e.key === '+' ? zoomIn : e.key === '-' ? zoomOut : e.key === '0' ? reset : null;
      if (!act) return;
      e.preventDefault(); // the board zooms, not the page
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [zoomIn, zoomOut, reset]);
  return { zoom, zoomIn, zoomOut, reset, fitWidth };
}
