import { readFileSync } from 'node:fs';
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

  it('keeps RunAsNode only while the engine is started with ELECTRON_RUN_AS_NODE, and says why', () => {
    const engine = readFileSync(path.join(here, '..', 'services', 'engine', 'duckdb-engine.ts'), 'utf8');
    expect(fuses.runAsNode).toBe(engine.includes('ELECTRON_RUN_AS_NODE') ? 'true' : 'false');
    expect(yml).toMatch(/ELECTRON_RUN_AS_NODE/);
  });
});
