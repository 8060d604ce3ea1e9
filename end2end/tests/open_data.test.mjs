// The open-data API (/ogc) as pages for people: a browser that opens the address a GIS tool
// uses sees the landing page, the collections, a collection's items page by page, one item, its
// queryables and the API's definition, in the site's frame, in Swedish and English, on a phone
// and from the keyboard, each passing axe. The pages are complete as the server renders them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, openHydrated, expectNoAxeViolations } from './browser.mjs';

const DESKTOP = { viewport: { width: 1366, height: 900 } };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Tabs forward until the focused element is the link named `name`, then follows it. */
async function tabTo(page, name) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (text === name) {
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      return;
    }
  }
  assert.fail(`no link "${name}" within 60 Tab presses on ${page.url()}`);
}

test('from the map to the API\'s pages by keyboard: collections, items page by page, one item, each with axe', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context, '/');
  // The footer leads GIS users to the API.
  await Promise.all([page.waitForURL(/\/ogc$/), page.getByRole('link', { name: 'Öppna data för GIS' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Öppna data: OGC API');
  assert.match(await page.locator('main').innerText(), /OAPIF:http.*\/ogc/);
  // Complete as rendered: no bundle loads.
  assert.equal(await page.locator('script[src*="/pkg/"], link[href*="/pkg/"]').count(), 0);
  await expectNoAxeViolations(page, 'the landing page');
  await tabTo(page, 'Samlingar');
  assert.match(page.url(), /\/ogc\/collections\?f=html$/);
  assert.equal(await page.locator('h1').innerText(), 'Samlingar');
  assert.equal(await page.locator('section.open-data-collection h2').count(), 9);
  await expectNoAxeViolations(page, 'the collections');
  await page.getByRole('link', { name: 'Tomter för verksamheter', exact: true }).click();
  await page.waitForURL(/\/ogc\/collections\/plots\?f=html$/);
  await expectNoAxeViolations(page, 'a collection');
  await page.getByRole('link', { name: 'Objekt', exact: true }).click();
  await page.waitForURL(/\/items\?f=html$/);
  const count = await page.locator('.result-count').innerText();
  const [, shown, matched] = count.match(/^(\d+) av (\d+) objekt/).map(Number);
  assert.ok(shown > 0 && shown <= matched, count);
  assert.equal(await page.locator('tbody tr').count(), shown);
  await expectNoAxeViolations(page, 'the items');
  // Page by page: ten at a time, forward and back.
  await page.goto(`${BASE_URL}/ogc/collections/plots/items?limit=10&f=html`);
  const first = await page.locator('tbody tr th a').first().innerText();
  await page.getByRole('link', { name: 'Nästa sida' }).click();
  await page.waitForURL(/offset=10/);
  assert.notEqual(await page.locator('tbody tr th a').first().innerText(), first);
  await page.getByRole('link', { name: 'Föregående sida' }).click();
  await page.waitForURL((u) => !u.searchParams.has('offset'));
  assert.equal(await page.locator('tbody tr th a').first().innerText(), first);
  // One item: its facts, and its fact sheet a click away.
  await page.locator('tbody tr th a').first().click();
  await page.waitForURL(/\/items\/\d+\?f=html$/);
  assert.match(await page.locator('dl.facts').innerText(), /designation\s+\S+/);
  await expectNoAxeViolations(page, 'an item');
  // The same document as JSON, for a program.
  const json = await page.getByRole('link', { name: 'Samma sak som JSON' }).getAttribute('href');
  const answer = await page.request.get(`${BASE_URL}${json}`);
  assert.equal(answer.headers()['content-type'], 'application/geo+json');
  assert.equal((await answer.json()).type, 'Feature');
  await context.close();
});

test('the queryables and the API definition, in English and on a phone, fit 360 px and pass axe', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  for (const [path, heading] of [
    ['/ogc?lang=en', 'Open data: OGC API'],
    ['/ogc/collections?lang=en', 'Collections'],
    ['/ogc/collections/plots/items?limit=5&lang=en', 'Plots for business: Items'],
    ['/ogc/collections/plots/queryables?lang=en', 'Plots for business: Queryables'],
    ['/ogc/api?lang=en', 'API definition'],
    ['/ogc/conformance?lang=en', 'Standards'],
  ]) {
    await page.goto(`${BASE_URL}${path}`);
    assert.equal(await page.locator('h1').innerText(), heading, path);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width} px wide`);
    await expectNoAxeViolations(page, path);
  }
  // The definition lists the writes on plots with their parameters.
  await page.goto(`${BASE_URL}/ogc/api?lang=en`);
  const definition = await page.locator('main').innerText();
  assert.match(definition, /\/ogc\/collections\/plots\/items\/\{featureId\}/);
  assert.match(definition, /PATCH/);
  // The language switch leads to the same page in Swedish.
  await page.goto(`${BASE_URL}/ogc/collections/plots/queryables?lang=en`);
  await page.locator('summary', { hasText: 'Menu' }).click();
  await page.locator('.site-nav-menu .language-switch').click();
  await page.waitForURL((u) => !u.searchParams.has('lang'));
  assert.equal(await page.locator('h1').innerText(), 'Tomter för verksamheter: Filtrerbara egenskaper');
  await context.close();
});
