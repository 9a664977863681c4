/**
 * Nelder-Mead minimisation (the downhill simplex, as scipy.optimize.minimize(method="Nelder-Mead"):
 * reflection 1, expansion 2, contraction ½, shrink ½), for small smooth problems such as the CLV
 * likelihoods. Written here because the npm package for it (fmin) does not load as an ES module.
 */
export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the simplex spans less than this in every coordinate… */
  xTolerance?: number;
  /** …and its values differ by less than this. */
  fTolerance?: number;
  /** Initial step along each coordinate. */
  step?: number;
}

export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  o: NelderMeadOptions = {},
): { x: number[]; fx: number; iterations: number } {
  const n = x0.length;
  const maxIterations = o.maxIterations ?? 200 * n;
  const xTol = o.xTolerance ?? 1e-10;
  const fTol = o.fTolerance ?? 1e-12;
  const step = o.step ?? 0.1;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))];
  let values = simplex.map(f);
  const at = (c: number[], towards: number[], t: number) => c.map((v, j) => v + t * (towards[j]! - v));
  let it = 0;
  for (; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    let span = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) span = Math.max(span, Math.abs(simplex[i]![j]! - simplex[0]![j]!));
    if (span <= xTol && values[n]! - values[0]! <= fTol) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const worst = simplex[n]!;
    const reflected = at(centroid, worst, -1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = at(centroid, worst, -2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      // Contract towards the better of the reflected and worst points.
      const outside = fr < values[n]!;
      const contracted = outside ? at(centroid, reflected, 0.5) : at(centroid, worst, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : values[n]!)) [simplex[n], values[n]] = [contracted, fc];
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = at(simplex[0]!, simplex[i]!, 0.5);
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best]!, fx: values[best]!, iterations: it };
}
