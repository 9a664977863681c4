import { describe, expect, it } from 'vitest';
import { detectNumberFormat } from './csv-numbers';

describe('detectNumberFormat', () => {
  it('finds comma decimals and dot thousands', () => {
    expect(
      detectNumberFormat([
        ['1', '2'],
        ['1.234,56', '7,5', null],
        ['a', 'b'],
      ]),
    ).toEqual({ decimalComma: true, dotThousands: true });
    expect(detectNumberFormat([['7,5', '-0,25', '']])).toEqual({ decimalComma: true, dotThousands: false });
  });

  it('refuses when a numeric column uses a decimal point, including 0.125 which is no thousands group', () => {
    expect(detectNumberFormat([['1,5'], ['1.5']])).toEqual({ decimalComma: false, dotThousands: false });
    expect(detectNumberFormat([['1,5'], ['0.125', '1.000']])).toEqual({ decimalComma: false, dotThousands: false });
  });

  it('ignores text, dates and empty columns', () => {
    expect(detectNumberFormat([['v1.5', 'x'], ['02.01.2026'], [null, ''], ['3,5']])).toEqual({ decimalComma: true, dotThousands: false });
    expect(detectNumberFormat([['a,b'], ['1', '2']])).toEqual({ decimalComma: false, dotThousands: false });
  });
});
