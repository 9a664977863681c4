import { useEffect, useRef, useState } from 'react';
import type Plotly from 'plotly.js-strict-dist-min';
import { messageOf } from '../../../shared/api/result';

export interface PlotProps {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  /** Fixed height in pixels; leave out to size the plot from CSS via className. */
  height?: number;
  className?: string;
  testId?: string;
  /** Plotly events by name, each given the event's points (for a Sankey node: the node, with its `pointNumber`). */
  events?: Partial<Record<PlotEventName, (points: readonly Record<string, unknown>[]) => void>>;
}

export const PLOT_EVENTS = ['plotly_click', 'plotly_hover', 'plotly_unhover'] as const;
export type PlotEventName = (typeof PLOT_EVENTS)[number];

/** What Plotly adds to the div it draws in. */
interface PlotDiv {
  on?(event: PlotEventName, f: (e: { points?: Record<string, unknown>[] }) => void): void;
  removeAllListeners?(event: PlotEventName): void;
}

const BASE_LAYOUT = {
  margin: { l: 56, r: 16, t: 16, b: 44 },
  font: { family: 'system-ui, sans-serif', size: 12 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
};

type PlotlyModule = { default: typeof Plotly };
let plotlyLoad: Promise<PlotlyModule> | null = null;

/**
 * Plotly's CSP-safe strict bundle (about 7 MB unzipped), fetched and parsed once. Pages that will chart call
 * this when they open, while the browser is idle, so the first chart does not wait for it.
 */
export function loadPlotly(): Promise<PlotlyModule> {
  plotlyLoad ??= import('plotly.js-strict-dist-min');
  plotlyLoad.catch(() => (plotlyLoad = null));
  return plotlyLoad;
}

/** Starts loading Plotly when the browser is idle (or after a short delay where idle callbacks are missing). */
export function preloadPlotly(): () => void {
  const w = window as Window & {
    requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number;
    cancelIdleCallback?: (id: number) => void;
  };
  if (w.requestIdleCallback) {
    const id = w.requestIdleCallback(() => void loadPlotly().catch(() => undefined), { timeout: 2000 });
    return () => w.cancelIdleCallback?.(id);
  }
  const t = setTimeout(() => void loadPlotly().catch(() => undefined), 300);
  return () => clearTimeout(t);
}

/** Plotly's CSP-safe strict bundle, loaded on first use (see `preloadPlotly`). */
export function Plot({ data, layout = {}, height, className, testId, events }: PlotProps) {
  const el = useRef<HTMLDivElement>(null);
  const handlers = useRef(events);
  handlers.current = events;
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadPlotly().then(
      ({ default: Plotly }) => {
        const div = el.current;
        if (!live || !div) return;
        const started = performance.now();
        void Plotly.react(div, data, { ...BASE_LAYOUT, ...layout }, { displaylogo: false, responsive: true }).then(() => {
          // How long Plotly took to draw, read by the benchmarks (`npm run bench`) and handy in devtools.
          div.dataset.drawMs = (performance.now() - started).toFixed(1);
          const on = div as unknown as PlotDiv;
          for (const name of PLOT_EVENTS) {
            on.removeAllListeners?.(name);
            on.on?.(name, (e) => handlers.current?.[name]?.(e.points ?? []));
          }
        });
      },
      (e: unknown) => setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [data, layout]);
  if (error) return <div className="empty error">{error}</div>;
  const style = height !== undefined ? { height } : className ? undefined : { height: 280 };
  return <div ref={el} className={className ? `plot ${className}` : 'plot'} style={style} data-testid={testId} />;
}
