// The map's names: localities, business areas, future areas, streets and plots are written
// where they fit, and no two ever overlap, at the overview, at a town and at a business area.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openHydrated, namesOnScreen, assertNoOverlap } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Every name the map shows now, with its box on screen. */
async function writtenNames(page) {
  // Wait for the view's change to be drawn.
  await page.waitForTimeout(300);
  return namesOnScreen(page, 'svg.map-canvas .layer-labels text');
}

const everyLayer = '/?lager=&lager=tomter&lager=omraden&lager=planer&lager=framtid&lager=bakgrund';

for (const [what, width, height] of [['a desktop', 1280, 900], ['a phone', 360, 740]]) {
  test(`no two names overlap at three zooms on ${what}`, async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await openHydrated(context, everyLayer);
    const overview = await writtenNames(page);
    assertNoOverlap(overview, 'the overview');
    const names = overview.map((n) => n.name);
    assert.ok(names.includes('Norrtälje'), `the main town is named: ${names}`);
    assert.ok(names.some((n) => /\d{4}–\d{4}$/.test(n)) || width < 400, `a future area with its horizon: ${names}`);

    await page.locator('.area-zoom').getByRole('button', { name: 'Norrtälje', exact: true }).click();
    const town = await writtenNames(page);
    assertNoOverlap(town, 'Norrtälje');
    assert.ok(town.length >= 2, `names at the town: ${town.map((n) => n.name)}`);

    await page.getByRole('button', { name: 'Görla verksamhetsområde' }).click();
    const area = await writtenNames(page);
    assertNoOverlap(area, 'Görla verksamhetsområde');
    const plotNames = area.filter((n) => /^Görla \d+:\d+( |$)/.test(n.name));
    assert.ok(plotNames.length >= (width > 400 ? 3 : 1), `plots are named at the business area: ${area.map((n) => n.name)}`);
    // A plot's name is written on the plot.
    const named = plotNames[0].name.match(/^Görla \d+:\d+/)[0];
    assert.ok(plotNames.some((n) => / m²$/.test(n.name)), `a plot's area where it fits: ${plotNames.map((n) => n.name)}`);
    const plot = await page.locator(`a.plot[aria-label^="${named},"]`).boundingBox();
    const label = plotNames[0];
    assert.ok(label.left >= plot.x - 1 && label.right <= plot.x + plot.width + 1
      && label.top >= plot.y - 1 && label.bottom <= plot.y + plot.height + 1,
      `${named}'s name lies on it: ${JSON.stringify({ label, plot })}`);
    if (width > 400) {
      assert.ok(area.some((n) => n.name === 'Görla industriväg'), 'the street is named');
    }
    assert.deepEqual(page.hydrationErrors, []);
    await context.close();
  });
}
