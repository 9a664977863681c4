import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../services/test-support';
import { ServiceClient, type FromService, type ToService } from './service-rpc';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The services process as the desktop app runs it, here as a Node child (Electron's binary is absent). */
function start(workspaceDir: string) {
  const child = fork(path.join(here, 'service-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      WORKBENCH_SERVICE_OPTIONS: JSON.stringify({ workspaceDir, workerFile: WORKER_SOURCE, sampleDataDir: SAMPLE_DIR, threads: 1 }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const client = new ServiceClient({
    send: (m: ToService) => child.send(m),
    onMessage: (fn) => child.on('message', (m) => fn(m as FromService)),
    onExit: (fn) => child.on('exit', (code) => fn(code)),
  });
  return { child, client };
}

describe('services in their own process', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('answers contract calls relayed from the main process, several at once', async () => {
    const { child, client } = start(path.join(tmp.dir, 'ws1'));
    await client.ready;
    const [info, bad, unknown] = await Promise.all([
      client.invoke('app.info', {}),
      client.invoke('datasets.preview', { path: '' }),
      client.invoke('fs.read', {}),
    ]);
    expect(info).toMatchObject({ ok: true, value: { workspace: path.join(tmp.dir, 'ws1') } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'path' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    client.close();
    expect(await exited).toBe(0);
  });

  it('fails pending and later calls with a clear message when the process dies', async () => {
    const { child, client } = start(path.join(tmp.dir, 'ws2'));
    await client.ready;
    const pending = client.invoke('query.run', { sql: 'SELECT count(*) FROM range(1000000000) t, range(100) u' });
    child.kill('SIGKILL');
    expect(await pending).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/service process stopped/) },
    });
    expect(await client.invoke('app.info', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/stopped/) } });
  });
});
