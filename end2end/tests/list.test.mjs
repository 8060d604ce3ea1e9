// The plot list: the same content without the map, filtered by a GET form that works without
// JavaScript and follows every change once hydrated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL, launchBrowser, WCAG_TAGS } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const rows = '.plot-table tbody tr';
// Column n of the facts (the first column is the choice of plots to compare).
const columnTexts = (page, n) => page.locator(`${rows} > :nth-child(${n + 1})`).allInnerTexts();
// The status column's badge (a plot whose plan is on its way says so beside it).
const statuses = (page) => page.locator(`${rows} .status-badge`).allInnerTexts();

test('without JavaScript the filter form narrows the list and the URL is the search', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  const all = await page.locator(rows).count();
  assert.ok(all >= 40, `${all} plots listed`);
  await page.getByLabel('Ort', { exact: true }).selectOption('Rimbo');
  await page.getByRole('checkbox', { name: 'tillgänglig' }).check();
  await page.getByRole('button', { name: 'Visa tomter' }).click();
  await page.waitForURL(/ort=Rimbo/);
  assert.match(page.url(), /status=available/);
  const localities = await columnTexts(page, 2);
  assert.ok(localities.length > 0 && localities.length < all);
  assert.ok(localities.every((l) => l === 'Rimbo'), localities.join());
  assert.ok((await statuses(page)).every((s) => s === 'tillgänglig'));
  // The link reproduces the list elsewhere.
  const shared = await browser.newContext({ javaScriptEnabled: false });
  const again = await shared.newPage();
  await again.goto(page.url());
  assert.deepEqual(await columnTexts(again, 1), await columnTexts(page, 1));
  await shared.close();
  await context.close();
});

test('a value that is not a number is kept and its field named', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await page.getByLabel('Minsta yta (m²)').fill('fem tusen');
  await page.getByRole('button', { name: 'Visa tomter' }).click();
  await page.waitForURL(/min_yta=/);
  assert.equal(await page.getByLabel('Minsta yta (m²)').inputValue(), 'fem tusen');
  assert.equal(await page.getByLabel('Minsta yta (m²)').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('.error-summary').innerText(), /Minsta yta: Ange ett heltal/);
  await context.close();
});

test('once hydrated every change updates the list without a page load, sorted as asked', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${BASE_URL}/tomter`);
  await page.evaluate(() => { window.__sameDocument = true; });
  // Wait for hydration: the WASM marks the form once it has taken over.
  await page.locator('form.filters[data-live="true"]').waitFor({ timeout: 30_000 });
  const all = await page.locator(rows).count();
  await page.getByRole('checkbox', { name: 'tillgänglig' }).check();
  await page.waitForURL(/status=available/);
  await page.waitForFunction((all) => document.querySelectorAll('.plot-table tbody tr').length < all, all);
  const available = await statuses(page);
  assert.ok(available.length > 0 && available.every((s) => s === 'tillgänglig'), available.join());
  await page.getByLabel('Sortera efter').selectOption({ label: 'Yta, störst först' });
  await page.waitForURL(/sortera=-yta/);
  await page.waitForFunction(() => {
    const areas = [...document.querySelectorAll('.plot-table tbody td[data-field="area"]')]
      .map((td) => Number(td.innerText.replace(/\D/g, '')));
    return areas.length > 1 && areas.every((a, i) => i === 0 || areas[i - 1] >= a);
  });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the skip link moves the focus to the main content, also once hydrated', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await page.locator('form.filters[data-live="true"]').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 5_000 });
  // The next key press goes on into the content, not back to the header.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)));
  await context.close();
});

test('the list has no accessibility violations in either language', async () => {
  const context = await browser.newContext();
  for (const path of ['/tomter', '/tomter?lang=en', '/tomter?min_yta=abc']) {
    const page = await context.newPage();
    await page.goto(BASE_URL + path);
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], path);
    await page.close();
  }
  await context.close();
});

test('the filters give the same plots on the map as in the list', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter?ort=Norrt%C3%A4lje&status=available&min_yta=6000`);
  const listed = (await columnTexts(page, 1)).sort();
  assert.ok(listed.length > 1, listed.join());
  await page.locator('a.show-on-map').click();
  await page.waitForURL(/\/\?/);
  await page.locator('svg.map-canvas[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  const shown = (await page.locator('.layer-plots a.plot:not(.filtered-out)').evaluateAll(
    (plots) => plots.map((a) => a.getAttribute('aria-label').split(',')[0]),
  )).sort();
  assert.deepEqual(shown, listed);
  await context.close();
});

test('the contiguous finder shows a known sample site, also without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await page.getByRole('link', { name: /Hitta sammanhängande mark/ }).click();
  await page.getByLabel('Yta ni behöver (m²)').fill('80 000');
  await page.getByRole('button', { name: 'Hitta mark' }).click();
  await page.waitForURL(/yta=80/);
  const sites = page.locator('article.site');
  assert.equal(await sites.count(), 1);
  assert.match(await sites.locator('h2').innerText(), /^Kapellskär logistikområde, Kapellskär: [\d\u202f]+ m²/);
  assert.deepEqual(await sites.locator('.site-plots a').allInnerTexts(), ['Kapellskär 2:14', 'Kapellskär 2:15', 'Kapellskär 2:16']);
  await page.getByLabel('Yta ni behöver (m²)').fill('mycket');
  await page.getByRole('button', { name: 'Hitta mark' }).click();
  assert.equal(await page.getByLabel('Yta ni behöver (m²)').inputValue(), 'mycket');
  assert.match(await page.locator('#error-yta').innerText(), /hela kvadratmeter/);
  await context.close();
  // axe-core runs as a script, so it checks the same page in a context with JavaScript.
  const checked = await browser.newContext();
  const again = await checked.newPage();
  await again.goto(`${BASE_URL}/sammanhangande?yta=80000`);
  // The finder's plot links stand apart: no bullet runs into the link before it.
  const links = await again.locator('.site-plots').first().locator('li').evaluateAll((items) => items.map((li) => ({
    box: li.getBoundingClientRect().toJSON(), marker: getComputedStyle(li).listStyleType,
  })));
  assert.ok(links.length >= 2);
  for (let i = 1; i < links.length; i++) {
    const [a, b] = [links[i - 1].box, links[i].box];
    assert.ok(b.left >= a.right + 8 || b.top >= a.bottom, `items ${i - 1} and ${i} apart: ${JSON.stringify(links)}`);
  }
  assert.ok(links.every((l) => l.marker === 'none'), 'no bullets between the links');
  const results = await new AxeBuilder({ page: again }).withTags(WCAG_TAGS).analyze();
  assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), []);
  await checked.close();
});

test('search suggests names and a hit opens the map on it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/`);
  const options = await page.locator('#search-suggestions option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.includes('Hallstavik Norra verksamhetsområde') && options.includes('Görla 9:13'), options.join());
  await page.getByRole('combobox', { name: 'Sök tomt, verksamhetsområde eller ort' }).fill('Hallstavik');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/sok\?q=Hallstavik/);
  await page.getByRole('link', { name: 'Hallstavik Norra verksamhetsområde' }).click();
  await page.waitForURL(/omrade=/);
  await page.locator('svg.map-canvas[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  // The map is zoomed to the area and shows only its plots.
  const shown = await page.locator('.layer-plots a.plot:not(.filtered-out)').evaluateAll(
    (plots) => plots.map((a) => a.getAttribute('aria-label')),
  );
  assert.ok(shown.length > 0 && shown.every((n) => n.startsWith('Hallstavik 7:')), shown.join());
  const box = await page.locator('.layer-plots a.plot:not(.filtered-out)').first().boundingBox();
  assert.ok(box.width > 20, `zoomed in: a plot is ${box.width} px wide`);
  await context.close();
});
