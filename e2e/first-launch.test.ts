/** Messages and first launch, in browser mode at 1366×768: one load message, the welcome, `?`, Ctrl+K, exports to a chosen path. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, launchBrowser, startHost, type RunningHost } from './support';

let host: RunningHost;
let browser: Browser;
let page: Page;
let files: string;

beforeAll(async () => {
  host = await startHost();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  files = mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-first-'));
  await page.goto(host.url);
  await page.getByRole('button', { name: /^events/ }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  rmSync(files, { recursive: true, force: true });
});

/** Whether two boxes overlap. */
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('first launch and messages', () => {
  it('welcomes a new user once: what is loaded, where to start; closed, it does not come back after a reload', async () => {
    const welcome = page.getByRole('region', { name: 'Welcome' });
    await welcome.waitFor();
    const text = await welcome.innerText();
    expect(text).toMatch(/Loaded for you:[\s\S]*events \(242,458 rows\)/);
    for (const name of ['Map a purchase funnel', 'Check an experiment', 'Train a model', 'Query with SQL'])
      await expect(welcome.getByRole('button', { name }).count()).resolves.toBe(1);
    // It sits above the grid and covers none of it.
    const grid = page.getByTestId('data-grid');
    await grid.locator('.ag-row').first().waitFor();
    expect(overlaps((await welcome.boundingBox())!, (await grid.boundingBox())!)).toBe(false);
    await page.screenshot({ path: artifact('first-launch-welcome.png') });

    // A way in goes to its page and closes the welcome for good.
    await welcome.getByRole('button', { name: 'Check an experiment' }).click();
    await expect(page.getByRole('tab', { name: 'Experiments' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(welcome.count()).resolves.toBe(0);
    await page.reload();
    await page.getByRole('button', { name: /^events/ }).waitFor();
    await page.getByRole('tab', { name: 'Data' }).click();
    await grid.locator('.ag-row').first().waitFor();
    await expect(welcome.count()).resolves.toBe(0);
  });

  it('says "Loaded …" once, in the status bar below the grid, until dismissed', async () => {
    const csv = path.join(files, 'visits.csv');
    writeFileSync(csv, 'day,visits\n2026-01-01,10\n2026-01-02,12\n2026-01-03,9\n');
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Open data' });
    await dialog.getByLabel('Path').fill(csv);
    await dialog.getByLabel('Path').press('Enter');
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.innerText(), { timeout: 20_000 }).toMatch(/Loaded visits/);
    // Once: no second copy in the jobs bar or anywhere else.
    await expect.poll(() => page.getByText(/Loaded visits/).count(), { timeout: 5_000 }).toBe(1);
    await page.waitForTimeout(600); // the jobs bar used to keep its own "Loaded …" line for a while
    await expect(page.getByText(/Loaded visits/).count()).resolves.toBe(1);
    const grid = page.getByTestId('data-grid');
    await grid.locator('.ag-row').first().waitFor();
    expect(overlaps((await notice.boundingBox())!, (await grid.boundingBox())!)).toBe(false);
    await page.screenshot({ path: artifact('load-message.png') });
    await notice.getByRole('button', { name: 'Dismiss message' }).click();
    await expect(notice.count()).resolves.toBe(0);
  });

  it('? lists the shortcuts by page; it does not fire while typing; Escape closes it and returns the focus', async () => {
    const tab = page.getByRole('tab', { name: 'Data' });
    await tab.focus();
    await page.keyboard.press('Shift+?');
    const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await list.waitFor();
    const text = await list.innerText();
    for (const line of ['Command palette', 'Go to SQL', 'Run the query', 'Copy the selected cells', 'Undo / redo', 'Customer paths'])
      expect(text).toContain(line);
    expect(text).toMatch(/EVERYWHERE[\s\S]*SQL[\s\S]*JOURNEYS/i);
    await page.screenshot({ path: artifact('shortcuts.png') });
    await page.keyboard.press('Escape');
    await expect(list.count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Data');

    // In the SQL editor, ? is a character.
    await page.getByRole('tab', { name: 'SQL' }).click();
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.fill('SELECT 1 AS "why?"');
    await sql.press('End');
    await sql.press('Shift+?');
    await expect(sql.inputValue()).resolves.toBe('SELECT 1 AS "why?"?');
    await expect(list.count()).resolves.toBe(0);
  });

  it('Ctrl+K opens the palette even from the editor; typing filters, arrows and Enter open a dataset in the grid', async () => {
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.focus();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await expect(sql.inputValue()).resolves.not.toContain('k');
    await page.keyboard.type('dataset ord');
    const options = palette.getByRole('option');
    await expect.poll(() => options.first().innerText()).toMatch(/Open dataset orders/);
    await page.screenshot({ path: artifact('palette.png') });
    // Down then up comes back to the first; Enter runs it.
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect(palette.count()).resolves.toBe(0);
    await expect(page.getByRole('tab', { name: 'Data' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('.topbar .current').innerText()).resolves.toMatch(/^orders — table orders/);

    // Actions as well as datasets: a journey map from a template, though the Journeys page was never opened.
    await page.keyboard.press('Control+k');
    await palette.waitFor();
    await page.keyboard.type('new journey map');
    await expect.poll(() => options.first().innerText()).toMatch(/New journey map: /);
    await page.keyboard.press('Escape');

    // Escape closes without running anything, and gives the focus back.
    const tab = page.getByRole('tab', { name: 'Profile' });
    await tab.focus();
    await page.keyboard.press('Control+k');
    await palette.waitFor();
    await page.keyboard.type('segments');
    await page.keyboard.press('Escape');
    await expect(palette.count()).resolves.toBe(0);
    await expect(page.getByRole('tab', { name: 'Data' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Profile');
  });

  it('exports a result to the path the user chooses and says where it went, with a way to copy it', async () => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    const sql = page.getByLabel('SQL', { exact: true });
    await sql.fill('SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC');
    await sql.press('Control+Enter');
    await page.getByTestId('result-summary').waitFor();
    const rows = Number(/^([\d,]+) rows/.exec(await page.getByTestId('result-summary').innerText())![1]!.replace(/,/g, ''));

    await page.getByRole('button', { name: 'Export CSV…' }).click();
    const where = page.getByRole('dialog', { name: 'Export the result as CSV' });
    const field = where.getByLabel('Save to');
    expect(await field.inputValue()).toMatch(
      new RegExp(`^${path.join(host.workspace, 'exports').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/result-.+\\.csv$`),
    );
    // A name without .csv is refused before anything is written.
    await field.fill(path.join(files, 'out', 'event-types.txt'));
    await expect(where.getByText('The file name should end in .csv.').count()).resolves.toBe(1);
    await expect(where.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
    const target = path.join(files, 'out', 'event-types.csv');
    await field.fill(target);
    await page.screenshot({ path: artifact('export-choose-path.png') });
    await where.getByRole('button', { name: 'Save' }).click();

    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.innerText(), { timeout: 20_000 }).toContain(`Exported ${rows} rows to ${target}`);
    await expect(notice.getByRole('button', { name: 'Copy path' }).count()).resolves.toBe(1);
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('event_type,n');
    expect(lines).toHaveLength(rows + 1);
    await page.screenshot({ path: artifact('export-done.png') });

    // The guard still holds: a loaded file is never overwritten, and the message names it.
    const source = path.join(files, 'visits.csv');
    const before = readFileSync(source, 'utf8');
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await where.getByLabel('Save to').fill(source);
    await where.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'is the source of dataset' }).count(), { timeout: 20_000 }).toBe(1);
    expect(readFileSync(source, 'utf8')).toBe(before);
    expect(existsSync(path.join(host.workspace, 'exports'))).toBe(false); // nothing went to the default folder
  });
});
