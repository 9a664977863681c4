import { EMOTION_MAX, EMOTION_MIN } from '../../../../shared/journeys/map';
import { curvePath, curvePoints } from './board-svg';

const W = 1000;
const H = 100;

/** The emotion curve across the stages (−2 at the bottom, +2 at the top), stretched to the board's stage columns. */
export function EmotionCurve({ curve }: { curve: readonly (number | null)[] }) {
  const pts = curvePoints(curve, W, H, 12);
  const y0 = curvePoints([0], W, H, 12)[0]!.y;
  return (
    <svg className="emotion-curve" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Emotion curve">
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
  );
}
