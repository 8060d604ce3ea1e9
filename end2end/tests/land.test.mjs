// The real map underneath: OpenStreetMap's land and sea under the plots at every zoom, its
// source named on the map, and the local streets with their names at plot scale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openHydrated, expectNoAxeViolations, uncoveredPoints, drawnColours } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The land tiles the map draws now, each loaded as the browser loads an image. */
async function landTiles(page) {
  return page.evaluate(async () => {
    const hrefs = [...document.querySelectorAll('svg.map-canvas .layer-land image')].map((i) => i.getAttribute('href'));
    return Promise.all(hrefs.map(async (href) => {
      const response = await fetch(href);
      const svg = await response.text();
      const image = new Image();
      image.src = href;
      const loaded = await image.decode().then(() => true, () => false);
      return { href, status: response.status, type: response.headers.get('content-type'), land: svg.includes('<path'), loaded };
    }));
  });
}

test('the map draws land and sea under the plots, at the overview and at plot scale', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  const coastNote = page.locator('.map-coast-note');
  for (const zoom of ['overview', 'business area']) {
    if (zoom === 'business area') {
      await page.getByRole('button', { name: 'Kapellskär logistikområde' }).click();
    }
    // The land data's coast is coarser than a town-scale map: closer than the overview the land
    // fades and the map says so.
    const closer = zoom !== 'overview';
    assert.equal(await coastNote.isVisible(), closer, `the word on a simplified coast at the ${zoom}`);
    const landOpacity = await page.locator('svg.map-canvas .layer-land').evaluate((g) => Number(getComputedStyle(g).opacity));
    assert.ok(closer ? landOpacity < 1 : landOpacity === 1, `the land's opacity at the ${zoom}: ${landOpacity}`);
    const tiles = await landTiles(page);
    assert.ok(tiles.length >= 1, `land tiles at the ${zoom}`);
    for (const tile of tiles) {
      assert.equal(tile.status, 200, tile.href);
      assert.equal(tile.type, 'image/svg+xml', tile.href);
      assert.ok(tile.loaded, `${tile.href} renders as an image (the page's policy allows it)`);
    }
    assert.ok(tiles.some((t) => t.land), `some land at the ${zoom}`);
  }
  // Kapellskär is a port: the sea is on its map too (a tile without land, or the frame's sea
  // showing between the land), and the plots lie on the land.
  const attribution = page.locator('.map-attribution');
  assert.match(await attribution.innerText(), /© OpenStreetMap-bidragsgivare \(ODbL\)/);
  assert.match(await coastNote.innerText(), /Stränder och sjöar är förenklade i den här skalan/);
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('beyond the land data\'s box the overview shows no data, not sea', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await openHydrated(context);
  const frame = await page.locator('.map-frame').boundingBox();
  const sea = await page.locator('svg.map-canvas rect.sea').boundingBox();
  // A wide screen shows more than the data's box east and west of the municipality.
  assert.ok(sea.x > frame.x + 1 || sea.x + sea.width < frame.x + frame.width - 1, `the sea stops at the data's edge: ${JSON.stringify({ sea, frame })}`);
  const background = await page.locator('.map-frame').evaluate((f) => getComputedStyle(f).backgroundColor);
  assert.notEqual(background, 'rgb(207, 225, 236)', 'the frame beyond the data is not sea-coloured');
  await context.close();
});

test('land tiles meet without a hairline where they join', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  // Görla, close in, with every layer off: only the land, all of it the municipality's along
  // a line across the frame's upper part.
  const page = await openHydrated(context, '/?lager=&vy=2077558%2C-8350054%2C1250%2C1243');
  await page.locator('.map-frame').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const frame = await page.locator('.map-frame').boundingBox();
  const edges = await page.evaluate(() => [...document.querySelectorAll('svg.map-canvas .layer-land image')]
    .map((i) => i.getBoundingClientRect().left));
  const y = Math.round(frame.y + frame.height * 0.3);
  const [row] = await drawnColours(page, { x: Math.round(frame.x), y, width: Math.round(frame.width), height: 1 });
  const land = row[Math.round(frame.width / 2)];
  const joins = [...new Set(edges.map((x) => Math.floor(x - Math.round(frame.x))))].filter((x) => x > 2 && x < row.length - 3);
  assert.ok(joins.length >= 2, `tiles join in the frame: ${joins}`);
  for (const x of joins) {
    for (const at of [x - 1, x, x + 1]) {
      const differs = row[at].some((c, i) => Math.abs(c - land[i]) > 1);
      assert.ok(!differs, `at ${at} px, where two tiles join, the land is drawn as elsewhere: ${row[at]} (${land})`);
    }
  }
  await context.close();
});

test('local streets and their names show at plot scale only', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  const label = page.locator('.label-street text', { hasText: 'Görla industriväg' });
  assert.equal(await label.count(), 0, 'no street names at the overview');
  await page.getByRole('button', { name: 'Görla verksamhetsområde' }).click();
  await label.waitFor({ state: 'visible', timeout: 5_000 });
  const box = await label.boundingBox();
  // Written along the street, which may run any way.
  const [long, short] = [Math.max(box.width, box.height), Math.min(box.width, box.height)];
  assert.ok(long > 60 && short > 8, `the name is drawn readable: ${JSON.stringify(box)}`);
  // The street itself is drawn under the plots.
  const order = await page.evaluate(() => {
    const layers = [...document.querySelector('svg.map-canvas').children].map((g) => g.getAttribute('class'));
    return [layers.indexOf('layer-land'), layers.indexOf('layer-streets'), layers.indexOf('layer-plots')];
  });
  assert.ok(order[0] >= 0 && order[0] < order[1] && order[1] < order[2], `land, streets, plots: ${order}`);
  await expectNoAxeViolations(page, 'the map at plot scale');
  await context.close();
});

test('on a phone the land is there and the source stays readable', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await openHydrated(context);
  const tiles = await landTiles(page);
  assert.ok(tiles.some((t) => t.land && t.loaded));
  const attribution = page.locator('.map-attribution');
  const box = await attribution.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `the attribution fits: ${JSON.stringify(box)}`);
  await context.close();
});

test('the land covers the whole frame at every zoom, on a wide screen and a phone, and while panning', async () => {
  for (const viewport of [{ width: 1366, height: 900 }, { width: 360, height: 780 }]) {
    const context = await browser.newContext({ viewport });
    const page = await openHydrated(context);
    const where = `${viewport.width} px`;
    assert.deepEqual(await uncoveredPoints(page), [], `${where}, the overview`);
    for (const area of ['Görla verksamhetsområde', 'Kapellskär logistikområde', 'Focksta verksamhetsområde']) {
      const button = page.getByRole('button', { name: area });
      await button.scrollIntoViewIfNeeded();
      await button.click();
      await page.waitForFunction(() => document.querySelectorAll('svg.map-canvas .layer-land image').length > 0);
      assert.deepEqual(await uncoveredPoints(page), [], `${where}, zoomed to ${area}`);
      // Closer still, with the keyboard.
      await page.locator('svg.map-canvas').focus();
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      await page.waitForTimeout(300);
      assert.deepEqual(await uncoveredPoints(page), [], `${where}, zoomed in on ${area}`);
    }
    // A pan in progress moves the drawing before it is committed: the margin's tiles show.
    await page.locator('.map-frame').scrollIntoViewIfNeeded();
    const frame = await page.locator('.map-frame').boundingBox();
    const [cx, cy] = [frame.x + frame.width / 2, frame.y + frame.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - frame.width / 5, cy - frame.height / 5, { steps: 4 });
    assert.deepEqual(await uncoveredPoints(page), [], `${where}, during a pan`);
    await page.mouse.up();
    await context.close();
  }
});
