/**
 * What the analyst waits for on screen, measured in browser mode with Debian's Chromium (1366×768) on the
 * sample data: the chart builder's first chart of a 10,000-row result (click on Chart → chart drawn), and
 * the time Plotly takes to draw a 50-edge Sankey of paths (the `data-draw-ms` the Plot component records).
 * Skipped, with the reason, where Chromium is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

export interface UiBenchRow {
  what: string;
  ms: number;
  target: string;
  ok: boolean;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchUi(root: string, runs = 3): Promise<UiBenchRow[]> {
  if (!existsSync(CHROMIUM)) {
    console.log(`Skipping the on-screen timings: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
    return [];
  }
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-ui-'));
  const child = spawn(process.execPath, [path.join(root, 'out', 'main', 'web.js'), '--workspace', workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`host exited (${code}): ${out}`)));
    });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(url);
    await page.getByRole('button', { name: /^events/ }).waitFor();

    const chart: number[] = [];
    for (let i = 0; i < runs; i++) chart.push(await chartFirstRender(page, url));
    const sankey = await sankeyDraw(page, runs);
    return [
      {
        what: 'chart builder: first chart of a 10,000-row result (click → drawn)',
        ms: median(chart),
        target: '< 1000 ms',
        ok: median(chart) < 1000,
      },
      { what: 'Sankey of paths, 50 edges: Plotly draw', ms: median(sankey), target: '< 500 ms', ok: median(sankey) < 500 },
    ];
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** A fresh page each time, so the chart is the first one drawn (Plotly is preloaded, as in use). */
async function chartFirstRender(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('button', { name: /^events/ }).waitFor();
  await page.getByRole('tab', { name: 'SQL' }).click();
  const editor = page.getByLabel('SQL');
  await editor.fill('SELECT event_ts, event_type, device, customer_id FROM events LIMIT 10000');
  await editor.press('Control+Enter');
  await page
    .getByTestId('result-summary')
    .filter({ hasText: /^10,000 rows/ })
    .waitFor({ timeout: 60_000 });
  const started = Date.now();
  await page.getByRole('button', { name: 'Chart', exact: true }).click();
  await page.locator('[data-testid="chart"] .main-svg').first().waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

async function sankeyDraw(page: Page, runs: number): Promise<number[]> {
  await page.getByRole('tab', { name: 'Journeys' }).click();
  await page
    .getByRole('button', { name: /E-commerce purchase/ })
    .first()
    .click();
  await page.getByTestId('journey-board').waitFor();
  const options = await page.getByLabel('Event table').locator('option').allTextContents();
  await page.getByLabel('Event table').selectOption({ label: options.find((o) => o.startsWith('events '))! });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  const dialog = page.getByRole('dialog', { name: 'Customer paths' });
  await dialog.waitFor();
  await dialog.getByLabel('Steps', { exact: true }).fill('10');
  await dialog.getByLabel('Edge limit').fill('50');
  const times: number[] = [];
  const plot = dialog.getByTestId('paths-sankey');
  for (let i = 0; i < runs; i++) {
    // Each run draws a new plot element: wait for the previous one to go before reading the new one.
    const previous = (await plot.count()) ? await plot.elementHandle() : null;
    await dialog.getByRole('button', { name: /^(Run|Refresh)$/ }).click();
    if (previous) await page.waitForFunction((el) => !el.isConnected, previous, { timeout: 120_000 });
    await plot.locator('g.sankey .sankey-node').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="paths-sankey"]')?.dataset.drawMs, null, {
      timeout: 60_000,
    });
    const edges = await plot.locator('g.sankey .sankey-link').count();
    if (edges < 40) throw new Error(`The Sankey drew ${edges} edges; the benchmark needs about 50.`);
    times.push(Number(await plot.getAttribute('data-draw-ms')));
  }
  return times;
}
