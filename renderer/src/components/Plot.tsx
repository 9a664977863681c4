import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../shared/api/result';

export interface PlotProps {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  /** Fixed height in pixels; leave out to size the plot from CSS via className. */
  height?: number;
  className?: string;
  testId?: string;
}

const BASE_LAYOUT = {
  margin: { l: 56, r: 16, t: 16, b: 44 },
  font: { family: 'system-ui, sans-serif', size: 12 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
};

/** Plotly's CSP-safe strict bundle, loaded on first use. */
export function Plot({ data, layout = {}, height, className, testId }: PlotProps) {
  const el = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('plotly.js-strict-dist-min').then(
      ({ default: Plotly }) => {
        if (live && el.current)
          void Plotly.react(el.current, data, { ...BASE_LAYOUT, ...layout }, { displaylogo: false, responsive: true });
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
