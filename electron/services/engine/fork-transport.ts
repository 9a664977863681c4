import { fork, type ChildProcess } from 'node:child_process';
import { ENGINE_EXEC_ARGV, engineEnv, STOP_GRACE_MS, type EngineLauncher, type EngineTransport } from './transport';

/**
 * The engine as a child of the services' process (browser mode, the command line, tests), with serialization
 * 'advanced' so typed arrays (numeric columns) cross by structured clone rather than JSON. Not used inside Electron,
 * whose executable runs as Node only with the RunAsNode fuse, which the desktop app turns off: there main starts the engine.
 */
export function forkLauncher(workerFile: string): EngineLauncher {
  return (init, events) => {
    const child = fork(workerFile, [], {
      execArgv: [...(workerFile.endsWith('.ts') ? ['--import', 'tsx'] : []), ...ENGINE_EXEC_ARGV],
      serialization: 'advanced',
      env: { ...process.env, ...engineEnv(init) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', events.message);
    child.on('exit', (code, signal) => events.exit(code, signal));
    child.on('error', (err) => {
      // Only a process that never started ends here without an exit to follow.
      if (child.pid === undefined) events.failedToStart(err);
    });
    return new ForkTransport(child);
  };
}

class ForkTransport implements EngineTransport {
  constructor(private readonly child: ChildProcess) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(req: Parameters<EngineTransport['send']>[0]): void {
    this.child.send(req);
  }

  /** Asked to leave by closing its channel (the worker exits on 'disconnect'), killed if it has not left in time. */
  stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.connected) child.disconnect();
      else child.kill();
    });
  }
}
