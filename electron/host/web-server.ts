import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { formatBytes, MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES } from '../../shared/api/limits';
import { ErrorCode, messageOf, type Result } from '../../shared/api/result';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export interface WebHostOptions {
  invoke(method: string, request: unknown): Promise<Result<unknown>>;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Browser mode: the built renderer and the service registry over HTTP on 127.0.0.1, guarded by a per-launch token. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const server = http.createServer((req, res) => {
    // Every failure ends its response: an error envelope if nothing was sent yet, else the connection is closed.
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { ok: false, error: { code: ErrorCode.Internal, message: messageOf(err) } });
    });
  });

  function allowedHost(value: string | undefined): boolean {
    return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Foreign Host headers mean DNS rebinding; foreign Origins mean another site's page.
    if (!allowedHost(req.headers.host)) return sendJson(res, 403, deny('Forbidden host.'));
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return sendJson(res, 403, deny('Forbidden origin.'));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return sendJson(res, 400, invalid(`The address ${url.pathname} is not a valid URI (a malformed %-escape).`));
    }
    if (pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, deny('Use POST.'));
      if (!tokenMatches(req.headers.authorization, token)) return sendJson(res, 401, deny('Missing or wrong token.'));
      const body = await readBody(req);
      if (body === null) {
        res.setHeader('Connection', 'close');
        return sendJson(res, 413, {
          ok: false,
          error: {
            code: ErrorCode.TooLarge,
            message: `The request is larger than ${formatBytes(MAX_REQUEST_BYTES)}, the most one call may send.`,
          },
        });
      }
      let request: unknown;
      try {
        request = body.length ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, invalid('The request body is not JSON.'));
      }
      const method = pathname.slice(5);
      const result = await opts.invoke(method, request);
      return sendJson(res, 200, result, method);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, deny('Method not allowed.'));
    return serveStatic(pathname, res);
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const root = path.resolve(opts.staticDir);
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return sendJson(res, 403, deny('Forbidden path.'));
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function deny(message: string) {
  return { ok: false, error: { code: ErrorCode.Unauthorized, message } };
}

function invalid(message: string) {
  return { ok: false, error: { code: ErrorCode.InvalidArgument, message } };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** The body as text, or null when it exceeds MAX_REQUEST_BYTES (the rest is read and dropped, so the 413 arrives). */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (size > MAX_REQUEST_BYTES) return;
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        chunks.length = 0;
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Serialized before any header is written, so a value that cannot be sent still gets an answer. */
function sendJson(res: http.ServerResponse, status: number, body: unknown, method?: string): void {
  if (res.headersSent) return;
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (err) {
    // V8 refuses strings past ~512 MiB with a RangeError; anything else here is a value JSON cannot carry.
    const tooLong = err instanceof RangeError;
    return sendJson(
      res,
      500,
      tooLong
        ? tooLarge(method)
        : {
            ok: false,
            error: { code: ErrorCode.Internal, message: `The answer${method ? ` of ${method}` : ''} could not be sent: ${messageOf(err)}` },
          },
    );
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_RESPONSE_BYTES) return sendJson(res, 500, tooLarge(method));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function tooLarge(method: string | undefined) {
  const what = method ? `The answer of ${method}` : 'The answer';
  return {
    ok: false,
    error: {
      code: ErrorCode.TooLarge,
      message: `${what} is larger than ${formatBytes(MAX_RESPONSE_BYTES)}, the most one response may carry. Ask for fewer rows or columns (LIMIT, a grid page), read the result page by page (query.open), or export it to a file.`,
    },
  };
}
