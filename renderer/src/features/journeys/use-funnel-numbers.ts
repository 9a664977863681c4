import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import type { JourneyMap } from '../../../../shared/journeys/map';
import { mapAttribution } from '../../../../shared/journeys/map-attribution';
import type { Population } from '../../../../shared/journeys/population';
import { useApp } from '../../store/app-store';
import { cardNumbers, funnelSteps, withRemovalEffects, type CardNumbers, type FunnelAnswer } from './card-numbers';

export interface FunnelNumbers {
  numbers: Record<string, CardNumbers>;
  loading: boolean;
  error: string | null;
  /** Why numbers cannot be asked for yet, or null when they can. */
  blocked: string | null;
  /** Customers in the population (in the event table) the numbers shown were counted over; null before any. */
  totalCustomers: number | null;
  load(): Promise<void>;
}

/**
 * Numbers for the touchpoint cards of a bound map: one funnel over its touchpoints and the population, then
 * each card's Markov removal effect, run as jobs (progress and Cancel in the jobs bar). While a new count
 * runs the old numbers stay (shown dimmed).
 */
export function useFunnelNumbers(map: JourneyMap, population?: Population): FunnelNumbers {
  const runJob = useApp((s) => s.runJob);
  const { cardIds, steps } = useMemo(() => funnelSteps(map), [map]);
  const binding = map.binding;
  const markov = useMemo(() => mapAttribution(map), [map]);
  const key = JSON.stringify([binding, steps, markov]);
  const [state, setState] = useState<{
    key: string;
    numbers: Record<string, CardNumbers>;
    loading: boolean;
    error: string | null;
    totalCustomers: number | null;
  }>({ key, numbers: {}, loading: false, error: null, totalCustomers: null });
  // Numbers belong to one binding and one list of steps; a change clears them.
  useEffect(() => setState((s) => (s.key === key ? s : { key, numbers: {}, loading: false, error: null, totalCustomers: null })), [key]);

  const blocked = !binding
    ? 'Bind touchpoints to events and choose an event table'
    : steps.length < 2
      ? 'Bind at least two touchpoint cards to event names (select a touchpoint card) to count customers.'
      : null;

  // Only the latest count lands (an earlier one finishing later is dropped).
  const latest = useRef(0);
  const load = useCallback(async () => {
    if (!binding || blocked) return;
    const run = ++latest.current;
    const keep = (s: typeof state) => (s.key === key ? s : { numbers: {}, totalCustomers: null });
    setState((s) => ({ ...keep(s), key, loading: true, error: null }));
    const only = population && population.kind !== 'all' ? { population } : {};
    try {
      const answer: (FunnelAnswer & { totalCustomers: number }) | null = await runJob(
        'journeys.funnel',
        { ...binding, steps, ...only },
        `Funnel for ${map.name}`,
      );
      if (run !== latest.current) return;
      let numbers = answer ? cardNumbers(cardIds, answer) : {};
      // Each card's Markov removal effect: the map's journeys over its cards, converted on reaching the last touchpoint.
      let error: string | null = null;
      if (answer && markov) {
        const { eventChannels, convertedEvents, convertedFilters } = markov;
        const request = { datasetId: binding.datasetId, journeyColumn: binding.customerColumn, timeColumn: binding.timeColumn };
        try {
          const effects = await runJob(
            'journeys.attribution',
            {
              ...request,
              channelColumn: binding.eventColumn,
              eventChannels,
              convertedEvents,
              ...(convertedFilters ? { convertedFilters } : {}),
              ...only,
            },
            `Removal effects for ${map.name}`,
          );
          if (run !== latest.current) return;
          if (effects) numbers = withRemovalEffects(numbers, effects.removalEffect);
        } catch (e) {
          if (run !== latest.current) return;
          error = `Removal effects could not be computed: ${messageOf(e)}`;
        }
      }
      // A cancel or a failure clears the numbers: what stays on the cards is always the chosen population's.
      setState({ key, numbers, loading: false, error, totalCustomers: answer?.totalCustomers ?? null });
    } catch (e) {
      if (run !== latest.current) return;
      setState({ key, numbers: {}, loading: false, error: messageOf(e), totalCustomers: null });
    }
  }, [binding, blocked, key, runJob, steps, cardIds, markov, map.name, population]);

  const current = state.key === key ? state : { numbers: {}, loading: false, error: null, totalCustomers: null };
  return { ...current, blocked, load };
}
