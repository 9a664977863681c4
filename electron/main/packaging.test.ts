import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The `key: value` pairs of one top-level block of electron-builder.yml (no YAML parser is installed). */
function block(yml: string, name: string): Record<string, string> {
  const lines = yml.split('\n');
  const start = lines.indexOf(`${name}:`);
  if (start < 0) return {};
  const pairs: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+([A-Za-z]+):\s*(\S+)/.exec(line);
    if (m) pairs[m[1]!] = m[2]!;
  }
  return pairs;
}

describe('packaged binary fuses', () => {
  const yml = readFileSync(path.join(here, '..', '..', 'electron-builder.yml'), 'utf8');
  const fuses = block(yml, 'electronFuses');

  it('turns off NODE_OPTIONS, --inspect and file:// privileges', () => {
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe('false');
    expect(fuses.enableNodeCliInspectArguments).toBe('false');
    expect(fuses.grantFileProtocolExtraPrivileges).toBe('false');
  });

  it('turns RunAsNode off, and nothing of the app runs Electron as Node with ELECTRON_RUN_AS_NODE', () => {
    expect(fuses.runAsNode).toBe('false');
    const root = path.join(here, '..', '..');
    const sources = ['electron', 'scripts', 'bin']
      .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
      .filter((f) => /\.(ts|mjs|js)$/.test(f) && !/\.test\.ts$/.test(f));
    expect(sources).toContain(path.join('electron', 'services', 'engine', 'duckdb-engine.ts'));
    // Setting it in any form: `{ ELECTRON_RUN_AS_NODE: '1' }`, `env.ELECTRON_RUN_AS_NODE = '1'`, `env['ELECTRON_RUN_AS_NODE'] = …`.
    const setsIt = /ELECTRON_RUN_AS_NODE['"]?\]?\s*[:=]/;
    expect(sources.filter((f) => setsIt.test(readFileSync(path.join(root, f), 'utf8')))).toEqual([]);
  });
});
