/** Starts the built browser-mode host as a child process and calls its API over HTTP, as the UI does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Method, RequestOf, ResponseOf } from '../shared/api/contract';
import type { Result } from '../shared/api/result';

export interface HostClient {
  call<M extends Method>(method: M, req: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Peak and current resident memory of the host and its child processes (the DuckDB engine, workers). */
  memory(): { peakMb: number; currentMb: number };
  stop(): Promise<void>;
}

/** Opens (or imports) a dataset as a job and waits for it, polling every `pollMs`; returns the dataset's id. */
export async function openDataset(host: HostClient, req: RequestOf<'datasets.open'>, pollMs = 10): Promise<string> {
  const { jobId } = await host.call('datasets.open', req);
  for (;;) {
    const s = await host.call('jobs.status', { id: jobId });
    if (s.state === 'done') return s.datasetId!;
    if (s.state !== 'running') throw new Error(s.message);
    await new Promise((r) => setTimeout(r, pollMs));
  }
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
      // The host and its child processes (the DuckDB engine, workers): each one's peak summed, an upper bound of
      // the peak they reached together; current resident sets summed.
      let peakMb = 0;
      let currentMb = 0;
      for (const pid of [child.pid!, ...descendants(child.pid!)]) {
        let status: string;
        try {
          status = readFileSync(`/proc/${pid}/status`, 'utf8');
        } catch {
          continue; // exited since it was listed
        }
        const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
        peakMb += kb('VmHWM') / 1024;
        currentMb += kb('VmRSS') / 1024;
      }
      return { peakMb, currentMb };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Every process below `pid` (children, their children…), from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone while listing
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parentOf) {
      if (pp !== p) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}
