/** Pure: the layout of the forest plot (one row per comparison with its interval). */

/** Pixels per comparison row: room for a 12 px label and its error bar without overlap. */
export const FOREST_ROW_PX = 30;
/** Axis title, tick labels and margins. */
const FOREST_CHROME_PX = 70;

/** The plot grows with the comparisons, so 9 variants (8 rows) or a breakdown stay readable. */
export function forestHeight(rows: number): number {
  return Math.max(150, FOREST_CHROME_PX + FOREST_ROW_PX * rows);
}

/** "green_button" overall, "mobile · green_button" within a breakdown segment. */
export function forestLabel(segment: string | null, variant: string, hasSegments: boolean): string {
  if (segment === null) return hasSegments ? `all · ${variant}` : variant;
  return `${segment} · ${variant}`;
}
