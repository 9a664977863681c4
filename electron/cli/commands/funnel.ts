/** funnel: a funnel over an event table through journeys.funnel, as JSON or a readable table. */
import { DEFAULT_FUNNEL_WINDOW_SECONDS, FUNNEL_MODES, parseWindow, WINDOW_UNITS } from '../../../shared/journeys/funnel';
import { list, oneOf, required, str, UsageError, type Command } from '../command';
import { POPULATION_USAGE, populationOf, populationOptions } from './population-flags';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Seconds as a short duration: 45s, 12m, 3.5h, 2.1d. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${+(seconds / 60).toFixed(1)}m`;
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)}h`;
  return `${+(seconds / 86_400).toFixed(1)}d`;
}

export const funnel: Command = {
  name: 'funnel',
  usage: `funnel --data <file|dataset> --customer <col> --time <col> --event <col> --steps a,b,c
                [--window N${Object.keys(WINDOW_UNITS).join('|')} (default ${DEFAULT_FUNNEL_WINDOW_SECONDS / 86_400}d)] [--mode ${FUNNEL_MODES.join('|')}]
                ${POPULATION_USAGE} [--json]`,
  options: {
    data: { type: 'string' },
    customer: { type: 'string' },
    time: { type: 'string' },
    event: { type: 'string' },
    steps: { type: 'string' },
    window: { type: 'string' },
    mode: { type: 'string' },
    ...populationOptions,
    json: { type: 'boolean' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'funnel', 'data', 'customer', 'time', 'event', 'steps');
    const steps = list(str(v, 'steps'));
    if (steps.length < 2) throw new UsageError(`--steps needs at least two events, comma-separated (got "${str(v, 'steps')}").`);
    const mode = oneOf('--mode', str(v, 'mode'), FUNNEL_MODES);
    const w = str(v, 'window');
    let windowSeconds: number | undefined;
    try {
      windowSeconds = w === undefined ? undefined : parseWindow(w);
    } catch (e) {
      throw new UsageError(`--${(e as Error).message}`);
    }
    const d = await ctx.dataset(str(v, 'data')!);
    const population = await populationOf(ctx);
    const r = await ctx.call(
      'journeys.funnel',
      {
        datasetId: d.id,
        customerColumn: str(v, 'customer')!,
        timeColumn: str(v, 'time')!,
        eventColumn: str(v, 'event')!,
        steps,
        windowSeconds,
        mode,
        ...population,
      },
      true,
    );
    if (v.json) return void (await ctx.out(JSON.stringify(r, null, 2) + '\n'));
    const rows = [
      ['step', 'customers', 'conversion', 'from previous', 'drop-off', 'median time from previous'],
      ...r.steps.map((s, i) => [
        `${i + 1}. ${s.name}`,
        String(s.customers),
        pct(s.conversion),
        pct(s.stepConversion),
        String(s.dropOff),
        duration(s.medianSecondsFromPrevious),
      ]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
    const lines = rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    const notes = [
      `${r.mode} funnel, window ${duration(r.windowSeconds)}, ${r.totalCustomers} customers in the ${population.population ? 'population' : 'table'} (--json for times to convert)`,
      ...(r.unknownEvents.length ? [`not in the table: ${r.unknownEvents.join(', ')}`] : []),
    ];
    await ctx.out([...lines, '', ...notes].join('\n') + '\n');
  },
};
