/** The board as a standalone SVG (for the SVG and PNG exports) and the emotion curve's geometry, shared with the page. */
import { EMOTION_MAX, EMOTION_MIN, cellCards, emotionCurve, type JourneyMap } from '../../../../shared/journeys/map';
import { formatNumbers, percent, type CardNumbers } from './card-numbers';

/** The overlay's colour and legend, shared by the page and the export. */
export const DROP_OFF_COLOUR = '#d9822b';
export const DROP_OFF_LEGEND = 'Drop-off (right axis, 0–100%)';

/** Points of the curve in a box `width` × `height`, one per scored stage at the middle of its column. */
export function curvePoints(
  curve: readonly (number | null)[],
  width: number,
  height: number,
  pad = 10,
): { x: number; y: number; v: number }[] {
  const col = width / Math.max(1, curve.length);
  const y = (v: number) => pad + ((EMOTION_MAX - v) / (EMOTION_MAX - EMOTION_MIN)) * (height - 2 * pad);
  return curve.flatMap((v, i) => (v === null ? [] : [{ x: col * (i + 0.5), y: y(v), v }]));
}

export function curvePath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap to `max` characters a line. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const w = word.length > max ? word.slice(0, max - 1) + '…' : word;
      if (line && line.length + 1 + w.length > max) {
        lines.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    lines.push(line);
  }
  return lines;
}

const LANE_W = 150;
const COL_W = 200;
const TITLE_H = 36;
const HEAD_H = 40;
const CURVE_H = 90;
const LINE_H = 15;
const CARD_GAP = 6;
/** A card's image is drawn in a box this high above its text, keeping its proportions. */
const IMAGE_H = 100;

/** A simple SVG rendering of the board: stage headers, lane names, cards with their text, and the emotion curve. */
export function boardSvg(
  m: JourneyMap,
  numbers: Record<string, CardNumbers> = {},
  dropOff: readonly (number | null)[] | null = null,
): string {
  const width = LANE_W + COL_W * Math.max(1, m.stages.length);
  const out: string[] = [];
  const persona = m.persona.name ? ` · ${m.persona.name}` : '';
  out.push(
    `<text x="12" y="24" font-size="16" font-weight="600">${esc(m.name)}<tspan font-size="12" font-weight="400" fill="#6b7385">${esc(` (${m.version})${persona}`)}</tspan></text>`,
  );
  let y = TITLE_H;
  m.stages.forEach((s, i) =>
    out.push(
      `<rect x="${LANE_W + i * COL_W + 2}" y="${y + 4}" width="${COL_W - 4}" height="${HEAD_H - 8}" rx="6" fill="#2f6fde"/>`,
      `<text x="${LANE_W + i * COL_W + COL_W / 2}" y="${y + 25}" font-size="13" font-weight="600" fill="#fff" text-anchor="middle">${esc(s.name)}</text>`,
    ),
  );
  y += HEAD_H;
  const curve = emotionCurve(m);
  const drawCurve = () => {
    out.push(`<rect x="0" y="${y}" width="${width}" height="${CURVE_H}" fill="#fbfcfe" stroke="#e2e5ea"/>`);
    out.push(`<text x="12" y="${y + 20}" font-size="12" font-weight="600">Emotion curve</text>`);
    if (dropOff && dropOff.some((v) => v !== null)) drawDropOff(dropOff);
    const mid = y + CURVE_H / 2;
    out.push(`<line x1="${LANE_W}" x2="${width}" y1="${mid}" y2="${mid}" stroke="#c5cad3" stroke-dasharray="4 4"/>`);
    const pts = curvePoints(curve, width - LANE_W, CURVE_H).map((p) => ({ ...p, x: p.x + LANE_W, y: p.y + y }));
    if (pts.length > 1) out.push(`<path d="${curvePath(pts)}" fill="none" stroke="#2f6fde" stroke-width="2.5"/>`);
    for (const p of pts)
      out.push(`<circle cx="${p.x}" cy="${p.y}" r="5" fill="${p.v < 0 ? '#c23b3b' : p.v > 0 ? '#2e8b57' : '#6b7385'}"/>`);
    y += CURVE_H;
  };
  /** Drop-off bars on their own axis (0 at the bottom of the row, 100% at the top), labelled, with a legend. */
  const drawDropOff = (shares: readonly (number | null)[]) => {
    const top = y + 8;
    const h = CURVE_H - 16;
    shares.forEach((v, i) => {
      if (v === null) return;
      const x = LANE_W + i * COL_W + COL_W / 2;
      if (v > 0)
        out.push(
          `<rect class="drop-off-bar" x="${x - 18}" y="${(top + h * (1 - v)).toFixed(1)}" width="36" height="${(h * v).toFixed(1)}" fill="${DROP_OFF_COLOUR}" fill-opacity="0.35"/>`,
        );
      out.push(`<text x="${x + 22}" y="${top + h - 2}" font-size="10" fill="${DROP_OFF_COLOUR}">${percent(v)}</text>`);
    });
    out.push(`<text x="${width - 4}" y="${top + 8}" font-size="9" fill="${DROP_OFF_COLOUR}" text-anchor="end">100%</text>`);
    out.push(`<text x="${width - 4}" y="${top + h}" font-size="9" fill="${DROP_OFF_COLOUR}" text-anchor="end">0%</text>`);
    out.push(`<line x1="12" x2="26" y1="${y + 40}" y2="${y + 40}" stroke="#2f6fde" stroke-width="2.5"/>`);
    out.push(`<text x="30" y="${y + 43}" font-size="10">Emotion (−2 … +2)</text>`);
    out.push(`<rect x="12" y="${y + 52}" width="14" height="9" fill="${DROP_OFF_COLOUR}" fill-opacity="0.35"/>`);
    out.push(`<text x="30" y="${y + 60}" font-size="10">${DROP_OFF_LEGEND}</text>`);
  };
  const hasEmotionLane = m.lanes.some((l) => l.kind === 'emotion');
  for (const lane of m.lanes) {
    const cells = m.stages.map((s) =>
      cellCards(m, s.id, lane.id).map((c) => {
        const extra = [
          c.channel,
          c.emotion !== undefined ? `emotion ${c.emotion > 0 ? '+' : ''}${c.emotion}` : '',
          c.kpi ? `KPI: ${c.kpi}` : '',
        ]
          .filter(Boolean)
          .join(' · ');
        const lines = wrap(c.text || ' ', 26);
        if (c.binding?.events.length) lines.push(...wrap(`events: ${c.binding.events.join(', ')}`, 30));
        if (numbers[c.id]) lines.push(...wrap(formatNumbers(numbers[c.id]!), 30));
        if (extra) lines.push(extra);
        return { lines, image: c.image };
      }),
    );
    const cardH = (c: { lines: string[]; image?: string }) => c.lines.length * LINE_H + 12 + (c.image ? IMAGE_H + 6 : 0);
    const cellH = (cards: { lines: string[]; image?: string }[]) => cards.reduce((h, c) => h + cardH(c) + CARD_GAP, CARD_GAP);
    const rowH = Math.max(48, ...cells.map(cellH));
    out.push(`<rect x="0" y="${y}" width="${width}" height="${rowH}" fill="#fff" stroke="#e2e5ea"/>`);
    out.push(`<text x="12" y="${y + 20}" font-size="12" font-weight="600">${esc(lane.name)}</text>`);
    cells.forEach((cards, i) => {
      let cy = y + CARD_GAP;
      for (const card of cards) {
        const h = cardH(card);
        out.push(
          `<rect x="${LANE_W + i * COL_W + 6}" y="${cy}" width="${COL_W - 12}" height="${h}" rx="5" fill="#f6f7f9" stroke="#d5d9e0"/>`,
        );
        const textY = card.image ? cy + IMAGE_H + 6 : cy;
        if (card.image)
          out.push(
            `<image x="${LANE_W + i * COL_W + 12}" y="${cy + 6}" width="${COL_W - 24}" height="${IMAGE_H}" preserveAspectRatio="xMidYMid meet" href="${esc(card.image)}"/>`,
          );
        card.lines.forEach((l, k) =>
          out.push(`<text x="${LANE_W + i * COL_W + 14}" y="${textY + 17 + k * LINE_H}" font-size="${k ? 11 : 12}">${esc(l)}</text>`),
        );
        cy += h + CARD_GAP;
      }
    });
    y += rowH;
    if (lane.kind === 'emotion') drawCurve();
  }
  if (!hasEmotionLane && (curve.some((v) => v !== null) || (dropOff && dropOff.some((v) => v !== null)))) drawCurve();
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, sans-serif" fill="#1d2330">`,
    `<rect width="${width}" height="${y}" fill="#f6f7f9"/>`,
    ...out,
    '</svg>',
  ].join('\n');
}
