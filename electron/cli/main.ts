import { messageOf } from '../../shared/api/result';
import { appPaths } from '../host/paths';
import { runCli, USAGE, UsageError } from './cli';
import { OutputClosed, streamOutput } from './output';

const stdout = streamOutput(process.stdout);

runCli(process.argv.slice(2), (s) => stdout.write(s), appPaths(__dirname)).then(
  () => finish(null),
  (err: unknown) => finish(err),
);

/** Exits only once stdout and stderr are flushed: exiting earlier drops whatever a pipe had not yet taken. */
async function finish(err: unknown): Promise<void> {
  await stdout.flushed();
  err ??= stdout.failure();
  // The reader went away (`| head`): it has what it wanted, so the command ends quietly.
  if (err instanceof OutputClosed) err = null;
  const message = err === null ? '' : `workbench: ${messageOf(err).split('\n')[0]}\n${err instanceof UsageError ? USAGE + '\n' : ''}`;
  process.stderr.write(message, () => process.exit(err === null ? 0 : err instanceof UsageError ? 2 : 1));
}
