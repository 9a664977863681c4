import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support';

function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) console.log('Skipping the Electron end-to-end test: the Electron binary is not installed here (offline install).');

describe.skipIf(!bin)('desktop app (Electron)', () => {
  it('opens the window on the sample data with the preload bridge only', async () => {
    const app = await electron.launch({
      executablePath: bin!,
      args: [ROOT],
      env: { ...process.env, WORKBENCH_WORKSPACE: `${ROOT}/out/e2e-workspace` },
    });
    const win = await app.firstWindow();
    await win.getByRole('button', { name: /^events/ }).waitFor();
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => Object.keys((window as unknown as { workbench: object }).workbench))).toEqual([
      'invoke',
      'onOpenFiles',
      'pathForFile',
    ]);
    expect(win.url()).toBe('app://renderer/index.html');
    await app.close();
  });

  it('runs the DuckDB engine as a utility process of its own, and starts a new one when it is killed', async () => {
    const app = await electron.launch({
      executablePath: bin!,
      args: [ROOT],
      env: { ...process.env, WORKBENCH_WORKSPACE: `${ROOT}/out/e2e-workspace-engine` },
    });
    const win = await app.firstWindow();
    await win.getByRole('button', { name: /^events/ }).waitFor();
    const processes = (name: string) =>
      app.evaluate(({ app }, wanted) => app.getAppMetrics().flatMap((m) => (m.name === wanted ? [m.pid] : [])), name);
    expect(await processes('Workbench services')).toHaveLength(1);
    const [engine] = await processes('Workbench engine');
    expect(engine).toBeGreaterThan(0);
    process.kill(engine!, 'SIGKILL');
    const ask = () =>
      win.evaluate(() =>
        (window as unknown as { workbench: { invoke(m: string, r: unknown): Promise<unknown> } }).workbench.invoke('query.run', {
          sql: 'SELECT 42 AS answer',
        }),
      );
    await expect.poll(async () => JSON.stringify(await ask()), { timeout: 30_000 }).toMatch(/"ok":true.*42/);
    const after = await processes('Workbench engine');
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(engine);
    await app.close();
  });
});
