/** differences: what converters did differently (odds ratios per event) through journeys.differences. */
import {
  DEFAULT_DIFFERENCES_LIMIT,
  DEFAULT_DIFFERENCES_MIN_SUPPORT,
  MAX_DIFFERENCES_LIMIT,
  type EventDifference,
} from '../../../shared/journeys/differences';
import { json, num, required, str, type Command } from '../command';
import { POPULATION_USAGE, populationOf, populationOptions } from './population-flags';

const int = (n: number) => n.toLocaleString('en-US');
const whole =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (n: number) =>
    Number.isInteger(n) && n >= min && n <= max;
const ratio = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export const differences: Command = {
  name: 'differences',
  usage: `differences --data <file|dataset> --customer <col> --time <col> --event <col> --converted-event <name> (repeatable)
                [--min-support N (default ${DEFAULT_DIFFERENCES_MIN_SUPPORT})] [--limit N (default ${DEFAULT_DIFFERENCES_LIMIT})] [--json]
                ${POPULATION_USAGE}`,
  options: {
    data: { type: 'string' },
    customer: { type: 'string' },
    time: { type: 'string' },
    event: { type: 'string' },
    'converted-event': { type: 'string', multiple: true },
    'min-support': { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    ...populationOptions,
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'differences', 'data', 'customer', 'time', 'event', 'converted-event');
    const given = v['converted-event'];
    const conversionEvents = (Array.isArray(given) ? given : [String(given)]).filter((e) => e !== '');
    const minSupport = num('--min-support', str(v, 'min-support'), whole(1), 'a whole number of at least 1');
    const limit = num(
      '--limit',
      str(v, 'limit'),
      whole(1, MAX_DIFFERENCES_LIMIT),
      `a whole number from 1 to ${int(MAX_DIFFERENCES_LIMIT)}`,
    );
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call(
      'journeys.differences',
      {
        datasetId: d.id,
        customerColumn: str(v, 'customer')!,
        timeColumn: str(v, 'time')!,
        eventColumn: str(v, 'event')!,
        conversionEvents,
        ...(minSupport !== undefined ? { minSupport } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(await populationOf(ctx)),
      },
      true,
    );
    if (v.json) return void (await ctx.out(json(r)));
    const width = Math.max(5, ...[...r.positive, ...r.negative].map((e) => e.event.length));
    const head = `  ${'event'.padEnd(width)}  ${'odds ratio'.padStart(10)}  ${'95% CI'.padStart(15)}  ${'converters'.padStart(10)}  ${'others'.padStart(10)}`;
    const line = (e: EventDifference) =>
      `  ${e.event.padEnd(width)}  ${ratio(e.oddsRatio).padStart(10)}  ${`${ratio(e.ciLow)}–${ratio(e.ciHigh)}`.padStart(15)}  ${int(e.a).padStart(10)}  ${int(e.c).padStart(10)}`;
    const side = (title: string, xs: EventDifference[]) => `${title}\n${xs.length ? `${head}\n${xs.map(line).join('\n')}` : '  (none)'}`;
    await ctx.out(
      `${int(r.converters)} of ${int(r.customers)} customers converted (${r.conversionEvents.join(' or ')}); ${int(r.compared)} events with at least ${int(r.minSupport)} customers compared, ${int(r.belowSupport)} below\n` +
        `${side('More likely to convert', r.positive)}\n${side('Less likely to convert', r.negative)}\n` +
        '(converters: who did it before converting; others: non-converters who did it)\n',
    );
  },
};
