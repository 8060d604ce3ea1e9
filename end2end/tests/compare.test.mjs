// Plots side by side (/jamfor?tomt=…): chosen in the list (also without JavaScript), from a
// fact sheet or the map's panel; plots added with a form and removed with links, by keyboard;
// on a phone 360 px wide; in English; printed on one A4 page. The page is the server's alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, openHydrated, expectNoAxeViolations, wordsBrokenInside, publishedPlotIds } from './browser.mjs';

let browser;
/** Published plots by designation: their ids. */
const ids = {};
before(async () => {
  browser = await launchBrowser();
  Object.assign(ids, await publishedPlotIds());
});
after(async () => {
  await browser?.close();
});

/** Presses Tab until the focused element matches `check` (run in the page), at most `max` times. */
async function tabUntil(page, check, arg, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(check, arg)) return;
  }
  throw new Error(`focus never reached: ${check} ${arg ?? ''}`);
}

const focusedLabel = (name) => document.activeElement?.labels?.[0]?.textContent?.trim() === name
  || document.activeElement?.textContent?.trim() === name;

/** The designations of the compared plots, column by column. */
const columns = (page) => page.locator('.compare-table thead th').evaluateAll(
  (ths) => ths.map((th) => th.querySelector('a').textContent),
);

test('by keyboard: three plots chosen in the list, compared, one added, one removed, printed', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${BASE_URL}/tomter`);
  await page.locator('form.filters[data-live="true"]').waitFor({ timeout: 30_000 });
  // The three in the order the list shows them, each ticked with Space.
  const wanted = ['Görla 9:11', 'Görla 9:12', 'Focksta 1:14'];
  const order = await page.locator('.plot-table tbody th a').allInnerTexts();
  const chosen = wanted.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const designation of chosen) {
    await tabUntil(page, focusedLabel, `Jämför ${designation}`);
    await page.keyboard.press('Space');
  }
  await tabUntil(page, focusedLabel, 'Jämför valda tomter');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/jamfor\?tomt=\d+&tomt=\d+&tomt=\d+$/);
  await page.locator('table.compare-table').waitFor();
  assert.deepEqual(await columns(page), chosen);
  assert.equal(await page.title(), 'Jämför tomter – Markkartan');
  assert.match(await page.locator('caption').innerText(), /3 tomter jämförda/);
  // Every row has a cell per plot: the prices as the fact sheets say them.
  const prices = await page.locator('td[data-field="price"]').allInnerTexts();
  assert.equal(prices.length, 3);
  assert.ok(prices.every((p) => /kr\/m²/.test(p)), prices.join());
  assert.ok((await page.locator('td[data-field="plan"] a').count()) >= 1, 'the covering plans');
  assert.equal(await page.locator('.compare-table .small-map').count(), 3);
  await expectNoAxeViolations(page, 'three plots compared');
  // Nothing to hydrate: the page is complete as the server sent it.
  assert.equal(await page.locator('script[src*="pkg"], link[href*="_bg.wasm"]').count(), 0);

  // Add a fourth: choose it in the list with the arrow keys, then "Lägg till".
  await tabUntil(page, () => document.activeElement?.id === 'compare-add-plot');
  const before = await page.locator('#compare-add-plot').inputValue();
  await page.keyboard.press('ArrowDown');
  const added = await page.locator('#compare-add-plot').inputValue();
  assert.notEqual(added, before, 'the arrow key chose another plot');
  await tabUntil(page, focusedLabel, 'Lägg till');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`tomt=${added}$`));
  await page.locator('table.compare-table').waitFor();
  assert.equal((await columns(page)).length, 4);
  assert.match(await page.locator('.compare-full').innerText(), /Fyra tomter är det mesta/);
  assert.equal(await page.locator('#compare-add-plot').count(), 0, 'no fifth');

  // Remove one with its link; the others stay in their order.
  const removed = chosen[1];
  await page.locator('.compare-table').focus();
  await tabUntil(page, focusedLabel, `Ta bort ${removed} från jämförelsen`);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.getAll('tomt').length === 3);
  await page.locator('table.compare-table').waitFor();
  const left = await columns(page);
  assert.deepEqual(left.slice(0, 2), [chosen[0], chosen[2]]);
  assert.ok(!left.includes(removed));

  // On paper: one A4 page, without the form, the links to remove or the site's chrome.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('.compare-add').isVisible(), false);
  assert.equal(await page.locator('.compare-remove').first().isVisible(), false);
  assert.equal(await page.locator('td[data-field="price"]').first().isVisible(), true);
  // At the width of an A4 page's text the facts' names are whole words.
  await page.setViewportSize({ width: 680, height: 960 });
  assert.deepEqual(await wordsBrokenInside(page, '.compare-table tbody th, .compare-table thead th'), []);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
  assert.equal(pages.length, 1, 'one A4 page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('without JavaScript the list\'s choice leads to the comparison, and the form adds to it', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await page.getByRole('checkbox', { name: 'Jämför Rimbo 3:13' }).check();
  await page.getByRole('checkbox', { name: 'Jämför Rimbo 3:14' }).check();
  await page.getByRole('button', { name: 'Jämför valda tomter' }).click();
  await page.waitForURL(/\/jamfor\?/);
  assert.deepEqual(new URL(page.url()).searchParams.getAll('tomt').sort(), [ids['Rimbo 3:13'], ids['Rimbo 3:14']].map(String).sort());
  assert.deepEqual((await columns(page)).sort(), ['Rimbo 3:13', 'Rimbo 3:14']);
  // The plots to add are the business area's others for sale.
  const offered = await page.locator('#compare-add-plot option').allInnerTexts();
  assert.ok(offered.some((o) => o.startsWith('Rimbo 3:15')), offered.join());
  assert.ok(!offered.some((o) => o.startsWith('Rimbo 3:11')), 'a sold plot is not offered');
  await page.locator('#compare-add-plot').selectOption({ label: offered.find((o) => o.startsWith('Rimbo 3:15')) });
  await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.getAll('tomt').length === 3);
  const now = await columns(page);
  assert.equal(now.length, 3);
  assert.equal(now[2], 'Rimbo 3:15', 'added last');
  await context.close();
});

test('the fact sheet and the map\'s panel lead to the comparison of their plot', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const id = ids['Görla 9:17'];
  const sheet = await context.newPage();
  await sheet.goto(`${BASE_URL}/tomt/${id}`);
  await sheet.getByRole('link', { name: 'Jämför med andra tomter' }).click();
  await sheet.waitForURL(new RegExp(`/jamfor\\?tomt=${id}$`));
  assert.deepEqual(await columns(sheet), ['Görla 9:17']);
  assert.match(await sheet.locator('.compare-guide').innerText(), /Lägg till en eller flera tomter/);
  await expectNoAxeViolations(sheet, 'one plot, to add to');

  const map = await openHydrated(context, `/?tomt=${id}`);
  const link = map.locator('aside.plot-panel').getByRole('link', { name: 'Jämför med andra tomter' });
  await link.click();
  await map.waitForURL(new RegExp(`/jamfor\\?tomt=${id}$`));
  await map.locator('table.compare-table').waitFor();
  assert.deepEqual(await columns(map), ['Görla 9:17']);
  assert.deepEqual(map.hydrationErrors, []);
  await context.close();
});

test('on a phone 360 px wide and in English: four plots scroll within their frame', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const four = ['Görla 9:11', 'Görla 9:13', 'Focksta 1:14', 'Kapellskär 2:15'].map((d) => ids[d]);
  await page.goto(`${BASE_URL}/jamfor?${four.map((id) => `tomt=${id}`).join('&')}&lang=en`);
  await page.locator('table.compare-table').waitFor();
  assert.equal(await page.title(), 'Compare plots – Markkartan');
  assert.match(await page.locator('caption').innerText(), /4 plots compared/);
  assert.match(await page.locator('td[data-field="price"]').first().innerText(), /SEK/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width} px wide`);
  const frame = await page.locator('.compare-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(frame.scroll > frame.client, `the table scrolls in its frame: ${JSON.stringify(frame)}`);
  // The row headings stay in view while the plots scroll past them.
  await page.locator('.compare-scroll').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  const heading = await page.locator('.compare-table tbody th').first().boundingBox();
  assert.ok(heading.x >= 0 && heading.x < 40, `the row headings stay: ${JSON.stringify(heading)}`);
  // The links keep the language.
  assert.match(await page.locator('.compare-table thead th a').first().getAttribute('href'), /lang=en$/);
  await expectNoAxeViolations(page, 'four plots on a phone');
  await context.close();
});
