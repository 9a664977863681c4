/** Journey analytics on the command line: paths (session flows) and Markov attribution, each one contract call. */
import { MARKOV_ORDERS, PATH_STEPS_MAX, PATH_STEPS_MIN, type MarkovOrder } from '../../../shared/journeys/paths-types';
import { json, num, oneOf, required, str, type Command } from '../command';
import { POPULATION_USAGE, populationOf, populationOptions } from './population-flags';

const int = (n: number) => n.toLocaleString('en-US');
const whole = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

export const paths: Command = {
  name: 'paths',
  usage: `paths --data <file|dataset> --customer <col> --time <col> --event <col> --steps N (${PATH_STEPS_MIN}-${PATH_STEPS_MAX})
                [--session <col> | --session-gap SECONDS] [--end-event NAME] [--limit N] [--min-weight N]
                ${POPULATION_USAGE} [--json]`,
  options: {
    data: { type: 'string' },
    customer: { type: 'string' },
    time: { type: 'string' },
    event: { type: 'string' },
    steps: { type: 'string' },
    session: { type: 'string' },
    'session-gap': { type: 'string' },
    'end-event': { type: 'string' },
    limit: { type: 'string' },
    'min-weight': { type: 'string' },
    ...populationOptions,
    json: { type: 'boolean' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'paths', 'data', 'customer', 'time', 'event', 'steps');
    const request = {
      customerColumn: str(v, 'customer')!,
      timeColumn: str(v, 'time')!,
      eventColumn: str(v, 'event')!,
      steps: num(
        '--steps',
        str(v, 'steps'),
        (n) => whole(PATH_STEPS_MIN)(n) && n <= PATH_STEPS_MAX,
        `a whole number from ${PATH_STEPS_MIN} to ${PATH_STEPS_MAX}`,
      )!,
      sessionColumn: str(v, 'session'),
      sessionGapSeconds: num('--session-gap', str(v, 'session-gap'), (n) => n > 0, 'a number of seconds above 0'),
      endEvent: str(v, 'end-event'),
      limit: num('--limit', str(v, 'limit'), whole(1), 'a whole number of at least 1'),
      minWeight: num('--min-weight', str(v, 'min-weight'), whole(1), 'a whole number of at least 1'),
    };
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call('journeys.paths', { datasetId: d.id, ...request, ...(await populationOf(ctx)) }, true);
    if (v.json) return void (await ctx.out(json(r)));
    const width = Math.max(10, ...r.edges.map((e) => `${e.from} → ${e.to}`.length));
    const lines = r.edges.map(
      (e) => `  ${String(e.step).padStart(4)}  ${`${e.from} → ${e.to}`.padEnd(width)}  ${int(e.sessions).padStart(10)}`,
    );
    await ctx.out(
      `${int(r.sessions)} sessions, ${r.edges.length} edges\n  step  ${'from → to'.padEnd(width)}  ${'sessions'.padStart(10)}\n${lines.join('\n')}\n(--json for edges and nodes)\n`,
    );
  },
};

export const attribution: Command = {
  name: 'attribution',
  usage: `attribution --data <file|dataset> --journey <col> --time <col> --channel <col> --converted <col> [--order ${MARKOV_ORDERS.join('|')}]
                ${POPULATION_USAGE} [--json]`,
  options: {
    data: { type: 'string' },
    journey: { type: 'string' },
    time: { type: 'string' },
    channel: { type: 'string' },
    converted: { type: 'string' },
    order: { type: 'string' },
    ...populationOptions,
    json: { type: 'boolean' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'attribution', 'data', 'journey', 'time', 'channel', 'converted');
    const order = oneOf('--order', str(v, 'order'), MARKOV_ORDERS.map(String));
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call(
      'journeys.attribution',
      {
        datasetId: d.id,
        journeyColumn: str(v, 'journey')!,
        timeColumn: str(v, 'time')!,
        channelColumn: str(v, 'channel')!,
        convertedColumn: str(v, 'converted')!,
        ...(order ? { order: Number(order) as MarkovOrder } : {}),
        ...(await populationOf(ctx)),
      },
      true,
    );
    const { transitions: _transitions, ...summary } = r;
    if (v.json) return void (await ctx.out(json(summary)));
    const channels = Object.keys(r.removalEffect).sort((a, b) => r.credited[b]! - r.credited[a]! || a.localeCompare(b));
    const width = Math.max(7, ...channels.map((c) => c.length));
    const head = `  ${'channel'.padEnd(width)}  ${'removal'.padStart(8)}  ${'credited'.padStart(10)}  ${'first'.padStart(8)}  ${'last'.padStart(8)}`;
    const lines = channels.map(
      (c) =>
        `  ${c.padEnd(width)}  ${r.removalEffect[c]!.toFixed(3).padStart(8)}  ${r.credited[c]!.toFixed(1).padStart(10)}  ${int(r.firstTouch[c] ?? 0).padStart(8)}  ${int(r.lastTouch[c] ?? 0).padStart(8)}`,
    );
    await ctx.out(
      `${int(r.conversions)} of ${int(r.journeys)} journeys converted; conversion probability ${r.conversionProbability.toFixed(4)} (Markov order ${r.order})\n${head}\n${lines.join('\n')}\n`,
    );
  },
};
