/**
 * BFGS minimisation with an Armijo backtracking line search (Nocedal & Wright, Algorithm 6.1), for
 * small smooth problems with an analytic gradient such as the CLV likelihoods.
 */
export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when every gradient component is below this times (1 + |f|). */
  gradientTolerance?: number;
  /** …or when a step improves f by less than this times max(1, |f|). */
  relativeTolerance?: number;
  /** Called once per iteration; throw to stop. */
  onIteration?: (iteration: number, f: number) => void;
}

export interface Objective {
  (x: number[]): { f: number; g: number[] };
}

export function bfgs(fg: Objective, x0: number[], o: BfgsOptions = {}): { x: number[]; f: number; iterations: number } {
  const n = x0.length;
  const maxIterations = o.maxIterations ?? 1000;
  const gTol = o.gradientTolerance ?? 1e-9;
  const fTol = o.relativeTolerance ?? 1e-14;
  let x = x0.slice();
  let { f, g } = fg(x);
  if (!Number.isFinite(f)) throw new RangeError('bfgs: the objective is not finite at the start.');
  // Inverse Hessian approximation, row-major; starts as the identity.
  let H = identity(n);
  let it = 0;
  for (; it < maxIterations; it++) {
    o.onIteration?.(it, f);
    if (Math.max(...g.map(Math.abs)) <= gTol * (1 + Math.abs(f))) break;
    let p = matVec(H, g).map((v) => -v);
    let slope = dot(g, p);
    if (!(slope < 0)) {
      H = identity(n);
      p = g.map((v) => -v);
      slope = dot(g, p);
    }
    let step = 1;
    let next = fg(add(x, p, step));
    for (let k = 0; k < 60 && !(Number.isFinite(next.f) && next.f <= f + 1e-4 * step * slope); k++) {
      step *= 0.5;
      next = fg(add(x, p, step));
    }
    if (!(Number.isFinite(next.f) && next.f <= f)) break; // no descent along p: at the optimum's resolution
    const s = p.map((v) => v * step);
    const y = next.g.map((v, i) => v - g[i]!);
    const improved = f - next.f;
    x = add(x, p, step);
    f = next.f;
    g = next.g;
    if (improved <= fTol * Math.max(1, Math.abs(f))) break;
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (it === 0) H = identity(n).map((v) => (v * sy) / dot(y, y));
      const rho = 1 / sy;
      const Hy = matVec(H, y);
      const yHy = dot(y, Hy);
      // H ← H − ρ(Hy sᵀ + s yᵀH) + (ρ² yᵀHy + ρ) s sᵀ
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) H[i * n + j]! += -rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
    }
  }
  return { x, f, iterations: it };
}

function identity(n: number): number[] {
  return Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
}

function matVec(H: number[], v: number[]): number[] {
  const n = v.length;
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += H[i * n + j]! * v[j]!;
    return s;
  });
}

function dot(a: number[], b: number[]): number {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}

function add(x: number[], p: number[], t: number): number[] {
  return x.map((v, i) => v + t * p[i]!);
}
