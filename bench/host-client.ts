/** Starts the built browser-mode host as a child process and calls its API over HTTP, as the UI does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Method, RequestOf, ResponseOf } from '../shared/api/contract';
import type { Result } from '../shared/api/result';

export interface HostClient {
  call<M extends Method>(method: M, req: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Peak and current resident memory of the host process (it holds DuckDB's worker thread too). */
  memory(): { peakMb: number; currentMb: number };
  stop(): Promise<void>;
}

export async function startHost(root: string, workspace: string): Promise<HostClient> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'out', 'main', 'web.js'), '--workspace', workspace, '--no-sample'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)\?token=([\w-]+)/.exec(out);
      if (m) resolve(`${m[1]}|${m[2]}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`host exited (${code}): ${out}`)));
  });
  const [base, token] = url.split('|') as [string, string];
  return {
    async call(method, req) {
      const res = await fetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(req),
      });
      const r = (await res.json()) as Result<never>;
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    },
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { peakMb: kb('VmHWM') / 1024, currentMb: kb('VmRSS') / 1024 };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
