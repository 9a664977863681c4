import { useCallback, useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import type { JourneyMap } from '../../../../shared/journeys/map';
import { useApp } from '../../store/app-store';
import { mapAttribution } from '../../../../shared/journeys/map-attribution';
import { cardNumbers, funnelSteps, withRemovalEffects, type CardNumbers, type FunnelAnswer } from './card-numbers';

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
  const markov = useMemo(() => mapAttribution(map), [map]);
  const key = JSON.stringify([binding, steps, markov]);
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
      let numbers = answer ? cardNumbers(cardIds, answer) : {};
      // Each card's Markov removal effect: the map's journeys over its cards, converted on reaching the last touchpoint.
      let error: string | null = null;
      if (answer && markov) {
        const { eventChannels, convertedEvents } = markov;
        const request = { datasetId: binding.datasetId, journeyColumn: binding.customerColumn, timeColumn: binding.timeColumn };
        try {
          const effects = await runJob(
            'journeys.attribution',
            { ...request, channelColumn: binding.eventColumn, eventChannels, convertedEvents },
            `Removal effects for ${map.name}`,
          );
          if (effects) numbers = withRemovalEffects(numbers, effects.removalEffect);
        } catch (e) {
          error = `Removal effects could not be computed: ${messageOf(e)}`;
        }
      }
      setState({ key, numbers, loading: false, error });
    } catch (e) {
      setState({ key, numbers: {}, loading: false, error: messageOf(e) });
    }
  }, [binding, blocked, key, runJob, steps, cardIds, markov, map.name]);

  const current = state.key === key ? state : { numbers: {}, loading: false, error: null };
  return { ...current, blocked, load };
}
