import { describe, expect, it } from 'vitest';
import { choiceField } from './choice-field';

describe('choiceField', () => {
  it('puts an error under the choice the service named', () => {
    expect(choiceField('variantColumn')).toBe('variantColumn');
    expect(choiceField('metricColumn')).toBe('metricColumn');
    expect(choiceField('winsorizePercentile')).toBe('winsorize');
    expect(choiceField('datasetId')).toBe('datasetId');
  });
  it('has no choice for fields the panel does not show, so the message is shown on its own', () => {
    expect(choiceField('expectedWeights')).toBeNull();
    expect(choiceField('controlValue')).toBeNull();
    expect(choiceField('jobId')).toBeNull();
    expect(choiceField(undefined)).toBeNull();
  });
});
