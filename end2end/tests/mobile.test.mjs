// A phone 360 px wide: nothing wider than the screen, touch targets of at least 44 × 44 px, and
// the plot's fact sheet as a bottom sheet over the map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser, openHydrated } from './browser.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

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
  '.field input', '.field select', '.plot-panel-links a', '.plot-panel-close',
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
  // The header's search, navigation and language switch wrap within the width.
  for (const name of ['Sök', 'Karta', 'Lista över tomter', 'Anmäl intresse', 'In English']) {
    const box = await page.locator('.site-header').getByRole(name === 'Sök' ? 'button' : 'link', { name, exact: true }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `${name} is on screen: ${JSON.stringify(box)}`);
  }
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
  await panel.getByRole('link', { name: 'Stäng' }).tap();
  await page.waitForURL((url) => !url.search.includes('tomt='));
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('on a phone the list, a fact sheet and the interest form fit the screen', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await assertFitsThePhone(page, 'the list');
  const id = await page.locator('tr', { hasText: 'Görla 9:13' }).getAttribute('data-plot-id');
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
