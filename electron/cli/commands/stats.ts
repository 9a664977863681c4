/** stats: the experiment calculators over a JSON file or standard input (pure code, no workbench needed). */
import { readFileSync } from 'node:fs';
import { messageOf } from '../../../shared/api/result';
import { CALCULATORS, runCalculator } from '../../../shared/stats/calculators';
import { str, UsageError, type Command } from '../command';

export const stats: Command = {
  name: 'stats',
  usage: `stats <${CALCULATORS.join('|')}> --input <file.json | ->`,
  positional: 'a calculator name',
  options: { input: { type: 'string' } },
  runs: 'none',
  async run(ctx) {
    await ctx.out(JSON.stringify(runStats(ctx.positionals[0], str(ctx.values, 'input')), null, 2) + '\n');
  },
};

function runStats(calculator: string | undefined, input: string | undefined): Record<string, unknown> {
  if (!calculator) throw new UsageError(`stats needs a calculator: ${CALCULATORS.join(', ')}.`);
  if (!input) throw new UsageError('stats needs --input <file.json> (or - for standard input).');
  const label = input === '-' ? 'standard input' : input;
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (e) {
    throw new Error(`${label}: cannot read this file.`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${label}: not valid JSON (${messageOf(e)}).`, { cause: e });
  }
  try {
    return runCalculator(calculator, json);
  } catch (e) {
    throw new Error(`${label}: ${messageOf(e)}`, { cause: e });
  }
}
