/** How every screen, verdict, warning and report prints a p-value. */

/** Below this a p-value is printed as a bound (doubles lose relative accuracy further down, and reach 0 below 5e-324). */
export const P_VALUE_FLOOR = 1e-300;
/** From here down a p-value is printed in scientific notation. */
const SCIENTIFIC_BELOW = 0.001;

/**
 * The number alone, with `digits` significant digits: "0.021", "0.82", "2.4e-21", or "< 1e-300".
 * Never rounds a small p to 0 and never prints "0.00e+0".
 */
export function formatPValue(p: number, digits = 2): string {
  if (Number.isNaN(p)) return 'n/a';
  if (p < P_VALUE_FLOOR) return `< ${P_VALUE_FLOOR.toExponential(0)}`;
  if (p < SCIENTIFIC_BELOW) return p.toExponential(digits - 1);
  return String(Number(Math.min(p, 1).toPrecision(digits)));
}

/** For a sentence: "p = 0.021", "p = 2.4e-21", or "p < 1e-300". */
export function pValueText(p: number, digits = 2): string {
  const text = formatPValue(p, digits);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}
