/** `npm run web`: browser mode. Prints the URL (with its token) and serves until stopped. */
import { messageOf } from '../../shared/api/result';
import { parseArgs } from 'node:util';
import type { RecoverChoice } from '../services/store/workspace-file';
import { createWorkbench } from '../services/workbench';
import { appPaths, defaultWorkspaceDir } from './paths';
import { startWebHost } from './web-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      workspace: { type: 'string' },
      'memory-limit': { type: 'string' },
      'no-sample': { type: 'boolean' },
      recover: { type: 'string' },
    },
  });
  const paths = appPaths(__dirname);
  const workbench = await createWorkbench({
    workspaceDir: values.workspace ?? defaultWorkspaceDir(),
    workerFile: paths.workerFile,
    sampleDataDir: paths.sampleDataDir,
    version: paths.version,
    memoryLimit: values['memory-limit'],
    recover: values.recover as RecoverChoice | undefined,
  });
  for (const line of workbench.recovered) console.log(`Repaired at start: ${line}`);
  if (!values['no-sample']) await workbench.openSampleDataOnFirstRun();
  const host = await startWebHost({
    invoke: workbench.invoke,
    staticDir: paths.rendererDir,
    port: values.port ? Number(values.port) : Number(process.env.WORKBENCH_PORT ?? 0) || 0,
  });
  console.log(`Workbench (browser mode) at ${host.url}?token=${host.token}`);
  console.log(`Workspace: ${values.workspace ?? defaultWorkspaceDir()}  (Ctrl+C to stop)`);
  const stop = async () => {
    await host.close();
    await workbench.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`workbench: ${messageOf(err)}`);
  process.exit(1);
});
