// A phone 360 px wide: nothing wider than the screen, touch targets of at least 44 × 44 px, and
// the plot's fact sheet as a bottom sheet over the map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, openHydrated } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// What a finger operates: controls and the links that stand on their own (not links inside
// running text, which WCAG exempts).
const TARGETS = [
  '.site-header a', '.site-header button', '.site-header input',
  '.map-controls button', '.area-zoom button', 'summary', '.check', '.button',
  '.field input', '.field select', '.plot-panel-links a', '.plot-panel-close', '.plot-panel-close-top',
  '.filter-actions a', '.fact-sheet-actions a',
].join(', ');

async function assertFitsThePhone(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${what}: the page is ${width} px wide, wider than the phone`);
  const small = await page.evaluate((selector) => {
    const found = [];
    for (const el of document.querySelectorAll(selector)) {
      if (el.closest('.skip-link, .visually-hidden, .honeypot, [hidden]')) continue;
      // A box inside its label: the whole label is the target (measured as .check).
      if (el.matches('.check input')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown (e.g. a closed <details>)
      if (r.width < 44 || r.height < 44) {
        found.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return found;
  }, TARGETS);
  assert.deepEqual(small, [], `${what}: touch targets smaller than 44 × 44 px`);
}

test('on a phone the map fits, and a tapped plot opens as a bottom sheet', async () => {
  const context = await browser.newContext(PHONE);
  const page = await openHydrated(context);
  await assertFitsThePhone(page, 'the map page');
  // The header is the name, a menu button and the search: the map starts high on the screen.
  const header = await page.locator('.site-header').boundingBox();
  assert.ok(header.height <= 120, `the header is ${header.height} px tall`);
  assert.equal(await page.locator('.site-header').getByRole('link', { name: 'Lista över tomter' }).count(), 0, 'the navigation is folded away');
  const search = await page.locator('.site-header').getByRole('button', { name: 'Sök', exact: true }).boundingBox();
  assert.ok(search.x >= 0 && search.x + search.width <= 360, `Sök is on screen: ${JSON.stringify(search)}`);
  // The menu opens over the page, every link on screen, and folds away again.
  await page.locator('.site-menu summary').tap();
  for (const name of ['Karta', 'Lista över tomter', 'Planer på gång', 'Anmäl intresse', 'In English']) {
    const box = await page.locator('.site-header').getByRole('link', { name, exact: true }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360 && box.y + box.height <= 740, `${name} is on screen: ${JSON.stringify(box)}`);
  }
  assert.equal((await page.locator('.site-header').boundingBox()).height, header.height, 'the open menu lies over the page');
  await assertFitsThePhone(page, 'the map page with the menu open');
  await page.locator('.site-menu summary').tap();
  assert.equal(await page.locator('.site-header').getByRole('link', { name: 'Karta', exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).tap();
  await page.locator('a.plot[aria-label^="Görla 9:12,"]').tap();
  const panel = page.locator('.plot-panel');
  await panel.locator('h2', { hasText: 'Görla 9:12' }).waitFor({ timeout: 5_000 });
  const sheet = await panel.boundingBox();
  assert.equal(Math.round(sheet.x), 0, 'the sheet spans the width');
  assert.equal(Math.round(sheet.width), 360);
  assert.equal(Math.round(sheet.y + sheet.height), 740, 'the sheet sits on the bottom edge');
  assert.ok(sheet.height <= 740 * 0.6 + 1, 'and leaves the map visible above it');
  await assertFitsThePhone(page, 'the map with the sheet open');
  // The sheet closes from its top, where the finger is, without scrolling to its end.
  const close = panel.locator('.plot-panel-close-top');
  assert.equal(await close.getAttribute('aria-label'), 'Stäng');
  const closeBox = await close.boundingBox();
  assert.ok(closeBox.y - sheet.y < 30 && closeBox.x + closeBox.width > 300, `the close control is at the sheet's top right: ${JSON.stringify(closeBox)}`);
  await close.tap();
  await page.waitForURL((url) => !url.search.includes('tomt='));
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('on a phone the places to zoom to are reached with the map in view; a tap beside the plots closes the sheet; no tooltip hides the selected plot', async () => {
  const context = await browser.newContext(PHONE);
  const page = await openHydrated(context);
  // The map at the top of the screen: the first business area and locality buttons show too.
  await page.locator('.map-frame').evaluate((frame) => frame.scrollIntoView({ block: 'start' }));
  const frame = await page.locator('.map-frame').boundingBox();
  assert.ok(frame.y >= -1 && frame.y < 20, `the map's top is on screen: ${frame.y}`);
  for (const list of [0, 1]) {
    const button = await page.locator('.area-zoom ul').nth(list).locator('button').first().boundingBox();
    assert.ok(button.y + button.height <= 740, `the first ${list ? 'locality' : 'business area'} button is on screen with the map: ${JSON.stringify(button)}`);
  }
  await assertFitsThePhone(page, 'the map with its places in one row each');
  // A tapped plot: its sheet opens and no tooltip covers the plot.
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).tap();
  await page.locator('a.plot[aria-label^="Görla 9:12,"]').tap();
  const panel = page.locator('.plot-panel');
  await panel.locator('h2', { hasText: 'Görla 9:12' }).waitFor({ timeout: 5_000 });
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.plot-tooltip').count(), 0, 'no tooltip over the selected plot');
  // A tap on the map beside the plots (the frame's top right, away from the zoom buttons)
  // closes the sheet and keeps the view.
  await page.locator('.map-frame').evaluate((f) => f.scrollIntoView({ block: 'start' }));
  const view = await page.locator('svg.map-canvas').getAttribute('viewBox');
  const now = await page.locator('.map-frame').boundingBox();
  const spot = await page.evaluate(({ x, y }) => {
    const hit = document.elementFromPoint(x, y);
    return hit && !hit.closest('a, .layer-area-markers');
  }, { x: now.x + now.width - 20, y: now.y + 20 });
  assert.ok(spot, 'the frame\'s top right is beside the plots');
  await page.touchscreen.tap(now.x + now.width - 20, now.y + 20);
  await page.waitForURL((url) => !url.search.includes('tomt='));
  assert.equal(await panel.count(), 0, 'the sheet is closed');
  assert.equal(await page.locator('svg.map-canvas').getAttribute('viewBox'), view, 'the view stays');
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('on a phone the list, a fact sheet and the interest form fit the screen', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await assertFitsThePhone(page, 'the list');
  const id = await page.locator('.plot-card', { hasText: 'Görla 9:13' }).getAttribute('data-plot-id');
  await page.goto(`${BASE_URL}/tomt/${id}?lang=en`);
  await assertFitsThePhone(page, 'a fact sheet in English');
  await page.goto(`${BASE_URL}/intresse?tomt=${id}`);
  await assertFitsThePhone(page, 'the interest form');
  await page.goto(`${BASE_URL}/sammanhangande?yta=80000`);
  await assertFitsThePhone(page, 'the contiguous land finder');
  await page.goto(`${BASE_URL}/planer`);
  await assertFitsThePhone(page, 'the plans');
  await context.close();
});

test('on a phone the menu opens without JavaScript and leads to its page', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  assert.ok((await page.locator('.site-header').boundingBox()).height <= 120);
  await page.locator('.site-menu summary').tap();
  await page.locator('.site-header').getByRole('link', { name: 'Planer på gång' }).tap();
  await page.waitForURL(/\/planer$/);
  await page.locator('h1').first().waitFor();
  await context.close();
});

test('on a phone the list shows each plot as a card with status, area and price', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  assert.equal(await page.locator('.plot-table').isVisible(), false, 'no table 1,359 px wide');
  const cards = page.locator('.plot-card');
  const count = await cards.count();
  assert.ok(count > 10, `${count} cards`);
  assert.match(await page.locator('.result-count').innerText(), new RegExp(`^${count} tomter`));
  const card = cards.filter({ hasText: 'Görla 9:13' });
  const box = await card.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `the card fits: ${JSON.stringify(box)}`);
  assert.match(await card.locator('[data-field="status"]').innerText(), /reserverad/);
  assert.match(await card.locator('[data-field="area"]').innerText(), /^[\d\u202f]+ m²/);
  assert.match(await card.locator('[data-field="price"]').innerText(), /kr\/m²|på förfrågan/);
  // The designation leads to the fact sheet.
  await card.getByRole('link', { name: 'Görla 9:13' }).tap();
  await page.waitForURL(/\/tomt\/\d+$/);
  // A wide screen keeps the table, without the cards.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${BASE_URL}/tomter`);
  assert.equal(await page.locator('.plot-table').isVisible(), true);
  assert.equal(await page.locator('.plot-cards').isVisible(), false);
  await context.close();
});

/** Touches on the page through the browser's input pipeline (as a finger would). */
async function touch(page, cdp, type, points) {
  await cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: points.map(([x, y], id) => ({ x, y, id, radiusX: 4, radiusY: 4, force: 1 })),
  });
}

async function viewBoxOf(page) {
  return (await page.locator('svg.map-canvas').getAttribute('viewBox')).split(' ').map(Number);
}

test('on a phone two fingers pinch and pan the map, one finger scrolls the page, and the page may still be zoomed', async () => {
  const context = await browser.newContext(PHONE);
  const page = await openHydrated(context);
  const viewport = await page.locator('meta[name="viewport"]').getAttribute('content');
  assert.doesNotMatch(viewport, /user-scalable\s*=\s*(no|0)|maximum-scale/, 'the browser\'s own zoom is not blocked');
  const cdp = await context.newCDPSession(page);
  const frame = await page.locator('.map-frame').boundingBox();
  const [cx, cy] = [frame.x + frame.width / 2, frame.y + frame.height / 2];
  const start = await viewBoxOf(page);

  // Pinch out: the fingers twice as far apart, about the map's middle.
  await touch(page, cdp, 'touchStart', [[cx - 40, cy], [cx + 40, cy]]);
  for (const spread of [50, 60, 70, 80]) {
    await touch(page, cdp, 'touchMove', [[cx - spread, cy], [cx + spread, cy]]);
  }
  await touch(page, cdp, 'touchEnd', []);
  await page.waitForFunction((w) => Number(document.querySelector('svg.map-canvas').getAttribute('viewBox').split(' ')[2]) < w, start[2]);
  const pinched = await viewBoxOf(page);
  assert.ok(Math.abs(pinched[2] - start[2] / 2) < start[2] * 0.02, `pinched to half the width: ${start[2]} -> ${pinched[2]}`);
  const centre = (vb) => [vb[0] + vb[2] / 2, vb[1] + vb[3] / 2];
  assert.ok(Math.abs(centre(pinched)[0] - centre(start)[0]) < pinched[2] * 0.02, 'about the fingers\' midpoint');

  // Two fingers moved together 100 px to the right: the map follows them, the zoom stays.
  await touch(page, cdp, 'touchStart', [[cx - 40, cy], [cx + 40, cy]]);
  for (const dx of [25, 50, 75, 100]) {
    await touch(page, cdp, 'touchMove', [[cx - 40 + dx, cy], [cx + 40 + dx, cy]]);
  }
  await touch(page, cdp, 'touchEnd', []);
  await page.waitForFunction((x) => Number(document.querySelector('svg.map-canvas').getAttribute('viewBox').split(' ')[0]) !== x, pinched[0]);
  const panned = await viewBoxOf(page);
  const perPx = Math.max(pinched[2] / frame.width, pinched[3] / frame.height);
  assert.ok(Math.abs(pinched[0] - panned[0] - 100 * perPx) < 3 * perPx, `panned by 100 px: ${pinched[0]} -> ${panned[0]}`);
  assert.ok(Math.abs(panned[2] - pinched[2]) < 1, 'panning keeps the zoom');

  // One finger up the map scrolls the page and leaves the map where it is.
  const scrolled = await page.evaluate(() => window.scrollY);
  await touch(page, cdp, 'touchStart', [[cx, cy + 100]]);
  for (const dy of [20, 40, 60, 80, 100, 120]) {
    await touch(page, cdp, 'touchMove', [[cx, cy + 100 - dy]]);
  }
  await touch(page, cdp, 'touchEnd', []);
  await page.waitForTimeout(300);
  assert.deepEqual(await viewBoxOf(page), panned, 'one finger does not move the map');
  assert.ok((await page.evaluate(() => window.scrollY)) > scrolled, 'but scrolls the page');
  // After the gestures a tap on a plot still opens it.
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).tap();
  await page.locator('a.plot[aria-label^="Görla 9:12,"]').tap();
  await page.locator('.plot-panel h2', { hasText: 'Görla 9:12' }).waitFor({ timeout: 5_000 });
  // A link in the menu leads on within the app: the menu folds away, the focus is on the new page.
  // (The list: the plans' page is the server's alone, a page load that starts at the top.)
  await page.locator('.site-menu summary').tap();
  await page.locator('.site-header').getByRole('link', { name: 'Lista över tomter' }).tap();
  await page.waitForURL(/\/tomter$/);
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await page.locator('.site-menu[open]').count(), 0, 'the menu is closed');
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('on a phone the bottom sheet never hides the selected plot: the map moves it above the sheet', async () => {
  const context = await browser.newContext(PHONE);
  let page = await openHydrated(context);
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).tap();
  // Open the map with Görla 9:12 low in the drawing, where the sheet will cover it.
  const vb = await viewBoxOf(page);
  const frame = await page.locator('.map-frame').boundingBox();
  const plotCentre = await page.locator('a.plot[aria-label^="Görla 9:12,"] path').evaluate((path) => {
    const b = path.getBBox();
    return [b.x + b.width / 2, b.y + b.height / 2];
  });
  const shared = [plotCentre[0] - vb[2] / 2, plotCentre[1] - vb[3] * 0.85, vb[2], vb[3]].map(Math.round).join(',');
  await page.close();
  page = await openHydrated(context, `/?vy=${shared}`);
  const plot = page.locator('a.plot[aria-label^="Görla 9:12,"]');
  const before = await plot.boundingBox();
  const lowY = before.y + before.height / 2;
  assert.ok(lowY > frame.y + frame.height * 0.6, `the plot starts low on the map: ${lowY}`);
  await plot.tap();
  const panel = page.locator('.plot-panel');
  await panel.locator('h2', { hasText: 'Görla 9:12' }).waitFor();
  await page.waitForFunction(() => {
    const sheet = document.querySelector('.plot-panel').getBoundingClientRect();
    const p = document.querySelector('a.plot[aria-current="true"]').getBoundingClientRect();
    return p.top + p.height / 2 < sheet.top - 10 && p.top + p.height / 2 > 0;
  }, null, { timeout: 5_000 });
  const sheet = await panel.boundingBox();
  const after = await plot.boundingBox();
  assert.ok(after.y + after.height / 2 < sheet.y, `the plot (${after.y}) is above the sheet (${sheet.y})`);
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});
