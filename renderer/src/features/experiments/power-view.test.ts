import { describe, expect, it } from 'vitest';
import { runCalculator } from '../../../../shared/stats/calculators';
import { StatsInputError } from '../../../../shared/stats/errors';
import { DEFAULT_INPUTS } from './experiments-slice';
import { powerView } from './power-view';

const defaults = DEFAULT_INPUTS.power;
const settings = { alpha: 0.05, power: 0.8, variants: 2, ratio: 1 };

/** The field a bad input is reported on, and the message shown beside it. */
function fieldError(v: Record<string, string>): [string, string] {
  try {
    powerView(v);
  } catch (e) {
    if (e instanceof StatsInputError) return [e.field, e.message];
    throw e;
  }
  throw new Error('expected a StatsInputError');
}

describe('sample-size calculator', () => {
  it('answers a conversion sample size with the shared calculator', () => {
    const view = powerView(defaults);
    const shared = runCalculator('power', { baseline: 0.2, relative_mde: 0.1, ...settings });
    expect(view.verdict).toMatch(
      /^You need 6,510 users in control and 6,510 in each treatment \(13,020 in all\) to detect 20\.00% → 22\.00%/,
    );
    expect(view.saved).toMatchObject({ control: shared.control, perTreatment: shared.perTreatment, total: shared.total, mde: null });
    expect(view.curve).toEqual(shared.curve);
    expect(view.marker).toEqual({ n: shared.control, power: 0.8 });
    expect(view.rows[0]).toEqual(['Target rate', '22.00%']);
  });

  it('answers the detectable effect for a given n, for both metrics', () => {
    const conversion = powerView({ ...defaults, solve: 'mde' });
    const sharedConversion = runCalculator('power', { baseline: 0.2, n: 5000, ...settings }) as { mde: { absolute: number } };
    expect(conversion.saved.mde).toBe(sharedConversion.mde.absolute);
    expect(conversion.verdict).toMatch(/^With 5,000 users in control you can detect a rise from 20\.00% to /);

    const means = powerView({ ...defaults, solve: 'mde', metric: 'continuous' });
    const sharedMeans = runCalculator('power', { sd: 18, n: 5000, ...settings });
    expect(means.saved.mde).toBe(sharedMeans.mde);
    expect(means.curve).toEqual(sharedMeans.curve);
  });

  it('answers a continuous sample size', () => {
    const view = powerView({ ...defaults, metric: 'continuous' });
    const shared = runCalculator('power', { sd: 18, mde: 1.5, ...settings });
    expect(view.saved).toMatchObject({ control: shared.control, total: shared.total });
    expect(view.verdict).toMatch(/units in control .* to detect a difference of 1\.5 with 80% power\.$/);
  });

  it('names the wrong field with the engine own words', () => {
    expect(fieldError({ ...defaults, baseline: '' })).toEqual(['baseline', 'baseline: must be a finite number.']);
    expect(fieldError({ ...defaults, relative_mde: '0' })).toEqual(['target', 'target: must differ from the baseline.']);
    expect(fieldError({ ...defaults, power: '1.5' })).toEqual(['power', 'power: must be between 0 and 1, exclusive (got 1.5).']);
    expect(fieldError({ ...defaults, solve: 'mde', n: '1' })).toEqual(['n', 'n: needs at least 2 users per group.']);
    expect(fieldError({ ...defaults, metric: 'continuous', sd: '0' })).toEqual(['sd', 'sd: must be above 0.']);
    expect(fieldError({ ...defaults, metric: 'continuous', mde: 'abc' })).toEqual(['mde', 'mde: must be a finite number.']);
  });
});
