/**
 * The DuckDB engine as a utility process of its own. The services' process cannot start it (Electron's executable runs
 * as Node only with the RunAsNode fuse, which the packaged app turns off), so it asks; EngineBroker decides, this starts.
 */
import { MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import type { EngineSpawner } from '../host/engine-broker';
import { ENGINE_EXEC_ARGV, engineEnv } from '../services/engine/transport';

export function spawnEngineProcess(workerFile: string): EngineSpawner<MessagePortMain> {
  return (init, report) => {
    const child = utilityProcess.fork(workerFile, [], {
      env: { ...process.env, ...engineEnv(init) },
      execArgv: ENGINE_EXEC_ARGV,
      serviceName: 'Workbench engine',
    });
    // The engine takes the first port it is given (linkToHost); the services get the other end.
    child.once('spawn', () => {
      const { port1, port2 } = new MessageChannelMain();
      child.postMessage({ kind: 'engine.port' }, [port1]);
      report.started(child.pid, port2);
    });
    child.once('exit', (code) => report.exited(code));
    return { kill: () => void child.kill() };
  };
}
