import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, launchBrowser, startHost, type RunningHost } from './support';

let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  host = await startHost();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.getByRole('button', { name: /^events/ }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const card = (text: string | RegExp) => page.locator('.card', { hasText: text });
/** Sessions in the Sankey over all customers, to compare with the same Sankey over a population. */
let allSessions = 0;

describe('journey maps', () => {
  it('starts from a template on the empty Journeys page', async () => {
    await page.keyboard.press('Control+6');
    await page.getByTestId('journeys-empty').waitFor();
    await page.screenshot({ path: artifact('journeys-empty.png') });
    await page.getByRole('button', { name: /E-commerce purchase/ }).click();
    await page.getByTestId('journey-board').waitFor();
    await expect(page.locator('.stage-head input').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value))).resolves.toEqual([
      'Discover',
      'Browse',
      'Cart',
      'Checkout',
      'Purchase',
    ]);
    await expect(card('Landing page').locator('.event').innerText()).resolves.toBe('visit');
    await expect(page.getByTestId('save-state').innerText()).resolves.toBe('Saved');
    // Paths need an event table: before the map is bound the view says so, and Escape closes it.
    await page.getByRole('button', { name: 'Paths', exact: true }).click();
    await page.getByTestId('paths-unbound').waitFor();
    await expect(page.getByRole('button', { name: 'Run' }).isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Customer paths' }).count()).resolves.toBe(0);
  });

  it('edits a card, undoes and redoes the edit, and saves it', async () => {
    await card('Arrives from an ad or a search').dblclick();
    await page.getByLabel('Card text').fill('Arrives from a newsletter');
    await page.keyboard.press('Enter');
    await card('Arrives from a newsletter').waitFor();
    await page.keyboard.press('Control+z');
    await card('Arrives from an ad or a search').waitFor();
    await page.keyboard.press('Control+Shift+Z');
    await card('Arrives from a newsletter').waitFor();
    // Arrow keys move the selection; Delete removes the selected card, and undo brings it back.
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.card.selected').innerText()).resolves.toMatch(/^Landing page/);
    await page.keyboard.press('Delete');
    await expect(card('Landing page').count()).resolves.toBe(0);
    await page.keyboard.press('Control+z');
    await card('Landing page').waitFor();
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('Saved');
    await page.screenshot({ path: artifact('journeys-edited.png') });
  });

  it('keeps the edit after a reload', async () => {
    await page.reload();
    await page.getByRole('button', { name: /^events/ }).waitFor();
    await page.getByRole('tab', { name: 'Journeys' }).click();
    await page.getByTestId('journeys-table').waitFor();
    await page.screenshot({ path: artifact('journeys-list.png') });
    await page.getByTestId('journeys-table').getByRole('button', { name: 'E-commerce purchase', exact: true }).click();
    await card('Arrives from a newsletter').waitFor();
    await expect(card('Landing page').count()).resolves.toBe(1);
    expect(errors).toEqual([]);
  });

  it('flags a bound event name the event table does not have', async () => {
    const options = await page.getByLabel('Event table').locator('option').allTextContents();
    await page.getByLabel('Event table').selectOption({ label: options.find((o) => o.startsWith('events '))! });
    await card(/^Cart/).click();
    await page.getByLabel('Bound events (comma-separated)').fill('add_to_cart, add_to_basket');
    await page.getByLabel('Bound events (comma-separated)').press('Enter');
    await expect.poll(() => card(/^Cart/).locator('.card-warning').innerText(), { timeout: 10_000 }).toBe('Unknown event: add_to_basket');
    await page.screenshot({ path: artifact('journeys-bound.png') });
  });

  it('fills the touchpoint cards with the funnel from the event table', async () => {
    await page.getByRole('button', { name: /Show numbers on cards|Refresh numbers/ }).click();
    const numbers = page.getByTestId('card-numbers');
    await expect.poll(() => numbers.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    const texts = await numbers.allInnerTexts();
    const customers = texts.map((t) => Number(/([\d,]+) customers/.exec(t)?.[1]?.replace(/,/g, '')));
    expect(customers.every((n) => Number.isInteger(n))).toBe(true);
    expect(customers[0]).toBeGreaterThan(0);
    // A funnel never gains customers from one step to the next.
    for (let i = 1; i < customers.length; i++) expect(customers[i]).toBeLessThanOrEqual(customers[i - 1]!);
    await page.screenshot({ path: artifact('journeys-numbers.png') });
    expect(errors).toEqual([]);
  });

  it('shows removal effects and the drop-off overlay, and lists the customers behind a count', async () => {
    const numbers = page.getByTestId('card-numbers');
    await expect
      .poll(() => numbers.filter({ hasText: /removal effect \d+(\.\d)?%/ }).count(), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(3);
    // The last touchpoint is the conversion itself: it has no removal effect.
    await expect(card('Order confirmation').getByTestId('card-numbers').innerText()).resolves.not.toMatch(/removal effect/);
    await page.getByRole('button', { name: 'Drop-off overlay' }).click();
    const overlay = page.getByTestId('drop-off-overlay');
    await overlay.waitFor();
    await expect(overlay.locator('.drop-off-label').allInnerTexts()).resolves.toContainEqual(
      expect.stringMatching(/^drop-off \d+(\.\d)?%$/),
    );
    await expect(page.locator('.emotion-curve .drop-off-bar').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('.overlay-legend').innerText()).resolves.toMatch(/^Emotion \(−2 … \+2\)\s+Drop-off \(right axis, 0–100%\)$/);
    await page.locator('.emotion-curve-wrap').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('journeys-numbers-overlay.png') });

    // The dropped count opens the customers behind it.
    const cart = card(/^Cart/).getByTestId('card-numbers');
    const count = (re: RegExp, text: string) => Number(re.exec(text)![1]!.replace(/,/g, ''));
    const dropped = count(/([\d,]+) dropped/, await cart.innerText());
    await cart.getByRole('button', { name: /dropped: list them/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Customers who dropped before Cart' });
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByTestId('customers-count').innerText(), { timeout: 60_000 })
      .toMatch(new RegExp(`^${dropped.toLocaleString('en-US')} customers`));
    await expect(dialog.getByRole('list', { name: 'Customer ids' }).locator('li').count()).resolves.toBe(Math.min(dropped, 1000));
    await expect(dialog.getByRole('button', { name: 'Save as segment' }).isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: artifact('journeys-customers.png') });
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);

    // The customers count lists those who reached the card, from the keyboard; its link opens the paths.
    const reached = count(/([\d,]+) customers/, await cart.innerText());
    await cart.getByRole('button', { name: /customers: list them/ }).focus();
    await page.keyboard.press('Enter');
    const at = page.getByRole('dialog', { name: 'Customers who reached Cart' });
    await expect
      .poll(() => at.getByTestId('customers-count').innerText(), { timeout: 60_000 })
      .toMatch(new RegExp(`^${reached.toLocaleString('en-US')} customers`));
    await at.getByRole('button', { name: 'Open paths (Sankey)' }).click();
    await page.getByRole('dialog', { name: 'Customer paths' }).waitFor();
    await expect(at.count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Customer paths' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps the board keys out of dialogs and other controls, and gives the focus back to what opened a dialog', async () => {
    const cards = page.locator('.card');
    const total = await cards.count();
    await card('Landing page').click();
    const selected = () => page.locator('.card.selected').innerText();
    const focusedIn = (name: string) => page.getByRole('dialog', { name }).evaluate((d) => d.contains(document.activeElement));
    // A toolbar button has the focus: Delete and the arrows are not the board's.
    await page.getByRole('button', { name: 'Panel' }).focus();
    await page.keyboard.press('Delete');
    await page.keyboard.press('ArrowRight');
    await expect(cards.count()).resolves.toBe(total);
    await expect(selected()).resolves.toMatch(/^Landing page/);
    await page.getByRole('button', { name: 'Panel' }).press('Enter'); // the button's own Enter still works
    await expect(page.getByRole('button', { name: 'Panel' }).getAttribute('aria-pressed')).resolves.toBe('false');
    await page.getByRole('button', { name: 'Panel' }).click();
    // A modal dialog takes the focus, keeps Tab inside, and no key reaches the board behind it.
    await page.getByRole('button', { name: 'Export ▾' }).click();
    await page.getByRole('menuitem', { name: 'Mermaid text…' }).click();
    await expect(focusedIn('Mermaid export')).resolves.toBe(true);
    for (const key of ['Delete', 'ArrowDown', 'Enter', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Delete'])
      await page.keyboard.press(key);
    await expect(focusedIn('Mermaid export')).resolves.toBe(true);
    await expect(cards.count()).resolves.toBe(total);
    await expect(page.getByLabel('Card text').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Mermaid export' }).count()).resolves.toBe(0);
    await expect(selected()).resolves.toMatch(/^Landing page/);
    // Escape gives the focus back to the count that opened the customers; Delete in its name field edits the name only.
    const dropped = card(/^Cart/).getByRole('button', { name: /dropped: list them/ });
    await dropped.click();
    const dialog = page.getByRole('dialog', { name: 'Customers who dropped before Cart' });
    await expect(focusedIn('Customers who dropped before Cart')).resolves.toBe(true);
    await dialog.getByLabel('Segment name').press('End');
    await dialog.getByLabel('Segment name').press('Backspace');
    await dialog.getByLabel('Segment name').press('Delete');
    await expect(dialog.getByLabel('Segment name').inputValue()).resolves.toBe('Dropped before Car');
    await expect(cards.count()).resolves.toBe(total);
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expect(dropped.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    // The same with the paths: P on the selected card, Close gives the focus back to the card.
    await card('Landing page').locator('.card-text').click();
    await page.keyboard.press('p');
    await page.getByRole('dialog', { name: 'Customer paths' }).waitFor();
    await expect(focusedIn('Customer paths')).resolves.toBe(true);
    await page.getByRole('button', { name: 'Close paths' }).click();
    await expect(card('Landing page').evaluate((c) => c === document.activeElement)).resolves.toBe(true);
    // Moving between cards with numbers shows one card's fields in the side panel, never a stale copy beside them.
    for (const name of ['Cart', 'Checkout', 'Product page', 'Cart'])
      await page.locator('.card-text').getByText(name, { exact: true }).click();
    await expect(page.getByRole('region', { name: 'Selected card' }).count()).resolves.toBe(1);
    await expect(page.getByRole('region', { name: 'Save drop-off' }).count()).resolves.toBe(1);
    // A long map name is readable in the toolbar at 1366×768.
    const title = page.getByLabel('Map name');
    await title.fill('E-commerce purchase — returning customers, EU web and app');
    await title.press('Enter');
    await expect(title.evaluate((i) => i.scrollWidth <= i.clientWidth + 1)).resolves.toBe(true);
    await page.locator('.journey-toolbar').screenshot({ path: artifact('journeys-toolbar-long-name.png') });
    await title.fill('E-commerce purchase');
    await title.press('Enter');
    await expect(title.evaluate((i) => i.scrollWidth <= i.clientWidth + 1)).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('draws the Sankey of customer paths from the event table', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('p');
    const dialog = page.getByRole('dialog', { name: 'Customer paths' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('Steps', { exact: true }).inputValue()).resolves.toBe('5');
    await expect(dialog.getByLabel('Edge limit').inputValue()).resolves.toBe('30');
    // The end event offers the event names of the bound table.
    await expect(dialog.getByLabel('End event').locator('option').allTextContents()).resolves.toContain('purchase');
    await dialog.getByRole('button', { name: 'Run' }).click();
    const nodes = dialog.locator('g.sankey .sankey-node');
    await expect.poll(() => nodes.count(), { timeout: 60_000 }).toBeGreaterThan(3);
    await expect(dialog.locator('g.sankey .sankey-link').count()).resolves.toBeGreaterThan(2);
    await expect(dialog.getByTestId('paths-summary').innerText()).resolves.toMatch(
      /^[\d,]+ sessions of all customers · \d+ edges · \d+ nodes · ran in /,
    );
    allSessions = Number(/^([\d,]+) sessions/.exec(await dialog.getByTestId('paths-summary').innerText())![1]!.replace(/,/g, ''));
    const labels = await nodes.locator('.node-label').allTextContents();
    expect(labels).toContain('visit');
    await page.screenshot({ path: artifact('journeys-paths.png') });
    // Past the edge limit the rest is summed into grey "Other" nodes.
    await dialog.getByLabel('Edge limit').fill('6');
    await dialog.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => nodes.locator('.node-label').allTextContents(), { timeout: 60_000 }).toContain('Other');
    const other = nodes.filter({ has: page.locator('.node-label', { hasText: /^Other$/ }) }).first();
    await expect(other.locator('.node-rect').evaluate((r) => getComputedStyle(r).fill)).resolves.toBe('rgb(184, 190, 199)');
    // "Other" is several events summed: picking it says why it is not saved, and how to see its events.
    await other.locator('.node-rect').click();
    await expect(dialog.getByTestId('paths-node').innerText()).resolves.toMatch(
      /^Other at step \d+ · [\d,]+ sessions: the edges past the edge limit, several events summed, so not one set of customers to save\. Raise the edge limit/,
    );
    await expect(dialog.getByRole('button', { name: /^Save customers through/ }).count()).resolves.toBe(0);
    await page.screenshot({ path: artifact('journeys-paths-other.png') });
    // Up to an end event: every path ends in the last column.
    await dialog.getByLabel('Edge limit').fill('30');
    await dialog.getByLabel('End event').selectOption('purchase');
    await dialog.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => nodes.locator('.node-label').allTextContents(), { timeout: 60_000 }).not.toContain('Other');
    await page.screenshot({ path: artifact('journeys-paths-end.png') });
    // A step count out of range is named and not run.
    await dialog.getByLabel('Steps', { exact: true }).fill('1');
    await expect(dialog.getByText('Steps must be a whole number from 2 to 20 (got "1").').count()).resolves.toBe(1);
    await expect(dialog.getByRole('button', { name: 'Refresh' }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Close paths' }).click();
    await expect(dialog.count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('exports the map as Mermaid text', async () => {
    await page.getByRole('button', { name: 'Export ▾' }).click();
    await page.getByRole('menuitem', { name: 'Mermaid text…' }).click();
    const text = await page.getByTestId('mermaid-text').inputValue();
    expect(text.split('\n').slice(0, 4)).toEqual([
      'journey',
      '  title E-commerce purchase',
      '  section Discover',
      '    Arrives from a newsletter: 4: Online shopper',
    ]);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .mmd' }).click()]);
    expect(file.suggestedFilename()).toBe('E-commerce-purchase.mmd');
    expect(readFileSync((await file.path())!, 'utf8')).toBe(text);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('exports the board as PNG', async () => {
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'PNG image' }).click()]);
    expect(file.suggestedFilename()).toBe('E-commerce-purchase.png');
    const png = readFileSync((await file.path())!);
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // width: the board at twice its size
    await file.saveAs(artifact('journeys-export.png'));
  });

  it('saves the drop-off before a touchpoint as a segment, listed on the Segments tab', async () => {
    await card(/^Cart/).click();
    const dropped = Number(/([\d,]+) dropped/.exec(await card(/^Cart/).getByTestId('card-numbers').innerText())![1]!.replace(/,/g, ''));
    await page.getByRole('button', { name: 'Save drop-off as segment…' }).click();
    await page.getByLabel('Segment name').fill('Left before cart');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.locator('.notice span').innerText(), { timeout: 30_000 })
      .toBe(`Saved segment Left before cart (${dropped.toLocaleString('en-US')} customers)`);
    await page.keyboard.press('Control+7');
    const row = page.getByTestId('segments-table').locator('tr', { hasText: 'Left before cart' });
    await expect(row.locator('td').nth(1).innerText()).resolves.toMatch(/^Dropped after .+ in E-commerce purchase \(events\)$/);
    await expect(row.locator('td').nth(2).innerText()).resolves.toBe(dropped.toLocaleString('en-US'));
    await page.screenshot({ path: artifact('segments-list.png') });
    expect(errors).toEqual([]);
  });

  it('drags a card to another stage, multi-selects and deletes, zooms, shows an image and exports a PDF', async () => {
    await page.keyboard.press('Control+6');
    // Run alone (-t), the map is opened or made from its template first.
    await page.locator('[data-testid=journey-board], [data-testid=journeys-table], [data-testid=journeys-empty]').first().waitFor();
    if (!(await page.getByTestId('journey-board').isVisible())) {
      const saved = page.getByTestId('journeys-table').getByRole('button', { name: 'E-commerce purchase', exact: true });
      if (await saved.count()) await saved.click();
      else await page.getByRole('button', { name: /E-commerce purchase/ }).click();
    }
    await page.getByTestId('journey-board').waitFor();
    const landing = card('Landing page');
    const cellOf = (c: ReturnType<typeof card>) => c.locator('xpath=..').getAttribute('data-cell');
    const from = (await cellOf(landing))!;
    const [stage, lane] = from.split('|');
    const stages = await page.locator('.stage-head input').count();
    expect(stages).toBeGreaterThan(1);
    const cells = await page.locator(`[data-cell$="|${lane}"]`).evaluateAll((xs) => xs.map((x) => x.getAttribute('data-cell')!));
    const to = cells[cells.indexOf(from) + 1]!;
    expect(to.split('|')[0]).not.toBe(stage);
    // Drag with the mouse: press on the card, move in steps onto the next stage's cell in the same lane, release.
    const a = (await landing.boundingBox())!;
    const b = (await page.locator(`[data-cell="${to}"]`).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2, { steps: 3 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height - 8, { steps: 12 });
    await expect(page.locator(`[data-cell="${to}"]`).getAttribute('class')).resolves.toContain('drop-target');
    await page.screenshot({ path: artifact('journeys-dragging.png') });
    await page.mouse.up();
    await expect.poll(() => cellOf(landing)).toBe(to);
    await page.keyboard.press('Control+z');
    await expect.poll(() => cellOf(landing)).toBe(from);

    // Stages move with the keyboard too: Space on the grip picks the stage up, an arrow moves it, Space drops.
    const stageNames = () => page.locator('.stage-head input').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
    const names = await stageNames();
    await page.getByLabel(`Move stage ${names[0]}`).focus();
    await page.keyboard.press('Space');
    await page.locator('.drag-ghost').waitFor();
    // dnd-kit listens for the arrows from a zero-delay timer after the pick-up; a later timer runs after it.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.stage-head.drop-target input').inputValue()).toBe(names[1]);
    await page.keyboard.press('Space');
    await expect.poll(stageNames).toEqual([names[1], names[0], ...names.slice(2)]);
    await page.keyboard.press('Control+z');
    await expect.poll(stageNames).toEqual(names);

    // Ctrl+click adds a second card; the panel offers the bulk actions; Delete removes both as one undo step.
    const before = await page.locator('.card').count();
    await card(/^Cart/).click();
    await landing.click({ modifiers: ['Control'] });
    await expect(page.locator('.card.selected').count()).resolves.toBe(2);
    await expect(page.getByTestId('selection-panel').locator('h4').innerText()).resolves.toBe('2 cards selected');
    await page.screenshot({ path: artifact('journeys-multiselect.png') });
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.card').count()).toBe(before - 2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.card').count()).toBe(before);
    await landing.waitFor();
    await page.keyboard.press('Escape');
    await expect(page.locator('.card.selected').count()).resolves.toBe(0);

    // Zoom: keys and buttons, 50 % to 200 %.
    const level = page.getByTestId('zoom-level');
    await page.keyboard.press('Control+Minus');
    await expect(level.innerText()).resolves.toBe('90%');
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    await expect(level.innerText()).resolves.toBe('110%');
    for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Zoom out' }).click({ force: true });
    await expect(level.innerText()).resolves.toBe('50%');
    await expect(page.getByRole('button', { name: 'Zoom out' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('journey-board').evaluate((b) => getComputedStyle(b).zoom)).resolves.toBe('0.5');
    await page.screenshot({ path: artifact('journeys-zoomed-out.png') });
    // Zoomed out, a card still selects with a click.
    await card(/^Cart/).click();
    await expect(page.locator('.card.selected').innerText()).resolves.toMatch(/^Cart/);
    await page.keyboard.press('Control+0');
    await expect(level.innerText()).resolves.toBe('100%');

    // An image on a card: a screenshot (1366 px wide) is downscaled to at most 640 px and shown on the card.
    await page.getByLabel('Card image').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: await page.screenshot() });
    const img = card(/^Cart/).locator('img.card-image');
    await img.waitFor();
    const size = await img.evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]);
    expect(size[0]).toBe(640);
    expect(size[1]).toBe(360);
    await card(/^Cart/).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('journeys-card-image.png') });

    await page.getByRole('button', { name: 'Export ▾' }).click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'PDF document' }).click()]);
    expect(file.suggestedFilename()).toBe('E-commerce-purchase.pdf');
    const pdf = readFileSync((await file.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toBe('%%EOF\n');
    expect(pdf.length).toBeGreaterThan(20_000);
    await file.saveAs(artifact('journeys-export.pdf'));
    await expect.poll(() => page.getByTestId('save-state').innerText(), { timeout: 10_000 }).toBe('Saved');
  });

  it('counts the map over a population: an event property, then the saved segment', async () => {
    await page.keyboard.press('Control+6');
    await page.getByTestId('journey-board').waitFor();
    const line = page.getByTestId('population-line');
    const numbers = page.getByTestId('card-numbers');
    const customersOf = async () =>
      (await numbers.allInnerTexts()).map((t) => Number(/([\d,]+) customers/.exec(t)?.[1]?.replace(/,/g, '')));
    await page.getByRole('button', { name: /Show numbers on cards|Refresh numbers/ }).click();
    await expect.poll(() => line.innerText(), { timeout: 60_000 }).toMatch(/^Population: All customers · [\d,]+ customers$/);
    const all = await customersOf();
    // Customers with at least one mobile event: fewer at every touchpoint, the cards updated in place.
    await page.getByRole('button', { name: 'Change population' }).click();
    await page.getByLabel('Population kind', { exact: true }).selectOption('filter');
    await page.getByLabel('Property', { exact: true }).selectOption('device');
    await page.getByLabel('Value', { exact: true }).fill('mobile');
    await page.screenshot({ path: artifact('journeys-population-picker.png') });
    await page.getByRole('button', { name: 'Apply population' }).click();
    await expect(numbers.count()).resolves.toBe(all.length); // the old numbers stay while the new ones are counted
    await expect
      .poll(() => line.innerText(), { timeout: 60_000 })
      .toMatch(/^Population: customers with device = mobile · [\d,]+ customers$/);
    const mobile = await customersOf();
    expect(mobile).toHaveLength(all.length);
    expect(mobile[0]).toBeGreaterThan(0);
    mobile.forEach((n, i) => expect(n).toBeLessThan(all[i]!));
    await page.screenshot({ path: artifact('journeys-population.png') });
    // A drop-off saved now keeps the population: the segment is the mobile customers who left before Cart.
    const mobileDropped = Number(
      /([\d,]+) dropped/.exec(await card(/^Cart/).getByTestId('card-numbers').innerText())![1]!.replace(/,/g, ''),
    );
    await card(/^Cart/)
      .getByRole('button', { name: /dropped: list them/ })
      .click();
    const customers = page.getByRole('dialog', { name: 'Customers who dropped before Cart' });
    await expect
      .poll(() => customers.getByTestId('customers-count').innerText(), { timeout: 60_000 })
      .toMatch(new RegExp(`^${mobileDropped.toLocaleString('en-US')} customers`));
    await customers.getByLabel('Segment name').fill('Mobile left before cart');
    await customers.getByRole('button', { name: 'Save as segment' }).click();
    await expect
      .poll(() => page.locator('.notice span').innerText(), { timeout: 30_000 })
      .toBe(`Saved segment Mobile left before cart (${mobileDropped.toLocaleString('en-US')} customers)`);
    await expect(customers.count()).resolves.toBe(0);
    // The segment of those who left before Cart: all of them at the earlier touchpoints, none at Cart.
    await page.getByRole('button', { name: 'Change population' }).click();
    await page.getByLabel('Population kind', { exact: true }).selectOption('segment');
    const segment = page.getByLabel('Segment', { exact: true });
    const options = await segment.locator('option').allTextContents();
    await segment.selectOption({ label: options.find((o) => o.startsWith('Left before cart'))! });
    await page.getByRole('button', { name: 'Apply population' }).click();
    await expect.poll(() => line.innerText(), { timeout: 60_000 }).toMatch(/^Population: segment 'Left before cart' · [\d,]+ customers$/);
    const size = Number(/· ([\d,]+) customers/.exec(await line.innerText())![1]!.replace(/,/g, ''));
    await expect(card(/^Cart/).getByTestId('card-numbers').innerText()).resolves.toMatch(/^0 customers/);
    expect((await customersOf())[0]).toBe(size);
    expect(errors).toEqual([]);
  });

  it('saves the customers through a Sankey node as a segment, listed on the Segments tab', async () => {
    await page.keyboard.press('Control+6');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('p');
    const dialog = page.getByRole('dialog', { name: 'Customer paths' });
    await dialog.getByRole('button', { name: 'Run' }).click();
    const nodes = dialog.locator('g.sankey .sankey-node');
    await expect.poll(() => nodes.count(), { timeout: 60_000 }).toBeGreaterThan(3);
    // product_view in the second column: the node whose label is product_view and that sits furthest left.
    const views = nodes.filter({ has: page.locator('.node-label', { hasText: /^product_view$/ }) });
    const xs = await views.locator('.node-rect').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().x));
    await views
      .nth(xs.indexOf(Math.min(...xs)))
      .locator('.node-rect')
      .click();
    // The Sankey is drawn over the map's population (the segment chosen above): fewer sessions than over everyone.
    const summary = await dialog.getByTestId('paths-summary').innerText();
    expect(summary).toMatch(/^[\d,]+ sessions of segment 'Left before cart' · /);
    expect(Number(/^([\d,]+)/.exec(summary)![1]!.replace(/,/g, ''))).toBeLessThan(allSessions);
    const picked = dialog.getByTestId('paths-node');
    await expect(picked.innerText()).resolves.toMatch(/^product_view at step 2 · [\d,]+ sessions/);
    await page.screenshot({ path: artifact('journeys-paths-picked.png') });
    const saveNode = dialog.getByRole('button', { name: 'Save customers through product_view at step 2 as a segment' });
    // Escape in the name field closes the name form only, not the paths dialog.
    await saveNode.click();
    await dialog.getByLabel('Segment name').press('Escape');
    await expect.poll(() => dialog.getByLabel('Segment name').count()).toBe(0);
    await expect(dialog.count()).resolves.toBe(1);
    await saveNode.click();
    await expect(dialog.getByLabel('Segment name').inputValue()).resolves.toBe('Through product_view at step 2');
    await page.screenshot({ path: artifact('journeys-paths-node.png') });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.locator('.notice span').innerText(), { timeout: 30_000 })
      .toMatch(/^Saved segment Through product_view at step 2 \([\d,]+ customers\)$/);
    const saved = Number(/\(([\d,]+) customers\)/.exec(await page.locator('.notice span').innerText())![1]!.replace(/,/g, ''));
    expect(saved).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Close paths' }).click();
    await page.keyboard.press('Control+7');
    const row = page.getByTestId('segments-table').locator('tr', { hasText: 'Through product_view at step 2' });
    await expect(row.locator('td').nth(1).innerText()).resolves.toBe(
      "Through product_view at step 2 of the paths in E-commerce purchase (events) among segment 'Left before cart'",
    );
    await expect(
      page.getByTestId('segments-table').locator('tr', { hasText: 'Mobile left before cart' }).locator('td').nth(1).innerText(),
    ).resolves.toMatch(/^Dropped after .+ in E-commerce purchase \(events\) among customers with device = mobile$/);
    await expect(row.locator('td').nth(2).innerText()).resolves.toBe(saved.toLocaleString('en-US'));
    await page.screenshot({ path: artifact('segments-list-node.png') });
    expect(errors).toEqual([]);
  });

  it('shows what converters did differently, as odds ratios with intervals', async () => {
    await page.keyboard.press('Control+6');
    await page.getByRole('dialog', { name: 'Customer paths' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Compare converters…' }).click();
    const dialog = page.getByRole('dialog', { name: 'What converters did differently' });
    // Counted over the map's population (the segment chosen above), as the cards are: those who left before the
    // cart never bought, so there is no one to compare with, and the dialog says so.
    await expect(dialog.getByTestId('differences-population').innerText()).resolves.toMatch(/^Over segment 'Left before cart' /);
    await dialog.getByLabel('Conversion').selectOption('purchase');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => dialog.getByTestId('differences-one-sided').count(), { timeout: 60_000 }).toBe(1);
    await expect(dialog.getByTestId('differences-one-sided').innerText()).resolves.toMatch(
      /^No customer of segment 'Left before cart' converted \(purchase\), so there is no one to compare with/,
    );
    await page.screenshot({ path: artifact('journeys-differences-none.png') });
    await page.keyboard.press('Escape');
    // Over all customers.
    await page.getByRole('button', { name: 'Change population' }).click();
    await page.getByLabel('Population kind', { exact: true }).focus();
    await page.keyboard.press('Escape'); // closes the form, the focus back on Change ▾
    await expect(page.getByRole('dialog', { name: 'Population' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Change population' }).evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    await page.getByRole('button', { name: 'Change population' }).click();
    await page.getByLabel('Population kind', { exact: true }).selectOption('all');
    await page.getByRole('button', { name: 'Apply population' }).click();
    await page.getByRole('button', { name: 'Compare converters…' }).click();
    await expect(dialog.getByTestId('differences-population').innerText()).resolves.toMatch(/^Over all customers /);
    // The conversion defaults to the map's last bound touchpoint.
    await expect(dialog.getByLabel('Conversion').locator('option:checked').innerText()).resolves.toMatch(/^Last touchpoint: /);
    await dialog.getByLabel('Conversion').selectOption('purchase');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => dialog.getByTestId('differences-summary').count(), { timeout: 60_000 }).toBe(1);
    await expect(dialog.getByTestId('differences-summary').innerText()).resolves.toMatch(
      /^[\d,]+ of [\d,]+ customers converted \(purchase\) · \d+ events with at least 30 customers compared/,
    );
    const rows = dialog.locator('.differences-table tbody tr');
    await expect(rows.count()).resolves.toBeGreaterThan(0);
    await expect(rows.first().locator('td').nth(4).innerText()).resolves.toMatch(/^[\d.]+–[\d.]+$/);
    await page.screenshot({ path: artifact('journeys-differences.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5_000 });
    expect(errors).toEqual([]);
  });
});
