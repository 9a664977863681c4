import { describe, expect, it } from 'vitest';
import { formatPValue, pValueText } from './p-value';
import { sampleRatioMismatch } from './srm';
import { srmVerdict } from './verdict';

describe('p-value formatting', () => {
  it.each([
    [0.8197, 'p = 0.82'],
    [0.05, 'p = 0.05'],
    [0.021075, 'p = 0.021'],
    [0.00123, 'p = 0.0012'],
    [0.0009, 'p = 9.0e-4'],
    [2.381600164396296e-21, 'p = 2.4e-21'],
    [1.5239706048320995e-23, 'p = 1.5e-23'],
    [1.0341991197828647e-297, 'p = 1.0e-297'],
    [1e-300, 'p = 1.0e-300'],
    [9.9e-301, 'p < 1e-300'],
    [0, 'p < 1e-300'],
    [1, 'p = 1'],
  ])('%s prints as "%s"', (p, text) => expect(pValueText(p)).toBe(text));

  it('keeps more digits where asked (reports) and never prints 0', () => {
    expect(formatPValue(2.381600164396296e-21, 8)).toBe('2.3816002e-21');
    expect(formatPValue(0.021075189273797826, 8)).toBe('0.021075189');
    expect(formatPValue(0, 8)).toBe('< 1e-300');
    expect(formatPValue(Number.NaN)).toBe('n/a');
  });

  it('is what the sample-ratio verdict says for a tiny p-value', () => {
    expect(srmVerdict(sampleRatioMismatch([51500, 48500], [0.5, 0.5]))).toMatch(/\(p = 2\.4e-21\)/);
    expect(srmVerdict(sampleRatioMismatch([0, 100], [0.5, 0.5]))).toMatch(/\(p = 1\.5e-23\)/);
  });
});
