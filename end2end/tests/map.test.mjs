// The public map: server-rendered plots, hydration, selecting a plot by mouse and by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser, openHydrated } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const plots = 'svg.map-canvas .layer-plots a.plot';

test('the plots are in the server-rendered page and work without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  const count = await page.locator(plots).count();
  assert.ok(count >= 40, `expected at least 40 plots, found ${count}`);
  // Every plot has an accessible name with designation, status and area.
  const name = await page.locator(plots).first().getAttribute('aria-label');
  assert.match(name, /^.+, (tillgänglig|reserverad|under förhandling|såld|ej till salu), [\d\u202f]+ m²$/);
  // Reserved plots carry their own class (hatched), not just a colour.
  assert.ok((await page.locator(`${plots}.status-reserved`).count()) > 0);
  // Keyboard: focus a plot and press Enter; without scripts the link loads its panel.
  const plot = page.locator(`${plots}[aria-label^="Görla 9:11,"]`);
  await plot.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\?tomt=\d+/);
  await assert.doesNotReject(
    page.locator('.plot-panel h2', { hasText: 'Görla 9:11' }).waitFor({ timeout: 5_000 }),
  );
  await context.close();
});

test('after hydration clicking a plot opens its panel without a page load', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  assert.ok((await page.locator(plots).count()) >= 40, 'plots are still there after hydration');
  // A page load would clear this marker; selecting a plot must not.
  await page.evaluate(() => { window.__sameDocument = true; });
  // Zoom in to the business area so the plot is large enough to click.
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).click();
  const target = page.locator(`${plots}[aria-label^="Görla 9:12,"]`);
  await target.click();
  const heading = page.locator('.plot-panel h2');
  await assert.doesNotReject(heading.filter({ hasText: 'Görla 9:12' }).waitFor({ timeout: 5_000 }));
  assert.match(page.url(), /[?&]tomt=\d+/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  assert.match(await page.locator('.plot-panel [data-field="area"]').innerText(), /m²/);
  assert.match(await page.locator('.plot-panel [data-field="price"]').innerText(), /kr/);
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('keyboard only: Tab to a plot and press Enter', async () => {
  const context = await browser.newContext();
  const page = await openHydrated(context);
  let focused = null;
  for (let i = 0; i < 15 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.classList?.contains('plot') ? el.getAttribute('aria-label') : null;
    });
  }
  assert.ok(focused, 'a plot is reachable with Tab');
  await page.keyboard.press('Enter');
  const designation = focused.split(',')[0];
  await assert.doesNotReject(
    page.locator('.plot-panel h2').filter({ hasText: designation }).waitFor({ timeout: 5_000 }),
  );
  await context.close();
});

test('a shared link to a plot opens the map on that plot with its panel', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const first = await openHydrated(context);
  const id = await first.locator(`${plots}[aria-label^="Kapellskär 2:12,"]`).getAttribute('data-plot-id');
  await first.close();
  const page = await openHydrated(context, `/?tomt=${id}`);
  await assert.doesNotReject(
    page.locator('.plot-panel h2', { hasText: 'Kapellskär 2:12' }).waitFor({ timeout: 5_000 }),
  );
  // The view starts on the plot's business area, so the plot is large enough to see and click.
  const box = await page.locator(`${plots}[data-plot-id="${id}"]`).boundingBox();
  assert.ok(box.width > 40 && box.height > 40, `plot drawn ${box.width}×${box.height} px`);
  assert.equal(await page.locator(`${plots}[data-plot-id="${id}"]`).getAttribute('aria-current'), 'true');
  // The panel fills its column to the page's edge; the map takes the rest.
  const [layout, panel, frame] = await Promise.all(['.map-layout', '.plot-panel', '.map-frame']
    .map((s) => page.locator(s).boundingBox()));
  assert.ok(Math.abs(layout.x + layout.width - (panel.x + panel.width)) <= 1, `no white beside the panel: ${JSON.stringify({ layout, panel })}`);
  assert.ok(panel.x - (frame.x + frame.width) <= 20, `the map reaches the panel: ${JSON.stringify({ frame, panel })}`);
  await context.close();
});

test('the wheel zooms around the pointer and dragging pans without selecting a plot', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  const map = page.locator('svg.map-canvas');
  const viewBox = async () => (await map.getAttribute('viewBox')).split(' ').map(Number);
  const transform = () => map.evaluate((svg) => svg.style.transform);
  // The map point drawn under a screen position, from the SVG's own screen transform.
  const mapPointAt = (x, y) => map.evaluate((svg, [x, y]) => {
    const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM().inverse());
    return [p.x, p.y];
  }, [x, y]);
  const before = await viewBox();
  const rect = await map.boundingBox();
  // Off centre, so a zoom about the wrong point would show.
  const pointer = [rect.x + rect.width * 0.3, rect.y + rect.height * 0.4];
  const underPointer = await mapPointAt(...pointer);
  await page.mouse.move(...pointer);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction(
    (w) => Number(document.querySelector('svg.map-canvas').getAttribute('viewBox').split(' ')[2]) < w,
    before[2],
  );
  const zoomed = await viewBox();
  assert.ok(zoomed[2] < before[2], 'zoomed in');
  assert.equal(await transform(), '', 'the gesture is committed to the view box');
  const stillUnder = await mapPointAt(...pointer);
  const tolerance = zoomed[2] * 0.005;
  assert.ok(
    Math.abs(stillUnder[0] - underPointer[0]) < tolerance && Math.abs(stillUnder[1] - underPointer[1]) < tolerance,
    `the point under the pointer stays: ${underPointer} -> ${stillUnder}`,
  );
  // Drag 200 px to the right: while dragging the drawing moves as one picture (no redraw of
  // the plots); on release the view's x decreases by the dragged distance.
  await page.mouse.move(rect.x + 300, rect.y + 300);
  await page.mouse.down();
  await page.mouse.move(rect.x + 400, rect.y + 300, { steps: 5 });
  await page.mouse.move(rect.x + 500, rect.y + 300, { steps: 5 });
  assert.match(await transform(), /^translate\(200(\.0)?px, 0(\.0)?px\)/);
  assert.deepEqual(await viewBox(), zoomed, 'no redraw while dragging');
  await page.mouse.up();
  const panned = await viewBox();
  assert.equal(await transform(), '');
  const perPx = Math.max(zoomed[2] / rect.width, zoomed[3] / rect.height);
  assert.ok(Math.abs(zoomed[0] - panned[0] - 200 * perPx) <= 1, `panned: ${zoomed[0]} -> ${panned[0]}`);
  assert.equal(panned[2], zoomed[2], 'panning keeps the zoom');
  assert.equal(await page.locator('.plot-panel').count(), 0, 'a drag selects nothing');
  // At overview scale business areas have markers; zoomed in they give way to the plots.
  await page.getByRole('button', { name: 'Visa hela kartan' }).click();
  assert.equal(await map.evaluate((svg) => svg.classList.contains('overview')), true);
  await page.getByRole('button', { name: 'Rimbo Västra industriområde' }).click();
  assert.equal(await map.evaluate((svg) => svg.classList.contains('overview')), false);
  await context.close();
});

test('the map view is in the URL, so a copied link shows the same part of the map', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  assert.doesNotMatch(page.url(), /vy=/, 'opening the map leaves the URL alone');
  await page.getByRole('button', { name: 'Rimbo', exact: true }).click();
  await page.waitForURL(/vy=/);
  const viewBox = await page.locator('svg.map-canvas').getAttribute('viewBox');
  const shared = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const again = await shared.newPage();
  await again.goto(page.url());
  assert.equal(await again.locator('svg.map-canvas').getAttribute('viewBox'), viewBox);
  // Zoomed to the locality: Rimbo's plots are drawn large enough to click.
  const box = await again.locator('a.plot[aria-label^="Rimbo 3:13,"]').boundingBox();
  assert.ok(box.width > 20, `${box.width} px`);
  await shared.close();
  await context.close();
});

test('the map has the filters too, and switching a layer keeps them', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  const filters = page.locator('details.map-filters');
  assert.equal(await filters.getAttribute('open'), null, 'closed while nothing is filtered');
  // It looks like what it is, a disclosure: a triangle that turns when it opens.
  const marker = () => filters.locator('summary').evaluate((s) => getComputedStyle(s, '::before').content);
  assert.equal(await marker(), '"▸"');
  await filters.locator('summary').click();
  assert.equal(await marker(), '"▾"');
  await filters.getByRole('checkbox', { name: 'tillgänglig', exact: true }).check();
  await page.waitForURL(/[?&]status=available/);
  await page.locator(`${plots}.filtered-out`).first().waitFor({ state: 'attached', timeout: 5_000 });
  const visible = page.locator(`${plots}:not(.filtered-out)`);
  const names = await visible.evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));
  assert.ok(names.length > 0);
  assert.ok(names.every((name) => name.includes(', tillgänglig, ')), names.join('\n'));
  // A layer switch keeps the filter, and the filter form keeps the layers.
  await page.getByRole('checkbox', { name: 'Detaljplaner efter skede' }).check();
  await page.waitForURL(/lager=/);
  assert.match(page.url(), /[?&]status=available/);
  assert.equal(await page.locator(`${plots}:not(.filtered-out)`).count(), names.length);
  await filters.getByLabel('Minsta yta (m²)').fill('20 000');
  await filters.getByLabel('Minsta yta (m²)').press('Enter');
  await page.waitForURL(/min_yta=20/);
  assert.match(page.url(), /lager=planer/);
  assert.ok((await page.locator(`${plots}:not(.filtered-out)`).count()) < names.length);
  // Clearing the filters keeps the layers.
  await filters.getByRole('link', { name: 'Rensa filter' }).click();
  await page.waitForURL((url) => !url.search.includes('status='));
  assert.match(page.url(), /lager=/);
  assert.equal(await page.locator(`${plots}.filtered-out`).count(), 0);
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();

  // Without JavaScript: a filtered link opens with the filter form open and filled in.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await noScript.goto(`${BASE_URL}/?status=available`);
  assert.notEqual(await noScript.locator('details.map-filters').getAttribute('open'), null);
  assert.ok(await noScript.locator('details.map-filters').getByRole('checkbox', { name: 'tillgänglig', exact: true }).isChecked());
  await noScript.getByRole('button', { name: 'Visa lager' }).click();
  await noScript.waitForURL(/lager=/);
  assert.match(noScript.url(), /[?&]status=available/);
  await plain.close();
});
