/** Principal component analysis by eigen-decomposition of the covariance matrix (cyclic Jacobi rotations). */
import { ModelInputError } from './errors';
import { requireComplete, type Matrix } from './matrix';

export interface PcaResult {
  /** Components as rows (k × d), unit length, sign fixed so the largest |loading| is positive. */
  components: Float64Array[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  mean: Float64Array;
  /** The first two coordinates of every row, for a scatter plot. */
  projection2d: { x: Float64Array; y: Float64Array };
}

export function pca(m: Matrix, components = Math.min(m.cols, 10)): PcaResult {
  requireComplete(m);
  const { rows: n, cols: d, data } = m;
  if (n < 2) throw new ModelInputError('rows', 'PCA needs at least two rows.');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = data[i * d + a]! - mean[a]!;
      for (let b = 0; b <= a; b++) cov[a * d + b]! += xa * (data[i * d + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[b * d + a] = cov[a * d + b] = cov[a * d + b]! / (n - 1);
  const { values, vectors } = jacobi(cov, d);
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
  const total = values.reduce((s, v) => s + v, 0);
  const k = Math.min(components, d);
  const comps: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const idx = order[c]![1];
    const v = new Float64Array(d);
    for (let j = 0; j < d; j++) v[j] = vectors[j * d + idx]!;
    // Deterministic sign: the largest-magnitude loading is positive (as scikit-learn's svd_flip).
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    if (v[big]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
    comps.push(v);
  }
  const project = (c: Float64Array | undefined) => {
    const out = new Float64Array(n);
    if (!c) return out;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j]! - mean[j]!) * c[j]!;
      out[i] = s;
    }
    return out;
  };
  return {
    components: comps,
    explainedVariance: order.slice(0, k).map(([v]) => v),
    explainedVarianceRatio: order.slice(0, k).map(([v]) => (total > 0 ? v / total : 0)),
    mean,
    projection2d: { x: project(comps[0]), y: project(comps[1]) },
  };
}

/** Eigenvalues and eigenvectors (columns) of a symmetric matrix. */
function jacobi(A0: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const A = Float64Array.from(A0);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => A[i * n + i]!), vectors: V };
}
