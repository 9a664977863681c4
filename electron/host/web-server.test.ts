import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testWorkbench } from '../services/test-support';
import type { Workbench } from '../services/workbench';
import { startWebHost, type WebHost } from './web-server';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
let host: WebHost;

beforeAll(async () => {
  tmp = tempDir();
  const stat = path.join(tmp.dir, 'static');
  mkdirSync(stat);
  writeFileSync(path.join(stat, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
  host = await startWebHost({ invoke: wb.invoke, staticDir: stat });
});
afterAll(async () => {
  await host.close();
  await wb.close();
  tmp.cleanup();
});

const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(body),
  });

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 with a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers API calls with the result envelope', async () => {
    const res = await api('datasets.list', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: [] });
  });

  it('rejects a missing or wrong token', async () => {
    expect((await api('datasets.list', {}, { Authorization: '' })).status).toBe(401);
    expect((await api('datasets.list', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('rejects foreign origins and hosts', async () => {
    expect((await api('datasets.list', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    // fetch cannot forge Host; use a raw request.
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example' } }, (res) =>
        resolve(res.statusCode!),
      );
      req.end();
    });
    expect(status).toBe(403);
  });

  it('validates arguments and names the field', async () => {
    const body = (await (await api('explore.page', { datasetId: 'x', offset: -1, limit: 10 })).json()) as {
      ok: boolean;
      error: { code: string; field: string };
    };
    expect(body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'offset' } });
    const unknown = (await (await api('nope.method', {})).json()) as { error: { code: string } };
    expect(unknown.error.code).toBe('NOT_FOUND');
    const extra = (await (await api('datasets.list', { sneaky: 1 })).json()) as { ok: boolean };
    expect(extra.ok).toBe(false);
  });

  it('serves the renderer with a CSP and refuses paths outside it', async () => {
    const res = await fetch(host.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>t</title>');
    const traversal = await fetch(`${host.url}..%2fsecret.txt`);
    expect([403, 404]).toContain(traversal.status);
    expect(await traversal.text()).not.toContain('secret');
  });
});
