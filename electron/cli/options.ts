/**
 * Which command reads each command-line option, so an option given to a command that does not read it is
 * refused rather than ignored. Options not listed here are left to their command.
 */
import { ALGORITHMS, CLUSTER_ALGORITHMS } from '../../shared/ml/catalog';

const DATA_COMMANDS = ['query', 'rfm', 'clv', 'train', 'cluster', 'score', 'evaluate'] as const;
const ORDERS = ['rfm', 'clv'] as const;

export const OPTION_COMMANDS: Record<string, readonly string[]> = {
  json: ['load'],
  format: ['load', 'query'],
  sheet: ['load'],
  delimiter: ['load'],
  data: DATA_COMMANDS,
  limit: ['query'],
  input: ['stats'],
  target: ['train', 'evaluate'],
  features: ['train', 'cluster', 'score', 'evaluate'],
  name: ['train', 'cluster'],
  k: ['cluster'],
  seed: ['train', 'cluster'],
  model: ['inspect', 'score', 'evaluate'],
  out: ['train', 'cluster', 'score', 'rfm', 'clv'],
  customer: ORDERS,
  date: ORDERS,
  amount: ORDERS,
  'as-of': ORDERS,
  algorithm: ['train', 'cluster'],
  impute: ['train'],
  task: ['train'],
  iterations: ['train'],
  'fill-value': ['train'],
  indicator: ['train'],
  scale: ['train', 'cluster'],
  outliers: ['train'],
  onehot: ['train'],
  'target-encode': ['train'],
  map: ['score', 'evaluate'],
  output: ['evaluate'],
  threshold: ['evaluate'],
  horizon: ['clv'],
  discount: ['clv'],
};

/** Commands that take one positional argument (the rest take none). */
const POSITIONAL: Record<string, string> = { load: 'a path', query: 'SQL text', stats: 'a calculator name' };

const COMMANDS = new Set(['algorithms', 'inspect', 'stats', ...Object.values(OPTION_COMMANDS).flat()]);

/** What is wrong when the command would not read an option or argument it was given (null: nothing); unknown commands are left to the caller. */
export function unusedOptionError(command: string, values: Record<string, unknown>, positionals: string[]): string | null {
  if (!COMMANDS.has(command)) return null;
  for (const [option, value] of Object.entries(values)) {
    const users = OPTION_COMMANDS[option];
    if (value === undefined || !users || users.includes(command)) continue;
    return `--${option} does not apply to ${command} (it is read by ${users.join(', ')}).`;
  }
  const data = values.data as string[] | undefined;
  if (data && data.length > 1 && command !== 'query') return `${command} reads one --data file (got ${data.length}).`;
  const takes = POSITIONAL[command] ? 1 : 0;
  if (positionals.length > takes)
    return `${command} takes ${takes ? POSITIONAL[command] : 'no argument'} besides its options (also got "${positionals.slice(takes).join('" "')}").`;
  return null;
}

/** What is wrong with --algorithm for cluster (null: nothing): the wired algorithms; the catalog's other clustering algorithms are named as not wired yet. */
export function clusterAlgorithmError(value: string | undefined): string | null {
  if (value === undefined || (CLUSTER_ALGORITHMS as readonly string[]).includes(value)) return null;
  const accepted = CLUSTER_ALGORITHMS.join(', ');
  if (ALGORITHMS.some((a) => a.id === value && a.kind === 'clustering'))
    return `--algorithm ${value} is not available on the command line yet (cluster accepts ${accepted}).`;
  return `--algorithm must be one of ${accepted} (got "${value}").`;
}
