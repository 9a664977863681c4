/**
 * `workbench`: the headless command line. A table of commands, each turning argv into contract requests
 * and calling `invoke` on a workbench: the user's workspace for commands whose results belong in the app
 * (--workspace, else WORKBENCH_WORKSPACE, else the app's default), a scratch in-memory engine for the rest.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { directContext } from '../../shared/api/call-context';
import type { Method, RequestOf, ResponseOf } from '../../shared/api/contract';
import { messageOf } from '../../shared/api/result';
import type { Dataset } from '../../shared/types';
import { defaultWorkspaceDir, type appPaths } from '../host/paths';
import { RECOVER_CHOICES, type RecoverChoice } from '../services/store/workspace-file';
import { createWorkbench, type Workbench } from '../services/workbench';
import { oneOf, UsageError, type Command, type CommandContext, type OptionSpec } from './command';
import { load, query, followLoad } from './commands/data';
import { differences } from './commands/differences';
import { funnel } from './commands/funnel';
import { cluster, pca } from './commands/clustering';
import { algorithms, clv, evaluate, inspect, models, rfm, score, train } from './commands/models';
import { attribution, paths } from './commands/paths';
import { stats } from './commands/stats';

export { UsageError } from './command';

/** Every command, in the order usage lists them: a new command adds one entry. */
export const COMMANDS: readonly Command[] = [
  load,
  query,
  stats,
  train,
  cluster,
  pca,
  score,
  evaluate,
  inspect,
  models,
  algorithms,
  rfm,
  clv,
  funnel,
  paths,
  attribution,
  differences,
];

const WORKSPACE_OPTION: Record<string, OptionSpec> = { workspace: { type: 'string' }, recover: { type: 'string' } };

export const USAGE = `usage:\n${COMMANDS.map((c) => `  workbench ${c.usage}`).join('\n')}
  (commands that read or write models and datasets take --workspace DIR; default: WORKBENCH_WORKSPACE, else ${defaultWorkspaceDir()};
   a damaged workspace.sqlite is refused: add --recover restore to put back its last good copy, or --recover read-only)`;

export type CliPaths = Pick<ReturnType<typeof appPaths>, 'workerFile' | 'sampleDataDir'>;

export async function runCli(
  argv: string[],
  /** Standard output; awaiting what it returns waits for a full pipe to drain. */
  out: (s: string) => void | Promise<void>,
  paths: CliPaths,
  err: (s: string) => void = (s) => void process.stderr.write(s),
): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return void (await out(USAGE + '\n'));
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}".`);
  const { values, positionals } = parse(command, rest);
  const takes = command.positional ? 1 : 0;
  if (positionals.length > takes)
    throw new UsageError(
      `${name} takes ${takes ? command.positional : 'no argument'} besides its options (also got "${positionals.slice(takes).join('" "')}").`,
    );

  if (command.runs === 'none') {
    const none = async () => {
      throw new Error(`${name} does not open a workbench.`);
    };
    return command.run({ values, positionals, out, err, call: none, dataset: none });
  }
  const scratch = command.runs === 'scratch' ? mkdtempSync(path.join(os.tmpdir(), 'workbench-cli-')) : null;
  const workspaceDir = scratch ?? path.resolve((values.workspace as string | undefined) ?? defaultWorkspaceDir());
  let wb: Workbench | null = null;
  let stop: ((signal: NodeJS.Signals) => void) | null = null;
  try {
    const recover = oneOf('--recover', values.recover as string | undefined, RECOVER_CHOICES);
    wb = await openWorkbench(workspaceDir, paths, scratch !== null, recover);
    for (const line of wb.recovered) err(`workbench: repaired at start: ${line}\n`);
    // Stopped (Ctrl+C, SIGTERM): running loads are cancelled and clean up (no .partial left) before the exit.
    const opened = wb;
    stop = (signal) => {
      err(`workbench: stopped by ${signal}; cancelling…\n`);
      void opened.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await command.run(contextFor(wb, { values, positionals, out, err }));
  } finally {
    if (stop) {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
    await wb?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** Parses a command's own options; an option another command reads is refused naming the commands that read it. */
function parse(command: Command, args: string[]) {
  const options = { ...command.options, ...(command.runs === 'workspace' ? WORKSPACE_OPTION : {}) };
  try {
    const r = parseArgs({ args, allowPositionals: true, strict: true, options });
    // A repeated single-valued option would silently keep the last; only `query` reads several --data files.
    for (const [option, spec] of Object.entries(command.options)) {
      const given = args.filter((a) => a === `--${option}` || a.startsWith(`--${option}=`)).length;
      if (given > 1 && !('multiple' in spec && spec.multiple))
        throw new UsageError(
          option === 'data' ? `${command.name} reads one --data file (got ${given}).` : `--${option} was given ${given} times.`,
        );
    }
    return r as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const flag = /'(--?[\w-]+)/.exec(messageOf(e))?.[1];
    const option = flag?.replace(/^--?/, '');
    const users = option
      ? COMMANDS.filter((c) => option in c.options || (option === 'workspace' && c.runs === 'workspace')).map((c) => c.name)
      : [];
    if (flag && users.length) throw new UsageError(`${flag} does not apply to ${command.name} (it is read by ${users.join(', ')}).`);
    if (flag && /Unknown option/.test(messageOf(e))) throw new UsageError(`unknown option ${flag} for ${command.name}.`);
    throw new UsageError(messageOf(e).split('\n')[0]!);
  }
}

async function openWorkbench(workspaceDir: string, paths: CliPaths, scratch: boolean, recover?: RecoverChoice): Promise<Workbench> {
  try {
    return await createWorkbench({
      workspaceDir,
      workerFile: paths.workerFile,
      sampleDataDir: paths.sampleDataDir,
      inMemoryEngine: scratch,
      recover,
    });
  } catch (e) {
    if (/lock/i.test(messageOf(e)))
      throw new Error(
        `${workspaceDir}: this workspace is open in the app or another command; close it, or pass --workspace <another folder>.`,
        { cause: e },
      );
    throw e;
  }
}

function contextFor(wb: Workbench, io: Pick<CommandContext, 'values' | 'positionals' | 'out' | 'err'>): CommandContext {
  const call = async <M extends Method>(method: M, request: RequestOf<M>, progress = false): Promise<ResponseOf<M>> => {
    // Fits report progress on stderr so stdout stays clean JSON.
    const ctx = progress ? directContext((_f, message) => io.err(`  ${message}\n`)) : undefined;
    const r = await wb.invoke(method, request, ctx);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as ResponseOf<M>;
  };
  return {
    ...io,
    call,
    async dataset(ref: string): Promise<Dataset> {
      const known = await call('datasets.list', {});
      const abs = path.resolve(ref);
      const same = known.find((d) => d.sourcePath === abs || d.sourcePath === ref);
      if (same) return same;
      if (!existsSync(abs)) {
        const named = known.find((d) => d.name === ref);
        if (named) return named;
      }
      const { jobId } = await call('datasets.open', { path: ref });
      return followLoad({ ...io, call, dataset: () => Promise.reject(new Error('unused')) }, jobId);
    },
  };
}
