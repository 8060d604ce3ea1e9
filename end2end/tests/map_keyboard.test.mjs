// The map by keyboard and pointer: a focus ring where a plot is too small to see, a tooltip on
// hover and focus, Enter that zooms to the plot and moves to its panel, Tab that goes on from the
// panel to the next plot, closing that gives the focus back, arrows and +/− on the map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openHydrated, expectNoAxeViolations } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const plots = 'svg.map-canvas .layer-plots a.plot';
const viewBox = async (page) => (await page.locator('svg.map-canvas').getAttribute('viewBox')).split(' ').map(Number);
const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName.toLowerCase(), id: el?.id, plot: el?.getAttribute('data-plot-id'), text: el?.textContent.trim(), label: el?.getAttribute('aria-label') };
});

/** Tabs until a plot has the focus; returns its id. */
async function tabToAPlot(page) {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const now = await active(page);
    if (now.plot) return now.plot;
  }
  throw new Error('no plot reachable with Tab');
}

test('at the overview a focused plot too small to see gets a ring, and a tooltip says what it is', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context);
  const id = await tabToAPlot(page);
  const plot = await page.locator(`${plots}[data-plot-id="${id}"]`).boundingBox();
  assert.ok(plot.width < 24 && plot.height < 24, `the plot is a speck at the overview: ${plot.width}×${plot.height}`);
  const ring = page.locator(`.focus-marker[data-plot-id="${id}"]`);
  const box = await ring.boundingBox();
  assert.ok(box && box.width >= 24 && box.height >= 24, `a ring of ${box?.width} px shows the focus`);
  // The ring is around the plot.
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  assert.ok(Math.abs(cx - (plot.x + plot.width / 2)) < 16 && Math.abs(cy - (plot.y + plot.height / 2)) < 16);
  const tooltip = page.locator(`.plot-tooltip[data-plot-id="${id}"]`);
  const label = await page.locator(`${plots}[data-plot-id="${id}"]`).getAttribute('aria-label');
  assert.match(await tooltip.innerText(), new RegExp(`^${label.split(',')[0]}\\n.+ · [\\d\\u202f]+ m² · (.+ kr/m²|pris på förfrågan)$`));
  assert.equal(await page.locator(`${plots}[data-plot-id="${id}"]`).getAttribute('aria-describedby'), 'plot-tooltip');
  // The next plot takes the ring and the tooltip over.
  await page.keyboard.press('Tab');
  const next = (await active(page)).plot;
  assert.ok(next && next !== id);
  assert.equal(await page.locator('.focus-marker').count(), 1);
  assert.equal(await page.locator('.focus-marker').getAttribute('data-plot-id'), next);
  await expectNoAxeViolations(page, 'the map with a plot focused');
  await context.close();
});

test('hovering a plot shows its designation, status, area and price beside it', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context);
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).click();
  const plot = page.locator(`${plots}[aria-label^="Görla 9:12,"]`);
  const box = await plot.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tooltip = page.locator('.plot-tooltip');
  await tooltip.waitFor();
  const text = await tooltip.innerText();
  assert.match(text, /^Görla 9:12\n/);
  assert.match(text, /(tillgänglig|reserverad|under förhandling|såld|ej till salu) · [\d\u202f]+ m² · (\d[\d\u202f]* kr\/m²|pris på förfrågan)/);
  const tip = await tooltip.boundingBox();
  assert.ok(tip.y + tip.height <= box.y + box.height / 2 + 2, 'above the plot\'s middle');
  assert.ok(tip.x < box.x + box.width && tip.x + tip.width > box.x, 'over the plot');
  await page.mouse.move(5, 5);
  await tooltip.waitFor({ state: 'detached' });
  await context.close();
});

test('Enter zooms to the plot and moves to its panel: one Tab to "Anmäl intresse", on to the next plot, back on close', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context);
  const before = await viewBox(page);
  const id = await tabToAPlot(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'plot-panel-heading');
  const designation = (await active(page)).text;
  const label = await page.locator(`${plots}[data-plot-id="${id}"]`).getAttribute('aria-label');
  assert.equal(designation, label.split(',')[0], 'the heading of the plot opened');
  const zoomed = await viewBox(page);
  assert.ok(zoomed[2] < before[2] / 10, `zoomed to the plot: ${before[2]} -> ${zoomed[2]} m wide`);
  const box = await page.locator(`${plots}[data-plot-id="${id}"]`).boundingBox();
  assert.ok(box.width > 20 && box.height > 20, `the plot is drawn ${box.width}×${box.height} px`);
  // From the plot to its interest form: Enter, Tab.
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).text, 'Anmäl intresse');
  // Tab past the panel's last link goes on to the plot after the selected one.
  const order = await page.locator(plots).evaluateAll((els) => els.filter((a) => a.getClientRects().length > 0).map((a) => a.getAttribute('data-plot-id')));
  const after = order[order.indexOf(id) + 1];
  let reached = null;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await active(page)).plot;
  }
  assert.equal(reached, after, 'the next plot on the map');
  // Open that one, go to "Stäng" and close: the focus is back on the plot.
  await page.keyboard.press('Enter');
  await page.waitForFunction((after) => document.activeElement?.id === 'plot-panel-heading'
    && document.activeElement.getAttribute('data-plot-id') === after, after);
  // Shift+Tab from the heading goes back to the plot; Tab returns to the heading's panel.
  await page.keyboard.press('Shift+Tab');
  assert.equal((await active(page)).plot, after);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'plot-panel-heading');
  await page.locator('.plot-panel-close').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.search.includes('tomt='));
  assert.equal((await active(page)).plot, after, 'closing gives the focus back to the plot');
  assert.match(page.url(), /vy=/, 'and keeps the view');
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('a link from the panel to another of the app\'s pages starts the focus at its heading; the fact sheet is the server\'s', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context);
  await tabToAPlot(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'plot-panel-heading');
  const designation = (await active(page)).text;
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('.plot-panel').getByRole('link', { name: 'Anmäl intresse' }).click();
  await page.waitForURL(/\/intresse\?tomt=\d+$/);
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal((await active(page)).text, 'Intresseanmälan');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'a client-side navigation');

  // The fact sheet is rendered by the server only: its link is a page load, which starts at
  // the top of the new page as every page load does, and the page has no WASM.
  await page.goBack();
  await page.locator('.plot-panel').getByRole('link', { name: 'Öppna faktabladet' }).click();
  await page.waitForURL(/\/tomt\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), designation);
  assert.equal(await page.evaluate(() => window.__sameDocument), undefined, 'a page load');
  assert.equal(await page.evaluate(() => [...document.scripts].some((s) => s.textContent.includes('/pkg/'))), false, 'no WASM');
  // Its print button prints without the WASM (the page's one small script).
  await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
  await page.getByRole('button', { name: 'Skriv ut' }).click();
  assert.equal(await page.evaluate(() => window.__printed), true, 'the print button opens printing');
  await context.close();
});

test('with the focus on the map the arrow keys pan and + and − zoom', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context);
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).click();
  await page.locator('svg.map-canvas').focus();
  const start = await viewBox(page);
  await page.keyboard.press('ArrowRight');
  let now = await viewBox(page);
  assert.ok(Math.abs(now[0] - (start[0] + start[2] / 4)) <= 1 && now[1] === start[1], `right: ${start} -> ${now}`);
  await page.keyboard.press('ArrowDown');
  now = await viewBox(page);
  assert.ok(Math.abs(now[1] - (start[1] + start[3] / 4)) <= 1, `down: ${now}`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  now = await viewBox(page);
  assert.ok(Math.abs(now[0] - start[0]) <= 1 && Math.abs(now[1] - start[1]) <= 1, 'back where it was');
  const scroll = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('+');
  now = await viewBox(page);
  assert.ok(Math.abs(now[2] - start[2] / 2) <= 1, `+ zooms in: ${now[2]}`);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  now = await viewBox(page);
  assert.ok(Math.abs(now[2] - start[2] * 2) <= 2, `− zooms out: ${now[2]}`);
  assert.equal(await page.evaluate(() => window.scrollY), scroll, 'the keys move the map, not the page');
  await page.waitForURL(/vy=/);
  await context.close();
});
