import { useMemo } from 'react';
import { messageOf } from '../../../../shared/api/result';
import { StatsInputError } from '../../../../shared/stats/errors';
import type { FieldErrors } from './fields';

/**
 * Runs a calculator on every change. Bad input comes back as a message keyed by the field it names
 * (`control.users` → shown next to that input), never as NaN on screen.
 */
export function useCalculation<T>(run: () => T, deps: unknown[]): { result: T | null; errors: FieldErrors; message: string | null } {
  return useMemo(() => {
    try {
      return { result: run(), errors: {}, message: null };
    } catch (e) {
      if (e instanceof StatsInputError) {
        const text = e.message.slice(e.field.length + 2);
        return { result: null, errors: { [e.field]: text }, message: null };
      }
      return { result: null, errors: {}, message: messageOf(e) };
    }
    // The calculators list their own inputs as dependencies.
  }, deps);
}
