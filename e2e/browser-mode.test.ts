import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, launchBrowser, startHost, type RunningHost } from './support';

let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startHost();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

/** Cell texts of one column in visual row order (AG Grid positions rows absolutely, so DOM order differs). */
const cellTexts = (p: Page, col: string, scope = '[data-testid="data-grid"]') =>
  p.evaluate(
    ([scopeSel, colId]) => {
      const rows = [...document.querySelectorAll(`${scopeSel} .ag-row[row-index]`)];
      return rows
        .map((r) => ({
          i: Number(r.getAttribute('row-index')),
          t: (r.querySelector(`.ag-cell[col-id="${colId}"]`) as HTMLElement | null)?.innerText ?? '',
        }))
        .filter((x) => x.t !== '')
        .sort((a, b) => a.i - b.i)
        .map((x) => x.t);
    },
    [scope, col] as const,
  );

describe('browser mode', () => {
  it('opens on the sample data and removes the token from the address bar', async () => {
    await page.getByRole('button', { name: /^events/ }).waitFor();
    expect(page.url()).not.toContain('token=');
    await expect(page.getByRole('navigation', { name: 'Datasets' }).getByText('customers', { exact: true }).count()).resolves.toBe(1);
  });

  it('shows the sample Parquet in the grid and sorts a column in DuckDB', async () => {
    await page.getByRole('button', { name: /^events/ }).click();
    await page.locator('[data-testid="data-grid"] .ag-row .ag-cell[col-id="event_id"]').first().waitFor();
    // The first block may be re-rendered once after its first cell shows; read the rows when they have settled.
    let ids: string[] = [];
    await expect.poll(async () => (ids = await cellTexts(page, 'event_id')).length, { timeout: 15_000 }).toBeGreaterThan(10);
    expect(ids.length).toBeGreaterThan(10);
    expect(ids[0]).toMatch(/^E\d{9}$/);

    // Sort by event time, newest first: click the header twice.
    const header = page.locator('.ag-header-cell[col-id="event_ts"] .ag-header-cell-label');
    await header.click();
    await header.click();
    // Wait for the re-fetched block: the first rows must come back newest first, ending at the sample's last day.
    const firstTimes = async () => (await cellTexts(page, 'event_ts')).slice(0, 10);
    await expect
      .poll(
        async () => {
          const t = await firstTimes();
          return t.length === 10 && t[0]!.startsWith('2026-10-31') && t.every((v, i) => i === 0 || t[i - 1]! >= v);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await expect(page.getByTestId('grid-status').innerText()).resolves.toMatch(/242,458 rows · sorted by event_ts desc/);
    await page.screenshot({ path: artifact('grid-sorted.png') });
  });

  it('shows "no rows match" when a grid filter matches nothing', async () => {
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('button', { name: /^events/ }).click();
    await page.locator('[data-testid="data-grid"] .ag-row .ag-cell[col-id="event_id"]').first().waitFor();
    await page.locator('.ag-header-cell[col-id="event_type"] .ag-header-cell-filter-button').click();
    const filter = page.locator('.ag-filter');
    await filter.getByLabel('Filter Value').fill('no such event');
    await filter.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.ag-overlay').getByText('No rows match the filters').waitFor();
    await expect(page.getByTestId('grid-status').innerText()).resolves.toMatch(/^0 rows matching filters \(of 242,458\)/);
    await expect(page.getByText(/Cannot read properties/).count()).resolves.toBe(0);
    await page.screenshot({ path: artifact('grid-no-match.png') });
    await filter.getByRole('button', { name: 'Reset' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await cellTexts(page, 'event_id')).length, { timeout: 15_000 }).toBeGreaterThan(10);
  });

  it('profiles the columns', async () => {
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByTestId('profiles').waitFor();
    await expect(page.locator('.profile-card').count()).resolves.toBeGreaterThanOrEqual(10);
    await page.locator('.profile-card .histogram').first().waitFor();
  });

  it('runs a group-by in the SQL editor, charts it and saves a screenshot', async () => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    const editor = page.getByLabel('SQL');
    await editor.fill('SELECT event_type, count(*) AS events\nFROM events\nGROUP BY event_type\nORDER BY events DESC');
    await editor.press('Control+Enter');
    await page.getByTestId('result-summary').waitFor();
    await expect(page.getByTestId('result-summary').innerText()).resolves.toMatch(/^6 rows/);
    const types = await cellTexts(page, 'event_type', '[data-testid="result-grid"]');
    expect(new Set(types)).toEqual(new Set(['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase', 'support_contact']));

    await page.getByRole('button', { name: 'Chart' }).click();
    await page.locator('[data-testid="chart"] .main-svg').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid="chart"] .bars path').count()).resolves.toBe(6);
    const shot = artifact('sql-chart.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
  });

  it('points at the failing line of a bad query', async () => {
    await page.getByLabel('SQL').fill('SELECT *\nFROM events\nWHERE nope = 1');
    await page.getByLabel('SQL').press('Control+Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toMatch(/Line 3[\s\S]*nope/);
    await page.screenshot({ path: artifact('sql-error.png') });
  });

  /** The traces and layout Plotly drew in the chart (Plotly keeps them on its element). */
  const drawnChart = () =>
    page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart"]') as
        | (HTMLElement & {
            data?: { type: string; name: string; x: unknown[]; y: number[]; visible?: unknown }[];
            _fullLayout?: { barmode: string };
          })
        | null;
      return { barmode: el?._fullLayout?.barmode ?? null, traces: el?.data ?? [] };
    });
  const runSql = async (sql: string) => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    const editor = page.getByLabel('SQL', { exact: true });
    await editor.fill(sql);
    await editor.press('Control+Enter');
    // A quick query may finish before "Running…" can be seen; a slow one must end before the checks.
    await page
      .getByRole('button', { name: 'Running…' })
      .waitFor({ timeout: 2_000 })
      .catch(() => undefined);
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByTestId('result-summary').waitFor();
  };

  it('charts a categorical histogram by colour as stacked bars with real counts, and sorts lines by x', async () => {
    await page.getByRole('tab', { name: 'SQL' }).click();
    await runSql('SELECT event_type, device FROM events LIMIT 10000');
    await page.getByRole('button', { name: 'Chart', exact: true }).click();
    await page.getByRole('button', { name: 'histogram' }).click();
    await page.getByLabel('X', { exact: true }).selectOption('event_type');
    await page.getByLabel('Color', { exact: true }).selectOption('device');
    await expect.poll(async () => (await drawnChart()).traces.length, { timeout: 60_000 }).toBe(3);
    const hist = await drawnChart();
    expect(hist.barmode).toBe('stack');
    expect(hist.traces.every((t) => t.type === 'bar' && t.visible === undefined && t.x.length === 6)).toBe(true);
    expect(hist.traces.reduce((sum, t) => sum + t.y.reduce((a, b) => a + b, 0), 0)).toBe(10000);
    expect(Math.max(...hist.traces.flatMap((t) => t.y))).toBeGreaterThan(1);
    await page.screenshot({ path: artifact('sql-histogram-by-colour.png') });

    await runSql("SELECT date_trunc('week', event_ts) AS week, event_type, count(*) AS events FROM events GROUP BY ALL");
    await page.getByRole('button', { name: 'line' }).click();
    await page.getByLabel('X', { exact: true }).selectOption('week');
    await page.getByLabel('Color', { exact: true }).selectOption('event_type');
    await expect.poll(async () => (await drawnChart()).traces.length, { timeout: 60_000 }).toBe(6);
    for (const t of (await drawnChart()).traces) {
      const xs = t.x.map(String);
      expect(xs).toEqual([...xs].sort());
    }
    await page.screenshot({ path: artifact('sql-lines-by-colour.png') });
  });

  it('formats result cells (NULL, separators, years), copies a shift-click range as TSV and inspects a cell', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
    await runSql(
      `SELECT * FROM (VALUES
        ('a', NULL, '', 1234567, 1950, '{"path": "/data/warehouse/exports/2026/10/31/orders_with_a_long_name.parquet", "k": [1, 2]}'),
        ('b', 'x', 'y', 2, 2006, '{}')) t(s, n, e, big, birth_year, j) ORDER BY s`,
    );
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    const grid = '[data-testid="result-grid"]';
    await page.locator(`${grid} .ag-cell[col-id="big"]`).first().waitFor();
    await expect.poll(() => cellTexts(page, 'big', grid), { timeout: 15_000 }).toEqual(['1,234,567', '2']);
    await expect.poll(() => cellTexts(page, 'birth_year', grid)).toEqual(['1950', '2006']);
    const nullCell = page.locator(`${grid} .ag-row[row-index="0"] .ag-cell[col-id="n"]`);
    await expect(nullCell.innerText()).resolves.toBe('NULL');
    await expect(nullCell.getAttribute('class')).resolves.toMatch(/cell-null/);
    const emptyCell = page.locator(`${grid} .ag-row[row-index="0"] .ag-cell[col-id="e"]`);
    await expect(emptyCell.innerText()).resolves.toBe('');
    await expect(emptyCell.getAttribute('class')).resolves.toMatch(/cell-empty/);
    // Columns are sized to their content: the JSON column is wider than the one-letter one.
    const width = (col: string) =>
      page.locator(`${grid} .ag-header-cell[col-id="${col}"]`).evaluate((e) => e.getBoundingClientRect().width);
    expect(await width('j')).toBeGreaterThan((await width('s')) + 100);

    await page.locator(`${grid} .ag-row[row-index="0"] .ag-cell[col-id="s"]`).click();
    await page.locator(`${grid} .ag-row[row-index="1"] .ag-cell[col-id="big"]`).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-status').innerText()).toMatch(/^2 × 4 cells selected/);
    await expect.poll(() => page.locator(`${grid} .cell-in-range`).count()).toBe(8);
    await page.keyboard.press('Control+c');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('a\t\t\t1234567\nb\tx\ty\t2');

    await page.locator(`${grid} .ag-row[row-index="0"] .ag-cell[col-id="j"]`).click();
    // A plain click starts over: the previous range is no longer marked.
    await expect.poll(() => page.locator(`${grid} .cell-in-range`).count()).toBe(0);
    await page.keyboard.press('Enter');
    const inspector = page.getByTestId('cell-inspector');
    await inspector.waitFor();
    await expect(inspector.locator('pre').innerText()).resolves.toContain(
      '"path": "/data/warehouse/exports/2026/10/31/orders_with_a_long_name.parquet"',
    );
    await page.screenshot({ path: artifact('sql-grid-inspector.png') });
    await inspector.getByRole('button', { name: 'Close the inspector' }).click();
  });

  it('dims the previous result under "Running…" while a query runs', async () => {
    const editor = page.getByLabel('SQL', { exact: true });
    await editor.fill('SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b');
    await editor.press('Control+Enter');
    await page.getByTestId('result-stale').waitFor();
    await expect(page.getByTestId('result').getAttribute('class')).resolves.toMatch(/stale/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('result-stale').count(), { timeout: 30_000 }).toBe(0);
  });

  it('keeps the grid sort, the dataset, the SQL text and the last query across tabs and a reload', async () => {
    await page
      .getByRole('navigation', { name: 'Datasets' })
      .getByRole('button', { name: /^events/ })
      .click();
    await page.getByRole('tab', { name: 'Data' }).click();
    // The sort set in the first grid test is still there after visiting the SQL tab.
    await expect.poll(() => page.getByTestId('grid-status').innerText(), { timeout: 30_000 }).toMatch(/sorted by event_ts desc/);
    await page.getByRole('tab', { name: 'SQL' }).click();
    await runSql('SELECT 41 + 1 AS answer');
    await page.reload();
    await page.getByRole('tab', { name: 'Data' }).click();
    await expect.poll(() => page.getByTestId('grid-status').innerText(), { timeout: 30_000 }).toMatch(/sorted by event_ts desc/);
    await expect(page.getByRole('navigation', { name: 'Datasets' }).locator('li.selected').innerText()).resolves.toMatch(/^events/);
    await page.getByRole('tab', { name: 'SQL' }).click();
    await expect(page.getByLabel('SQL', { exact: true }).inputValue()).resolves.toBe('SELECT 41 + 1 AS answer');
    await page.getByTestId('rerun-last').getByRole('button', { name: 'Re-run the last query' }).click();
    await page.getByTestId('result-summary').waitFor();
    await expect(page.getByTestId('result-summary').innerText()).resolves.toMatch(/^1 rows/);
  });

  it('refuses an id column as the variant, under the Variant field', async () => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    await page.getByTestId('verdict').waitFor();
    await page.getByLabel('Variant').selectOption('customer_id');
    const field = page.locator('.field.has-error');
    await field.locator('.field-error').waitFor();
    await expect(field.locator('.field-label').innerText()).resolves.toBe('Variant');
    await expect(field.locator('.field-error').innerText()).resolves.toMatch(
      /^customer_id: about [\d,]+ distinct values; a variant column holds/,
    );
    await page.screenshot({ path: artifact('experiments-bad-variant.png') });
    await page.getByLabel('Variant').selectOption('variant');
    await page.getByTestId('verdict').waitFor();
  });

  it('experiment calculators update as the analyst types and name a wrong field beside it', async () => {
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const verdict = page.getByTestId('verdict');
    // From data: the sample's A/B test, computed by DuckDB from the loaded assignments table.
    await expect(verdict.innerText()).resolves.toMatch(/^Treatment converts better than control: 12\.50% vs 11\.15%/);
    await page.getByLabel('Breakdown').selectOption('device');
    await expect.poll(() => page.locator('table.segments tbody tr').count(), { timeout: 15_000 }).toBe(3);
    await page.screenshot({ path: artifact('experiments-from-data.png') });
    // Save with notes, then export a Markdown report into the workspace.
    page.once('dialog', (d) => void d.accept('Checkout redesign by device'));
    await page.getByLabel('Notes').fill('Decision: ship on Monday.');
    await page.getByRole('button', { name: 'Save…' }).click();
    await expect
      .poll(() => page.getByLabel('Saved experiments').locator('option:checked').innerText(), { timeout: 10_000 })
      .toMatch(/^Checkout redesign by device/);
    await page.getByRole('button', { name: 'Markdown' }).click();
    // Browser mode asks where, proposing the workspace's exports/ folder.
    const where = page.getByRole('dialog', { name: 'Export the report as Markdown' });
    await expect(where.getByLabel('Save to').inputValue()).resolves.toBe(
      path.join(host.workspace, 'exports', 'Checkout_redesign_by_device.md'),
    );
    await where.getByRole('button', { name: 'Save' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Report written to' });
    await notice.waitFor();
    const report = /Report written to (.+\.md)/.exec(await notice.innerText())![1]!;
    expect(readFileSync(report, 'utf8')).toMatch(
      /^# Checkout redesign by device[\s\S]*## The verdict[\s\S]*Data: experiment_assignments \([\s\S]*Decision: ship on Monday\./,
    );
    await page.getByRole('tab', { name: 'Conversion' }).click();
    await expect(verdict.innerText()).resolves.toMatch(/^Treatment converts better than control: 11\.00% vs 10\.00%/);
    const conversions = page.getByRole('group', { name: 'Treatment' }).getByLabel('Conversions');
    await conversions.fill('10500');
    await expect(page.getByRole('group', { name: 'Treatment' }).getByRole('alert').innerText()).resolves.toBe(
      'cannot exceed users (10500 > 10000).',
    );
    await conversions.fill('1010');
    await expect(verdict.innerText()).resolves.toMatch(/^No clear difference/);
    await page.getByRole('tab', { name: 'Sample size' }).click();
    await expect(verdict.innerText()).resolves.toMatch(/^You need 6,510 users in control/);
    await page.getByTestId('power-curve').locator('.main-svg').first().waitFor();
    await page.screenshot({ path: artifact('experiments-power.png') });
  });

  it('the Open dialog follows a typed path in its folder list and shows a detected decimal comma', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-files-'));
    const euro = path.join(dir, 'euro.csv');
    writeFileSync(euro, 'id;price\n1;1.234,56\n2;7,5\n');
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Open data' });
    await dialog.waitFor();
    const crumb = dialog.locator('.crumb');
    await dialog.getByLabel('Path').fill(euro);
    await expect.poll(() => crumb.innerText(), { timeout: 10_000 }).toContain(dir);
    await expect(dialog.getByRole('button', { name: /euro\.csv/ }).count()).resolves.toBe(1);
    await dialog.getByLabel('Path').press('Enter');
    const comma = dialog.getByLabel('Decimal comma');
    await comma.waitFor();
    expect(await comma.isChecked()).toBe(true);
    await expect(dialog.locator('.csv-options').innerText()).resolves.toMatch(/decimal comma\s+\(detected\)/);
    await expect(dialog.locator('.preview-table tbody td').nth(1).innerText()).resolves.toBe('1234.56');
    await page.screenshot({ path: artifact('open-detected-decimal-comma.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    rmSync(dir, { recursive: true, force: true });
  });
});
