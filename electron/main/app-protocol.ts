/**
 * The `app://` protocol the window loads the renderer from, instead of `file://` (which would let the page
 * read any file the user can). Only files under the renderer folder are served; the Electron binding in
 * index.ts is a few lines over `resolveAppRequest`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
/** The one host name the protocol answers to. */
export const APP_HOST = 'renderer';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};

export type AppRequestResolution = { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 403 | 404; message: string };

const refuse = (status: 400 | 403 | 404, url: string, why: string): AppRequestResolution => ({
  ok: false,
  status,
  message: `${url}: ${why}`,
});

/** True when `child` is `root` or lies under it (both absolute and normalised). */
function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps an `app://renderer/<path>` request to a file under `rootDir`, or says why not: another scheme or
 * host, a malformed escape, `..` (plain or encoded), a backslash or NUL, an absolute path, or a symlink
 * that leads out of the folder.
 */
export async function resolveAppRequest(url: string, rootDir: string): Promise<AppRequestResolution> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400, url, 'not a URL.');
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST) {
    return refuse(403, url, `only ${APP_SCHEME}://${APP_HOST}/ is served.`);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return refuse(400, url, 'the path has a malformed %-escape.');
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0') || /^[a-zA-Z]:/.test(s))) {
    return refuse(403, url, 'the path leaves the app folder.');
  }
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = await fs.realpath(rootDir);
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return refuse(403, url, 'the path leaves the app folder.');
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    return refuse(404, url, 'no such file in the app.');
  }
  // A symlink inside the folder may point anywhere: judge where it leads, not where it sits.
  if (!isInside(root, real)) return refuse(403, url, 'the path leaves the app folder.');
  const stat = await fs.stat(real);
  if (!stat.isFile()) return refuse(404, url, 'no such file in the app.');
  return { ok: true, file: real, mimeType: MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream' };
}
