/**
 * CUPED (Deng et al., 2013): adjust a metric Y by a pre-period covariate X with θ = cov(X, Y) / var(X),
 * pooled over all units; Y′ = Y − θ(X − X̄). Works from sufficient statistics per variant.
 */
import { checked, finite, StatsErrorCode, StatsInputError } from './errors';
import { welchTest, type WelchResult } from './means';

export interface CupedArm {
  n: number;
  sumY: number;
  sumY2: number;
  sumX: number;
  sumX2: number;
  sumXY: number;
}

export interface CupedResult {
  theta: number;
  /** 1 − Var(adjusted difference) / Var(unadjusted difference). */
  varianceReduction: number;
  adjusted: WelchResult;
  unadjusted: WelchResult;
}

function moments(a: CupedArm) {
  const mY = a.sumY / a.n;
  const mX = a.sumX / a.n;
  return {
    n: a.n,
    mY,
    mX,
    vY: (a.sumY2 - a.sumY * mY) / (a.n - 1),
    vX: (a.sumX2 - a.sumX * mX) / (a.n - 1),
    cXY: (a.sumXY - a.sumX * mY) / (a.n - 1),
  };
}

export function cuped(control: CupedArm, treatment: CupedArm, alpha = 0.05): CupedResult {
  for (const [name, arm] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    for (const [k, v] of Object.entries(arm)) finite(v, `${name}.${k}`);
    if (!Number.isInteger(arm.n) || arm.n < 2)
      throw new StatsInputError(StatsErrorCode.TooFewUnits, `${name}.n`, 'needs at least 2 units.');
  }
  const all: CupedArm = {
    n: control.n + treatment.n,
    sumY: control.sumY + treatment.sumY,
    sumY2: control.sumY2 + treatment.sumY2,
    sumX: control.sumX + treatment.sumX,
    sumX2: control.sumX2 + treatment.sumX2,
    sumXY: control.sumXY + treatment.sumXY,
  };
  const pooled = moments(all);
  if (!(pooled.vX > 0)) throw new StatsInputError(StatsErrorCode.ZeroVariance, 'covariate', 'the pre-period covariate has no variance.');
  const theta = pooled.cXY / pooled.vX;
  const adjust = (m: ReturnType<typeof moments>) => ({
    n: m.n,
    mean: m.mY - theta * (m.mX - pooled.mX),
    sd: Math.sqrt(Math.max(0, m.vY - 2 * theta * m.cXY + theta * theta * m.vX)),
  });
  const c = moments(control);
  const t = moments(treatment);
  const unadjusted = welchTest({ n: c.n, mean: c.mY, sd: Math.sqrt(c.vY) }, { n: t.n, mean: t.mY, sd: Math.sqrt(t.vY) }, alpha);
  const adjusted = welchTest(adjust(c), adjust(t), alpha);
  const varDiff = (r: WelchResult) => r.control.sd ** 2 / r.control.n + r.treatment.sd ** 2 / r.treatment.n;
  return checked({ theta, varianceReduction: 1 - varDiff(adjusted) / varDiff(unadjusted), adjusted, unadjusted }, 'cuped');
}
