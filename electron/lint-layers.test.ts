import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages
    .filter((m) => m.ruleId === 'layers/allowed-packages' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layering fences in eslint.config.mjs', () => {
  it('refuses packages off the allow-list in shared/, however they are imported', async () => {
    for (const spec of ['fs', 'node:fs', 'worker_threads', 'onnxruntime-node', '@duckdb/node-api', 'better-sqlite3', 'react']) {
      const found = await messages('shared/example/x.ts', `import x from '${spec}';\nexport const y = x;\n`);
      expect(found.join('\n'), spec).toMatch(/shared\/ may import only|does not run in Node/);
    }
    expect(await messages('shared/example/x.ts', `export { z } from 'better-sqlite3';\n`)).not.toEqual([]);
    expect(await messages('shared/example/x.ts', `export const m = () => import('fs');\n`)).not.toEqual([]);
  });

  it('accepts the allowed packages and shared files in shared/, and vitest in its tests only', async () => {
    const ok = `import { z } from 'zod';\nimport cdf from '@stdlib/stats-base-dists-normal-cdf';\nimport { returns } from '../api/schemas';\nexport const a = [z, cdf, returns];\n`;
    expect(await messages('shared/example/x.ts', ok)).toEqual([]);
    expect(await messages('shared/example/x.test.ts', `import { it } from 'vitest';\nit('x', () => {});\n`)).toEqual([]);
    expect(await messages('shared/example/x.ts', `import { it } from 'vitest';\nexport const t = it;\n`)).not.toEqual([]);
  });

  it('keeps services free of Electron and the renderer free of Node', async () => {
    expect(await messages('electron/services/x.ts', `import { app } from 'electron';\nexport const a = app;\n`)).not.toEqual([]);
    expect(await messages('renderer/src/x.ts', `import fs from 'node:fs';\nexport const a = fs;\n`)).not.toEqual([]);
  });

  it("keeps a renderer feature out of another feature's files", async () => {
    const file = 'renderer/src/features/data/x.ts';
    expect(await messages(file, `import { pageToRows } from '../explore/grid-model';\nexport const a = pageToRows;\n`)).not.toEqual([]);
    expect(await messages(file, `import fs from 'node:fs';\nexport const a = fs;\n`)).not.toEqual([]);
    const ok = `import type { Feature } from '../feature';\nimport { useApp } from '../../store/app-store';\nimport { x } from './y';\nexport const a = [useApp, x] as unknown as Feature;\n`;
    expect(await messages(file, ok)).toEqual([]);
  });
});
