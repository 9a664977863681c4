import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../services/engine/duckdb-engine';
import { PortEngineLauncher } from '../services/engine/port-transport';
import { nodePort } from '../services/engine/ports';
import { engineEnv } from '../services/engine/transport';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../services/test-support';
import { createWorkbench } from '../services/workbench';
import { EngineBroker, type EngineSpawner } from './engine-broker';

/**
 * The desktop app's engine, where Electron's binary is absent: the real duckdb-worker and DuckDB in a worker thread
 * that is reached only through a MessagePort (as a utility process is), started by the main process's broker, with
 * the services' engine launcher on the other side. Messages between the broker and the launcher take a turn of the
 * event loop, as the messages between Electron's processes do.
 */
function desktopEngines(workerFile = WORKER_SOURCE) {
  const threads = new Map<number, Worker>();
  const exitCodes: number[] = [];
  const state = { started: 0, dieOnStart: false };
  const spawn: EngineSpawner<MessagePort> = (init, report) => {
    const { port1, port2 } = new MessageChannel();
    const options = { workerData: { enginePort: port1 }, transferList: [port1], env: { ...process.env, ...engineEnv(init) } };
    const worker = workerFile.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(workerFile)});`, { ...options, eval: true })
      : new Worker(workerFile, options);
    state.started++;
    worker.once('online', () => {
      threads.set(worker.threadId, worker);
      report.started(worker.threadId, port2);
      if (state.dieOnStart) void worker.terminate();
    });
    worker.once('exit', (code) => {
      threads.delete(worker.threadId);
      exitCodes.push(code);
      report.exited(code);
    });
    return { kill: () => void worker.terminate() };
  };
  const broker: EngineBroker<MessagePort> = new EngineBroker(spawn, (notice, port) =>
    setImmediate(() => launcher.receive(notice, port && nodePort(port))),
  );
  const launcher = new PortEngineLauncher((req) => setImmediate(() => broker.handle(req)));
  return { broker, launcher, threads, exitCodes, state };
}

async function until(what: string, done: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the engine reached through a message port (the desktop app)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('answers over the port, carries typed arrays by structured clone, and leaves when the services close it', async () => {
    const d = desktopEngines();
    const engine = new DuckDbEngine({ databasePath: path.join(tmp.dir, 'a.duckdb'), threads: 1, launch: d.launcher.launch });
    // This first call is sent before the main process has handed over the port: it waits for it.
    expect((await engine.query('SELECT 42 AS x')).data[0]![0]).toBe(42);
    expect(d.threads.has(engine.pid!)).toBe(true);
    const r = await engine.numericColumns('SELECT range::DOUBLE AS x, NULL::DOUBLE AS n FROM range(5)');
    expect(r.columns[0]).toBeInstanceOf(Float64Array);
    expect(Array.from(r.columns[0]!)).toEqual([0, 1, 2, 3, 4]);
    expect(Number.isNaN(r.columns[1]![0])).toBe(true);
    await engine.exec('CREATE TABLE appended (x DOUBLE, y DOUBLE)');
    const y = Float64Array.from([1, 2, 3, 4, 5]);
    await engine.appendColumns('appended', ['x', 'y'], [r.columns[0]!, y]);
    expect(Array.from(y)).toEqual([1, 2, 3, 4, 5]);
    const sums = await engine.numericColumns('SELECT sum(x), sum(y) FROM appended');
    expect([sums.columns[0]![0], sums.columns[1]![0]]).toEqual([10, 15]);
    let rows = 0;
    for await (const page of engine.stream('SELECT range AS i FROM range(25000)', { pageRows: 5000 })) rows += page.rowCount;
    expect(rows).toBe(25000);
    await expect(engine.query('SELECT nope')).rejects.toMatchObject({ code: 'QUERY_FAILED' });
    await engine.close();
    // It left on its own when its port closed (a killed thread ends with code 1), and the main process knows.
    expect(d.exitCodes).toEqual([0]);
    expect(d.broker.running).toBe(0);
  });

  // Killed here while idle: a worker thread killed under a running DuckDB call aborts the whole test process
  // ("terminate called after throwing an instance of 'Napi::Error'"), which a killed utility process cannot do.
  // That a running call fails with ENGINE_STOPPED is the same code for both transports (duckdb-engine.test.ts).
  it(
    'is restarted by the main process when it dies, and the restarted engine gets the dataset views again',
    { timeout: 120_000 },
    async () => {
      const d = desktopEngines();
      const wb = await createWorkbench({
        workspaceDir: path.join(tmp.dir, 'ws'),
        workerFile: WORKER_SOURCE,
        engineLauncher: d.launcher.launch,
        sampleDataDir: SAMPLE_DIR,
        threads: 1,
        inMemoryEngine: true,
      });
      try {
        const ds = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'customers.csv') });
        const engine = wb.engine as DuckDbEngine;
        const first = engine.pid!;
        await d.threads.get(first)!.terminate();
        await until('the restarted engine', () => engine.pid !== first);
        // In memory, the view exists again only because the restart replayed it.
        const page = await wb.invoke('explore.page', { datasetId: ds.id, offset: 0, limit: 3 });
        expect(page).toMatchObject({ ok: true, value: { page: { rowCount: 3 } } });
        expect(d.threads.has(engine.pid!)).toBe(true);
        expect(d.state.started).toBe(2);
      } finally {
        await wb.close();
      }
      expect(d.broker.running).toBe(0);
    },
  );

  it('is not restarted again after it dies 3 times in a row without an answer', { timeout: 120_000 }, async () => {
    const d = desktopEngines();
    const engine = new DuckDbEngine({ databasePath: ':memory:', threads: 1, launch: d.launcher.launch });
    expect((await engine.query('SELECT 1 AS x')).data[0]![0]).toBe(1);
    d.state.dieOnStart = true;
    await d.threads.get(engine.pid!)!.terminate();
    await until('the first death to be noticed', () => d.state.started === 2);
    // Every call fails, each with the death of the engine it waited for, until the engine gives up.
    const answers: string[] = [];
    while (answers.length < 50 && !/not restarted again/.test(answers.at(-1) ?? '')) {
      answers.push(
        await engine.query('SELECT 1').then(
          () => 'answered',
          (err: Error) => err.message,
        ),
      );
    }
    expect(answers[0]).toMatch(/^The engine stopped while running "SELECT 1" \(exit code 1\)\. It was restarted/);
    expect(answers.at(-1)).toMatch(/^The engine stopped 4 times in a row \(last: exit code 1\) and is not restarted again/);
    await expect(engine.query('SELECT 1')).rejects.toMatchObject({ code: 'ENGINE_STOPPED' });
    expect(d.state.started).toBe(4);
    await engine.close();
  });

  it('ends the engines when the services process is gone', async () => {
    const d = desktopEngines();
    const engine = new DuckDbEngine({ databasePath: ':memory:', threads: 1, launch: d.launcher.launch });
    expect((await engine.query('SELECT 1 AS x')).data[0]![0]).toBe(1);
    d.broker.servicesEnded();
    await until('the engine to end', () => d.broker.running === 0);
    expect(d.exitCodes).toEqual([1]);
    expect(d.state.started).toBe(1);
  });

  it('fails its calls with the reason when the main process cannot start it', async () => {
    // Node refuses a worker path that is neither absolute nor ./-relative, before anything starts.
    const d = desktopEngines('duckdb-worker.js');
    const engine = new DuckDbEngine({ databasePath: ':memory:', launch: d.launcher.launch });
    await expect(engine.query('SELECT 1')).rejects.toThrow(/^The database engine could not start: .*absolute path or a relative path/);
    await expect(engine.query('SELECT 1')).rejects.toThrow(/could not start/);
    expect(d.broker.running).toBe(0);
    await engine.close();
  });
});
