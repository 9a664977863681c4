import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, MAX_RESULT_BYTES } from '../../shared/api/limits';
import { ok } from '../../shared/api/result';
import type { QueryResult } from '../../shared/types';
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

/** A raw request, so bodies and paths fetch would refuse or rewrite can be sent; resolves with status and body. */
function raw(pathname: string, body: Buffer | string, target = host): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    void import('node:http').then((http) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: target.port,
          path: pathname,
          method: 'POST',
          headers: {
            Authorization: `Bearer ${target.token}`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  });
}

describe('browser-mode host: sizes and failures', () => {
  it('answers a query whose rows exceed the result budget with the first rows and a note naming the limit', async () => {
    const res = await api('query.run', { sql: 'SELECT repeat(chr(120), 60000) AS x FROM range(10000)' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    const body = JSON.parse(text) as { ok: true; value: QueryResult };
    expect(body.ok).toBe(true);
    const rows = body.value.page.rowCount;
    expect(rows).toBe(Math.floor(MAX_RESULT_BYTES / 60_006)); // each row: 60,000 x's, quotes, brackets and a comma
    expect(body.value.truncated).toBe(true);
    expect(body.value.note).toContain(`first ${rows.toLocaleString('en-US')} rows`);
    expect(body.value.note).toContain('16 MiB');
    expect(body.value.note).toMatch(/LIMIT.*page by page.*export/);
  });

  it('keeps the row limit as the bound when rows are small', async () => {
    const body = (await (await api('query.run', { sql: 'SELECT range AS n FROM range(50)', limit: 20 })).json()) as { value: QueryResult };
    expect(body.value).toMatchObject({ truncated: true, page: { rowCount: 20 } });
    expect(body.value.note).toBeUndefined();
  });

  it('ends every response: an answer too large, one JSON cannot carry, a handler that throws', async () => {
    const answers: Record<string, () => Promise<unknown>> = {
      big: async () => ok({ text: 'x'.repeat(MAX_RESPONSE_BYTES) }),
      bigint: async () => ok({ n: 1n }),
      throws: async () => {
        throw new Error('boom');
      },
    };
    const stub = await startWebHost({ invoke: (m) => answers[m]!() as never, staticDir: tmp.dir });
    try {
      const big = await raw('/api/big', '{}', stub);
      expect(big.status).toBe(500);
      expect(JSON.parse(big.text)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
      expect(big.text).toContain('The answer of big is larger than 64 MiB, the most one response may carry');
      const bigint = await raw('/api/bigint', '{}', stub);
      expect(bigint.status).toBe(500);
      expect(JSON.parse(bigint.text)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(bigint.text).toContain('could not be sent');
      const thrown = await raw('/api/throws', '{}', stub);
      expect(thrown.status).toBe(500);
      expect(thrown.text).toContain('boom');
    } finally {
      await stub.close();
    }
  });

  it('answers a body over the limit with 413 naming the limit, not a reset', async () => {
    const res = await raw('/api/query.run', Buffer.alloc(MAX_REQUEST_BYTES + 1024, 0x20));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('4 MiB') } });
  });

  it('answers a malformed URI with 400', async () => {
    const apiPath = await raw('/api/query.run%E0%A4%A', '{}');
    expect(apiPath.status).toBe(400);
    expect(apiPath.text).toContain('not a valid URI');
    const page = await fetch(`${host.url}%E0%A4%A`);
    expect(page.status).toBe(400);
  });
});
