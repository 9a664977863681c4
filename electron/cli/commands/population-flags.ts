/** The population flags shared by funnel, paths and attribution: a saved segment, or customers matching `<col><op><value>`. */
import { parsePopulationFilter, type Population } from '../../../shared/journeys/population';
import { str, UsageError, type CommandContext, type OptionSpec } from '../command';

export const POPULATION_USAGE = `[--population-segment <name|id> | --population '<col><op><value>' [--population-data <file|dataset> --population-id <col>]]`;

export const populationOptions: Record<string, OptionSpec> = {
  'population-segment': { type: 'string' },
  population: { type: 'string' },
  'population-data': { type: 'string' },
  'population-id': { type: 'string' },
};

/**
 * The request's `population` from the flags: `--population-segment` names a saved segment (by name or id);
 * `--population` is an event-property filter on the analysed table, or, with `--population-data` and
 * `--population-id`, `column=value` on that customer-level dataset (a cluster label, an experiment variant).
 */
export async function populationOf(ctx: CommandContext): Promise<{ population?: Population }> {
  const v = ctx.values;
  const segment = str(v, 'population-segment');
  const filter = str(v, 'population');
  const data = str(v, 'population-data');
  const idColumn = str(v, 'population-id');
  if (segment !== undefined && filter !== undefined) throw new UsageError('give --population-segment or --population, not both.');
  if ((data === undefined) !== (idColumn === undefined))
    throw new UsageError('--population-data and --population-id go together (the customer-level dataset and its customer id column).');
  if (data !== undefined && filter === undefined) throw new UsageError("--population-data needs --population '<column>=<value>'.");
  if (segment !== undefined) {
    const all = await ctx.call('segments.list', {});
    const found = all.find((s) => s.id === segment) ?? all.find((s) => s.name === segment);
    if (!found)
      throw new UsageError(
        `--population-segment: no segment named "${segment}" in this workspace${all.length ? ` (saved: ${all.map((s) => s.name).join(', ')})` : ''}.`,
      );
    return { population: { kind: 'segment', segmentId: found.id } };
  }
  if (filter === undefined) return {};
  let f;
  try {
    f = parsePopulationFilter(filter);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  if (data === undefined) return { population: { kind: 'filter', ...f } };
  if (f.op !== '=') throw new UsageError(`--population with --population-data takes <column>=<value> (got "${filter}").`);
  const d = await ctx.dataset(data);
  return { population: { kind: 'column', datasetId: d.id, idColumn: idColumn!, column: f.column, value: f.value } };
}
