import { appPaths } from '../host/paths';
import { runCli, USAGE, UsageError } from './cli';

runCli(process.argv.slice(2), (s) => process.stdout.write(s), appPaths(__dirname)).then(
  () => process.exit(0),
  (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`workbench: ${msg.split('\n')[0]}\n${err instanceof UsageError ? USAGE + '\n' : ''}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
