// A plot's fact sheet: from the map's panel to its own page, in both languages, printed on one A4
// page, and free of accessibility violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser, openHydrated, expectNoAxeViolations, wordsBrokenInside } from './browser.mjs';

let browser;
let plotId;
before(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  plotId = await page.locator('a.plot[aria-label^="Görla 9:13,"]').getAttribute('data-plot-id');
  await context.close();
});
after(async () => {
  await browser?.close();
});


test('the panel on the map leads to the fact-sheet page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context, `/?tomt=${plotId}`);
  const panel = page.locator('.plot-panel');
  await panel.locator('h2', { hasText: 'Görla 9:13' }).waitFor();
  assert.match(await panel.locator('[data-field="status"]').innerText(), /reserverad till 30 juni 2027/);
  assert.match(await panel.locator('[data-field="distance-e18"]').innerText(), /^\d[\d\u202f,]* k?m$/);
  await panel.getByRole('link', { name: 'Öppna faktabladet' }).click();
  await page.waitForURL(new RegExp(`/tomt/${plotId}$`));
  await page.locator('h1', { hasText: 'Görla 9:13' }).waitFor();
  await context.close();
});

test('the fact sheet has every fact, and the language switch keeps the page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomt/${plotId}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  assert.equal(await page.title(), 'Görla 9:13 – Faktablad – Markkartan');
  for (const field of ['business-area', 'locality', 'distance-e18', 'distance-centre', 'distance-port', 'status',
    'area', 'price', 'total-price', 'plan', 'plan-stage', 'plan-use', 'site-coverage', 'building-height',
    'water-sewage', 'electrical-capacity', 'district-heating', 'fiber', 'updated']) {
    const text = (await page.locator(`.fact-sheet [data-field="${field}"]`).innerText()).trim();
    assert.ok(text.length > 0, `${field} is shown`);
  }
  assert.match(await page.locator('[data-field="area"]').innerText(), /^[\d\u202f]+ m² \(\d+,\d\d ha\)$/);
  assert.match(await page.locator('[data-field="distance-port"]').innerText(), /^Kapellskärs hamn, \d+,\d km$/);
  assert.ok((await page.locator('.fact-sheet a[href^="mailto:"]').count()) === 1, 'a contact e-mail link');
  assert.ok((await page.locator('.fact-sheet a[href^="tel:"]').count()) === 1, 'a contact phone link');
  // The small map colours the neighbours by status, as the big map does.
  const neighbours = await page.locator('.small-map path.neighbour').evaluateAll((paths) =>
    paths.map((p) => ({ status: [...p.classList].find((c) => c.startsWith('status-')), fill: getComputedStyle(p).fill })));
  assert.ok(neighbours.length >= 2 && neighbours.every((n) => n.status), JSON.stringify(neighbours));
  const colours = { 'status-available': 'rgb(46, 125, 50)', 'status-under_negotiation': 'rgb(106, 79, 179)', 'status-sold': 'rgb(107, 114, 128)', 'status-not_for_sale': 'rgb(154, 163, 173)' };
  for (const n of neighbours) {
    if (n.status === 'status-reserved') assert.match(n.fill, /url\(.*#hatch-reserved-small/);
    else assert.equal(n.fill, colours[n.status], JSON.stringify(n));
  }
  await expectNoAxeViolations(page, 'the fact sheet in Swedish');

  await page.getByRole('link', { name: 'In English' }).click();
  await page.waitForURL(new RegExp(`/tomt/${plotId}\\?lang=en$`));
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.title(), 'Görla 9:13 – Fact sheet – Markkartan');
  assert.match(await page.locator('[data-field="status"]').innerText(), /reserved until 30 June 2027/);
  assert.match(await page.locator('[data-field="area"]').innerText(), /^[\d,]+ m² \(\d+\.\d\d ha\)$/);
  // Links within the English page stay in English.
  assert.match(await page.getByRole('link', { name: 'Show on the map' }).getAttribute('href'), /lang=en/);
  await expectNoAxeViolations(page, 'the fact sheet in English');
  await context.close();
});

test('the fact sheet prints as one A4 page without the site chrome', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomt/${plotId}`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'no header on paper');
  assert.equal(await page.locator('.fact-sheet-actions').isVisible(), false, 'no buttons on paper');
  assert.equal(await page.locator('.small-map').isVisible(), true, 'the small map is printed');
  // The status is printed in ink (on screen it is white on a coloured badge).
  const badge = await page.locator('[data-field="status"] .status-badge').evaluate((el) => {
    const style = getComputedStyle(el);
    return { color: style.color, background: style.backgroundColor, text: el.textContent };
  });
  assert.equal(badge.color, 'rgb(0, 0, 0)', `the status prints black: ${JSON.stringify(badge)}`);
  assert.match(badge.background, /rgba\(0, 0, 0, 0\)|transparent/);
  assert.match(badge.text, /reserverad/);
  // At the width of an A4 page's text, no word is broken either.
  await page.setViewportSize({ width: 680, height: 960 });
  assert.deepEqual(await wordsBrokenInside(page, 'main'), [], 'words broken inside on paper');
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
  assert.equal(pages.length, 1, 'one A4 page');
  await context.close();
});

test('every published plot\'s fact sheet prints on one A4 page, its status on one line', async () => {
  const response = await fetch(`${BASE_URL}/api/plots`);
  const ids = (await response.json()).features.map((f) => f.id ?? f.properties.id);
  assert.ok(ids.length >= 40, `the sample's plots: ${ids.length}`);
  // The page as the server renders it (hydration changes nothing on paper; the test above
  // prints a hydrated one), two at a time: ninety pages, each loading the WASM, took 34 s.
  const context = await browser.newContext({ viewport: { width: 680, height: 960 }, javaScriptEnabled: false });
  const twoPages = [];
  const paths = ids.flatMap((id) => ['', '?lang=en'].map((lang) => `/tomt/${id}${lang}`));
  await Promise.all([0, 1].map(async (first) => {
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    for (let i = first; i < paths.length; i += 2) {
      await page.goto(BASE_URL + paths[i]);
      const lines = await page.locator('[data-field="status"] .status-badge').evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      if (pages !== 1 || lines !== 1) twoPages.push(`${paths[i]}: ${pages} pages, status on ${lines} lines`);
    }
  }));
  assert.deepEqual(twoPages, [], 'fact sheets that do not print on one page, or whose status wraps');
  await context.close();
});

test('the map page has no accessibility violations in either language', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // A filtered map opens its filter form, so the form is checked too.
  for (const path of ['/', '/?lang=en', `/?tomt=${plotId}`, '/?status=available&min_yta=x&lang=en']) {
    const page = await openHydrated(context, path);
    await expectNoAxeViolations(page, path);
    await page.close();
  }
  await context.close();
});

test('no word of the fact sheet or the panel is broken inside, on a desktop or a phone', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 1920, height: 1080 }, { width: 360, height: 740 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    for (const path of [`/tomt/${plotId}`, `/tomt/${plotId}?lang=en`]) {
      await page.goto(BASE_URL + path);
      assert.deepEqual(await wordsBrokenInside(page, 'main'), [], `${path} at ${viewport.width} px`);
    }
    // The fact sheet uses the width of a desktop screen: its groups stand side by side.
    if (viewport.width >= 1280) {
      const groups = await page.locator('.fact-sheet-details > *').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
      const count = await page.locator('.fact-sheet-details > *').count();
      assert.ok(groups < count, `the fact groups share rows at ${viewport.width} px`);
    }
    const map = await openHydrated(context, `/?tomt=${plotId}`);
    await map.locator('.plot-panel h2').waitFor();
    assert.deepEqual(await wordsBrokenInside(map, '.plot-panel'), [], `the panel at ${viewport.width} px`);
    await context.close();
  }
});
