import type { BoardZoom } from './use-board-zoom';
import { ZOOM_MAX, ZOOM_MIN } from './use-board-zoom';

/** The toolbar's zoom buttons and the current level. */
export function ZoomControls({ zoom }: { zoom: BoardZoom }) {
  return (
    <span className="zoom-controls" role="group" aria-label="Zoom">
      <button className="icon" title="Zoom out (Ctrl+-)" aria-label="Zoom out" disabled={zoom.zoom <= ZOOM_MIN} onClick={zoom.zoomOut}>
        −
      </button>
      <button className="zoom-level" title="Reset to 100 % (Ctrl+0)" data-testid="zoom-level" onClick={zoom.reset}>
        {Math.round(zoom.zoom * 100)}%
      </button>
      <button className="icon" title="Zoom in (Ctrl+=)" aria-label="Zoom in" disabled={zoom.zoom >= ZOOM_MAX} onClick={zoom.zoomIn}>
        +
      </button>
      <button title="Fit the board's width in the window" onClick={zoom.fitWidth}>
        Fit
      </button>
    </span>
  );
}
