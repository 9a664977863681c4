import { EMOTION_MAX, EMOTION_MIN } from '../../../../shared/journeys/map';
import { curvePath, curvePoints, DROP_OFF_LEGEND } from './board-svg';
import { percent } from './card-numbers';
import { useMapNumbers } from './map-numbers-context';
import { hasDropOff } from './overlay-data';

const W = 1000;
const H = 100;
const PAD = 12;

/**
 * The emotion curve across the stages (−2 at the bottom, +2 at the top), stretched to the board's stage columns;
 * with the overlay on, each stage's drop-off share as a bar on its own axis (0 at the bottom, 100% at the top).
 */
export function EmotionCurve({ curve }: { curve: readonly (number | null)[] }) {
  const pts = curvePoints(curve, W, H, PAD);
  const y0 = curvePoints([0], W, H, PAD)[0]!.y;
  const dropOff = useMapNumbers()?.dropOff;
  const overlay = hasDropOff(dropOff) ? dropOff : null;
  const col = W / Math.max(1, curve.length);
  return (
    <div className={`emotion-curve-wrap${overlay ? ' with-overlay' : ''}`}>
      <svg className="emotion-curve" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Emotion curve">
        {overlay?.map((v, i) =>
          v === null || v <= 0 ? null : (
            <rect
              key={`d${i}`}
              className="drop-off-bar"
              x={col * (i + 0.5) - col * 0.18}
              width={col * 0.36}
              y={PAD + (1 - v) * (H - 2 * PAD)}
              height={v * (H - 2 * PAD)}
            >
              <title>{`Drop-off ${percent(v)}`}</title>
            </rect>
          ),
        )}
        <line x1={0} x2={W} y1={y0} y2={y0} className="zero" vectorEffect="non-scaling-stroke" />
        {pts.length > 1 && <path d={curvePath(pts)} className="line" vectorEffect="non-scaling-stroke" />}
        {pts.map((p, i) => (
          <line
            key={i}
            x1={p.x}
            x2={p.x}
            y1={p.y}
            y2={p.y}
            className={`dot ${p.v < 0 ? 'neg' : p.v > 0 ? 'pos' : ''}`}
            vectorEffect="non-scaling-stroke"
          >
            <title>{`${p.v > 0 ? '+' : ''}${Math.round(p.v * 10) / 10} (${EMOTION_MIN} to +${EMOTION_MAX})`}</title>
          </line>
        ))}
      </svg>
      {overlay && (
        <>
          <div className="drop-off-axis" aria-hidden="true">
            <span>100%</span>
            <span>0%</span>
          </div>
          <div className="drop-off-labels" style={{ gridTemplateColumns: `repeat(${overlay.length}, 1fr)` }} data-testid="drop-off-overlay">
            {overlay.map((v, i) => (
              <span key={i} className="drop-off-label">
                {v === null ? '' : `drop-off ${percent(v)}`}
              </span>
            ))}
          </div>
          <div className="overlay-legend">
            <span className="legend-line" /> Emotion (−2 … +2) <span className="legend-bar" /> {DROP_OFF_LEGEND}
          </div>
        </>
      )}
    </div>
  );
}
