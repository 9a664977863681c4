import { useCallback, useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import type { JourneyMap } from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';
import { cardNumbers, funnelSteps, type CardNumbers, type FunnelAnswer } from './card-numbers';

export interface FunnelNumbers {
  numbers: Record<string, CardNumbers>;
  loading: boolean;
  error: string | null;
  /** Why numbers cannot be asked for yet, or null when they can. */
  blocked: string | null;
  load(): Promise<void>;
}

/** Numbers for the touchpoint cards of a bound map: one funnel over its touchpoints, run as a job (progress and Cancel in the jobs bar). */
export function useFunnelNumbers(map: JourneyMap): FunnelNumbers {
  const runJob = useApp((s) => s.runJob);
  const { cardIds, steps } = useMemo(() => funnelSteps(map), [map]);
  const binding = map.binding;
  const key = JSON.stringify([binding, steps]);
  const [state, setState] = useState<{ key: string; numbers: Record<string, CardNumbers>; loading: boolean; error: string | null }>({
    key,
    numbers: {},
    loading: false,
    error: null,
  });
  // Numbers belong to one binding and one list of steps; a change clears them.
  useEffect(() => setState((s) => (s.key === key ? s : { key, numbers: {}, loading: false, error: null })), [key]);

  const blocked = !binding
    ? 'Bind touchpoints to events and choose an event table'
    : steps.length < 2
      ? 'Bind at least two touchpoint cards to event names (select a touchpoint card) to count customers.'
      : null;

  const load = useCallback(async () => {
    if (!binding || blocked) return;
    setState({ key, numbers: {}, loading: true, error: null });
    try {
      const answer: FunnelAnswer | null = await runJob('journeys.funnel', { ...binding, steps }, `Funnel for ${map.name}`);
      setState({ key, numbers: answer ? cardNumbers(cardIds, answer) : {}, loading: false, error: null });
    } catch (e) {
      setState({ key, numbers: {}, loading: false, error: messageOf(e) });
    }
  }, [binding, blocked, key, runJob, steps, cardIds, map.name]);

  const current = state.key === key ? state : { numbers: {}, loading: false, error: null };
  return { ...current, blocked, load };
}
