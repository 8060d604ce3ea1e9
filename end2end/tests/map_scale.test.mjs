// The map at a municipality's scale: with more plots than an overview can draw, the first page
// carries the business areas' markers with their counts and no plot; zoomed in, the plots in
// view arrive as links with their names, reachable by keyboard; panning fetches what comes into
// view without losing what is drawn; zoomed out again, the markers stand for the plots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

// This file's database gets 1,000 synthetic plots on top of the sample (server.mjs): set before
// browser.mjs starts the server.
process.env.MARKKARTAN_E2E_SYNTHETIC_PLOTS = '1000';
const { launchBrowser, openHydrated, expectNoAxeViolations, PHONE, BASE_URL } = await import('./browser.mjs');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const plots = (page) => page.locator('svg.map-canvas .layer-plots a.plot');

test('the overview carries markers, and zooming in brings the plots in view', async () => {
  // The first HTML, as a crawler or a browser before any script sees it.
  const html = await (await fetch(`${BASE_URL}/`)).text();
  assert.equal((html.match(/href="\/\?tomt=/g) ?? []).length, 0, 'no plot in the first HTML');
  assert.ok(html.length < 250_000, `the first HTML is ${html.length} bytes`);

  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await openHydrated(context, '/');
  const asked = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/in-view')) asked.push(request.url());
  });
  assert.match(await page.locator('svg.map-canvas').getAttribute('class'), /aggregated/);
  assert.equal(await plots(page).count(), 0);
  // The synthetic area's marker says how many plots it has and how many are available.
  const marker = page.locator('.area-marker', { hasText: /\d/ }).filter({ has: page.locator('title', { hasText: 'Syntetiskt testområde' }) });
  await marker.waitFor();
  assert.match(await marker.locator('title').textContent(), /Syntetiskt testområde: [\d\u202f]+ tomter, [\d\u202f]+ tillgängliga \([\d,]+ ha\)/);
  // The zoom list, the markers' keyboard equivalent, says the same.
  const entry = page.locator('.area-zoom li', { hasText: 'Syntetiskt testområde' });
  assert.match(await entry.textContent(), /tomter, [\d\u202f]+ tillgängliga/);
  await expectNoAxeViolations(page, 'the overview with markers');

  // By keyboard: the area's button, then closer with the zoom button.
  await entry.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Zooma in' }).click();
  await page.getByRole('button', { name: 'Zooma in' }).click();
  await plots(page).first().waitFor({ timeout: 10_000 });
  assert.doesNotMatch(await page.locator('svg.map-canvas').getAttribute('class'), /aggregated/);
  const first = await plots(page).count();
  assert.ok(first > 0 && first < 1045, `the plots around the view: ${first}`);
  // None was in the page: the map asked for them as it zoomed in.
  assert.ok(asked.length > 0, 'the map asked /api/in-view for the plots');

  // Panning along the area brings more, and keeps what was drawn.
  await page.locator('svg.map-canvas').focus();
  const before = await plots(page).evaluateAll((links) => links.map((a) => a.dataset.plotId));
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((n) => document.querySelectorAll('svg.map-canvas .layer-plots a.plot').length > n, first, { timeout: 10_000 });
  const after = await plots(page).evaluateAll((links) => links.map((a) => a.dataset.plotId));
  assert.ok(before.every((id) => after.includes(id)), 'no plot drawn before is lost');

  // Each one a link with its name, and Enter on one opens its panel.
  const plot = plots(page).first();
  assert.match(await plot.getAttribute('aria-label'), /^Syntet.* \d+, (tillgänglig|reserverad|under förhandling|såld|ej till salu), [\d\u202f]+ m²$/);
  await plot.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/tomt=\d+/);
  await page.locator('#plot-panel-heading').waitFor();

  // The whole map again: the markers stand for the plots, which are not drawn.
  await page.getByRole('button', { name: 'Visa hela kartan' }).click();
  await page.waitForFunction(() => document.querySelector('svg.map-canvas').classList.contains('aggregated'), null, { timeout: 10_000 });
  assert.equal(await page.locator('svg.map-canvas .layer-plots').evaluate((g) => getComputedStyle(g).display), 'none');
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('on a phone the overview shows the markers and the zoom list', async () => {
  const context = await browser.newContext(PHONE);
  const page = await openHydrated(context, '/');
  assert.equal(await plots(page).count(), 0);
  assert.ok(await page.locator('.area-marker').first().isVisible());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
  await expectNoAxeViolations(page, 'the overview on a phone');
  await context.close();
});

// The list, the map's complete alternative, in pages of a hundred: by keyboard to the next page
// and back, the filter kept, axe on a page of it, and a phone's cards without overflow.
/** Opens a list page and waits until the WASM has taken over its filter form. */
async function openList(context, path) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(BASE_URL + path);
  // Attached, not visible: on a phone the filters are folded behind their button.
  await page.locator('form.filters[data-live="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  page.hydrationErrors = errors;
  return page;
}

test('the list pages a hundred plots at a time, by keyboard and on a phone', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await openList(context, '/tomter?status=available');
  const rows = page.locator('.plot-table tbody tr');
  assert.equal(await rows.count(), 100);
  const count = await page.locator('.result-count').innerText();
  assert.match(count, /^[\d\u202f]+ tomter matchar\. Visar 1–100\.$/);
  const nav = page.getByRole('navigation', { name: 'Sidor' });
  assert.match(await nav.innerText(), /Sida 1 av \d+/);
  await expectNoAxeViolations(page, 'a page of the list');
  const firstIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.plotId));

  // Tab to "Nästa sida" and press Enter: the next hundred, still the available ones.
  const next = nav.getByRole('link', { name: 'Nästa sida' });
  await next.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/sida=2/);
  assert.match(page.url(), /status=available/);
  await page.waitForFunction(() => /Visar 101–/.test(document.querySelector('.result-count')?.textContent ?? ''));
  const secondIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.plotId));
  assert.equal(secondIds.length, 100);
  assert.ok(secondIds.every((id) => !firstIds.includes(id)), 'no plot on both pages');
  assert.ok(await page.locator('.plot-table .status-badge', { hasNotText: 'tillgänglig' }).count() === 0);

  // A new filter starts again from the first page.
  await page.getByLabel('Minsta yta (m²)').fill('1');
  await page.getByLabel('Minsta yta (m²)').press('Enter');
  await page.waitForURL((url) => url.searchParams.get('min_yta') === '1' && !url.searchParams.has('sida'));
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();

  const phone = await browser.newContext(PHONE);
  const small = await openList(phone, '/tomter?sida=2');
  assert.equal(await small.locator('.plot-card').count(), 100);
  assert.ok(await small.getByRole('link', { name: 'Föregående sida' }).isVisible());
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
  await expectNoAxeViolations(small, 'a page of the list on a phone');
  await phone.close();
});
