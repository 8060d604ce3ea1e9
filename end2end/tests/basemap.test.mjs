// A real base map instead of the land data: a WMTS (as Lantmäteriet serves its open topographic
// map) from a tile server this test starts (tile_server.mjs, imported first so the test's
// Markkartan server is configured with it). The map asks for the tiles that cover its whole
// frame at every zoom, never closer than the service's last zoom level, the page's policy lets
// the browser draw them, and the map names their source.
import './tile_server.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TILE_RGB, TILE_MAX_ZOOM, TILE_ATTRIBUTION, requested } from './tile_server.mjs';
import { launchBrowser, openHydrated, expectNoAxeViolations, uncoveredPoints } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The colour drawn near the frame's edges (inside by 12 px), read from a screenshot. */
async function cornerColours(page, decoder) {
  const frame = await page.locator('.map-frame').boundingBox();
  const shot = await page.screenshot({ clip: frame });
  return decoder.evaluate(async ({ base64, width, height }) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const sx = image.width / width;
    const sy = image.height / height;
    // Points along the top and right edges (the zoom buttons sit at the top left and the
    // scale bar at the bottom left).
    const points = [];
    for (let i = 1; i <= 10; i += 1) points.push([(width * i) / 11, 12], [width - 12, (height * i) / 11]);
    return points
      .map(([x, y]) => [...g.getImageData(Math.floor(x * sx), Math.floor(y * sy), 1, 1).data.slice(0, 3)]);
  }, { base64: shot.toString('base64'), width: frame.width, height: frame.height });
}

/** Drawn at 90 % over the sea (#cfe1ec), the tile's colour stays close to its own. */
function isTileColour([r, g, b]) {
  const [tr, tg, tb] = TILE_RGB;
  return Math.abs(r - tr) < 25 && Math.abs(g - tg) < 25 && Math.abs(b - tb) < 25;
}

/** The frame's background, where no tile was drawn. */
function isSea([r, g, b]) {
  return Math.abs(r - 0xcf) < 6 && Math.abs(g - 0xe1) < 6 && Math.abs(b - 0xec) < 6;
}

test('the base map covers the frame at every zoom, from its own tiles, never past its last zoom level', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const decoder = await context.newPage();
  const page = await openHydrated(context);
  assert.equal(await page.locator('svg.map-canvas .layer-land').count(), 0, 'no land tiles under a base map');
  const attribution = page.locator('.map-attribution');
  assert.equal((await attribution.innerText()).trim(), `Bakgrundskarta: ${TILE_ATTRIBUTION}`);
  assert.equal(await page.locator('.map-coast-note').count(), 0, 'a real base map needs no word on a simplified coast');
  for (const step of ['the overview', 'Görla', 'Görla, closer', 'Görla, closest']) {
    if (step === 'Görla') await page.getByRole('button', { name: 'Görla verksamhetsområde' }).click();
    if (step.startsWith('Görla, close')) {
      await page.locator('svg.map-canvas').focus();
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('+');
    }
    await page.waitForFunction(() => [...document.querySelectorAll('svg.map-canvas .layer-basemap image')]
      .every((i) => i.getAttribute('href').startsWith('http://127.0.0.1')));
    const hrefs = await page.locator('svg.map-canvas .layer-basemap image').evaluateAll((images) => images.map((i) => i.getAttribute('href')));
    assert.ok(hrefs.length > 0, `tiles at ${step}`);
    for (const href of hrefs) {
      const match = /\/3857\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(href);
      assert.ok(match, `a WMTS GetTile in the Web Mercator matrix set: ${href}`);
      assert.ok(Number(match[1]) <= TILE_MAX_ZOOM, `never past zoom ${TILE_MAX_ZOOM}: ${href}`);
    }
    assert.deepEqual(await uncoveredPoints(page, 'layer-basemap'), [], `the tiles cover the frame at ${step}`);
    // The browser drew them: the page's policy lets their origin in.
    await page.waitForTimeout(300);
    const colours = await cornerColours(page, decoder);
    // Plots and names lie on top; nowhere does the sea-coloured frame show through.
    assert.ok(colours.some(isTileColour) && !colours.some(isSea), `the base map's colour along the frame's edges at ${step}: ${JSON.stringify(colours)}`);
  }
  assert.ok(requested.length > 0 && requested.every((t) => t.z <= TILE_MAX_ZOOM), 'the tile server was asked, within its zoom levels');
  await expectNoAxeViolations(page, 'the map over a base map');
  assert.deepEqual(page.hydrationErrors, []);
  await context.close();
});

test('on a phone the base map covers the frame too', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await openHydrated(context);
  await page.locator('.map-frame').scrollIntoViewIfNeeded();
  assert.deepEqual(await uncoveredPoints(page, 'layer-basemap'), []);
  const box = await page.locator('.map-attribution').boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `the attribution fits: ${JSON.stringify(box)}`);
  await context.close();
});
