// Click anywhere: a click, a tap or Enter at the centre marker opens a panel beside the map
// with what applies at that place (land use, plan, shore protection, riksintressen, the nearest
// plots and whom to ask), and its own page (/plats) answers the same, in both languages, on a
// phone, from the keyboard and without JavaScript. The land-use layer and the riksintressen
// are switched on and drawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, openHydrated, expectNoAxeViolations } from './browser.mjs';

const DESKTOP = { viewport: { width: 1366, height: 900 } };
const R = 6378137;

/** The map's `vy` parameter for a view `widthM` Web Mercator units wide centred on a place. */
function viewAt(lat, lon, widthM = 2000) {
  const x = (lon * Math.PI / 180) * R;
  const y = -Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI / 180) / 2)) * R;
  const height = widthM * 0.66;
  return [x - widthM / 2, y - height / 2, widthM, height].map(Math.round).join(',');
}

/** Countryside west of Norrtälje, away from every plot, plan and marker. */
const COUNTRYSIDE = { lat: 59.775, lon: 18.55 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const PLACE_HEADINGS = ['Översiktsplanen', 'Detaljplan', 'Strandskydd', 'Riksintressen', 'Närmaste lediga tomter'];

/** The panel beside the map answers for the place in the URL (`?plats=lat,lon`): its point. */
async function assertPlacePanel(page, what) {
  await page.waitForURL(/[?&]plats=[\d.]+(,|%2C)[\d.]+/);
  const panel = page.locator('aside.place-panel');
  await panel.locator('h2').waitFor();
  const text = await panel.innerText();
  for (const heading of PLACE_HEADINGS) {
    assert.ok(text.includes(heading), `${what}: "${heading}" in ${text.slice(0, 400)}`);
  }
  assert.match(text, /Indikativt – fråga kommunen\./, what);
  assert.match(await panel.locator('h2').innerText(), /^Platsen nära /, what);
  assert.equal(await page.locator('.place-pin').count(), 1, `${what}: a pin where it is`);
  const [lat, lon] = new URL(page.url()).searchParams.get('plats').split(',').map(Number);
  return { lat, lon };
}

async function assertPlacePage(page, what) {
  await page.waitForURL(/\/plats\?lat=[\d.]+&lon=[\d.]+/);
  await page.locator('.place-page h1').waitFor();
  const text = await page.locator('.place-page').innerText();
  for (const heading of PLACE_HEADINGS) {
    assert.ok(text.includes(heading), `${what}: "${heading}" in ${text.slice(0, 400)}`);
  }
  assert.match(text, /Indikativt – fråga kommunen\./, what);
  assert.match(await page.title(), /Platsen nära .+ – Markkartan/, what);
}

test('a click beside the plots opens a panel with what applies there; its own page works in both languages with axe', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context, `/?vy=${viewAt(COUNTRYSIDE.lat, COUNTRYSIDE.lon)}`);
  const map = await page.locator('svg.map-canvas').boundingBox();
  await page.evaluate(() => { window.stillTheSamePage = true; });
  await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
  const at = await assertPlacePanel(page, 'a click');
  assert.ok(Math.abs(at.lat - COUNTRYSIDE.lat) < 0.002, page.url());
  assert.ok(Math.abs(at.lon - COUNTRYSIDE.lon) < 0.002, page.url());
  assert.match(await page.locator('aside.place-panel').innerText(), /Ingen detaljplan gäller här/);
  // The map stays as it was: no page load.
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true);
  await expectNoAxeViolations(page, 'the map with a place\'s panel');
  assert.deepEqual(page.hydrationErrors, []);
  // Another click moves the panel to that place; closing it leaves the map as it is.
  await page.mouse.click(map.x + map.width / 2 + 80, map.y + map.height / 2);
  await page.waitForURL((u) => Math.abs(Number(u.searchParams.get('plats')?.split(',')[1]) - at.lon) > 0.001);
  await page.locator('aside.place-panel .plot-panel-close').click();
  await page.waitForURL((u) => !u.searchParams.has('plats'));
  // The router moves the address first and the panel leaves as it renders.
  await page.locator('aside.place-panel').waitFor({ state: 'detached' });
  await page.goBack();
  await page.locator('aside.place-panel h2').waitFor();
  // The panel leads to the place's own page, shareable and printable.
  await page.getByRole('link', { name: /Öppna som egen sida/ }).click();
  await assertPlacePage(page, 'its own page');
  const url = new URL(page.url());
  await expectNoAxeViolations(page, 'the place page');
  // A company asks about the very spot: the form names the place.
  await page.getByRole('link', { name: 'Anmäl intresse för marken här' }).click();
  await page.waitForURL(/\/intresse\?plats=/);
  assert.match(await page.locator('.interest-about').innerText(), /^Intresse för platsen: 59\.77\d+° N, 18\.55\d+° E$/);
  await page.goBack();
  // The page links back to the map at the place, with its panel open.
  await page.getByRole('link', { name: 'Visa på kartan' }).click();
  await page.waitForURL(/\/\?vy=.*plats=/);
  await page.locator('aside.place-panel h2').waitFor();
  // In English, as a link shared in English shows it.
  const english = await context.newPage();
  await english.goto(`${BASE_URL}${url.pathname}${url.search}&lang=en`);
  const text = await english.locator('.place-page').innerText();
  assert.match(text, /The comprehensive plan/);
  assert.match(text, /Indicative – ask the municipality\./);
  await expectNoAxeViolations(english, 'the place page in English');
  await context.close();
});

test('from the keyboard the arrows move the map and Enter asks about the centre marker', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context, `/?vy=${viewAt(COUNTRYSIDE.lat, COUNTRYSIDE.lon)}`);
  // Tab to the map itself (not a plot): the centre marker shows.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.matches('svg.map-canvas'))) break;
  }
  assert.ok(await page.evaluate(() => document.activeElement?.matches('svg.map-canvas')), 'the map takes the focus');
  const marker = await page.locator('.map-centre').boundingBox();
  const map = await page.locator('svg.map-canvas').boundingBox();
  assert.ok(marker, 'the centre marker shows while the map has the focus');
  assert.ok(Math.abs(marker.x + marker.width / 2 - (map.x + map.width / 2)) < 2);
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(/vy=/);
  await page.keyboard.press('Enter');
  const at = await assertPlacePanel(page, 'Enter');
  assert.ok(at.lon > COUNTRYSIDE.lon + 0.002, `east of where it started: ${page.url()}`);
  // The panel's heading has the focus: its first link (the interest form) is one Tab away.
  await page.waitForFunction(() => document.activeElement?.id === 'place-panel-heading');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Anmäl intresse för marken här');
  await context.close();
});

test('on a phone a tap asks about the place, and its page fits the screen', async () => {
  const context = await browser.newContext(PHONE);
  const page = await openHydrated(context, `/?vy=${viewAt(COUNTRYSIDE.lat, COUNTRYSIDE.lon)}`);
  const map = await page.locator('svg.map-canvas').boundingBox();
  await page.touchscreen.tap(map.x + map.width / 2, map.y + map.height / 2);
  await assertPlacePanel(page, 'a tap');
  // The sheet never hides the pin: the map moves it above the sheet.
  await page.waitForFunction(() => {
    const pin = document.querySelector('.place-pin')?.getBoundingClientRect();
    const sheet = document.querySelector('aside.place-panel')?.getBoundingClientRect();
    return pin && sheet && pin.bottom <= sheet.top && pin.top >= 0;
  }, null, { timeout: 5000 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the map with the place's panel is ${width} px wide`);
  await expectNoAxeViolations(page, 'the place\'s panel on a phone');
  // The panel closes from its top, for a finger.
  await page.locator('aside.place-panel .plot-panel-close-top').tap();
  await page.waitForURL((u) => !u.searchParams.has('plats'));
  // The place's own page fits the phone too.
  await page.goto(`${BASE_URL}/plats?lat=${COUNTRYSIDE.lat}&lon=${COUNTRYSIDE.lon}`);
  await assertPlacePage(page, 'the page on a phone');
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(pageWidth <= 360, `the place page is ${pageWidth} px wide`);
  await expectNoAxeViolations(page, 'the place page on a phone');
  await context.close();
});

test('without JavaScript the place page answers, and bad coordinates are refused naming them', async () => {
  const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(`${BASE_URL}/plats?lat=${COUNTRYSIDE.lat}&lon=${COUNTRYSIDE.lon}`);
  assert.equal(response.status(), 200);
  assert.match(await page.locator('.place-page').innerText(), /Översiktsplanen/);
  // The map at a place, as "Visa på kartan" links it, shows its panel from the server.
  await page.goto(`${BASE_URL}/?plats=${COUNTRYSIDE.lat},${COUNTRYSIDE.lon}`);
  assert.match(await page.locator('aside.place-panel').innerText(), /Översiktsplanen[\s\S]*Indikativt – fråga kommunen/);
  const refused = await page.goto(`${BASE_URL}/plats?lat=91&lon=18.7`);
  assert.equal(refused.status(), 400);
  assert.match(await page.locator('main').innerText(), /lat ska vara ett tal/);
  await context.close();
});

test('the land-use layer and the riksintressen are switched on, drawn and explained in the legend', async () => {
  const context = await browser.newContext(DESKTOP);
  const page = await openHydrated(context, `/?vy=${viewAt(COUNTRYSIDE.lat, COUNTRYSIDE.lon, 30000)}`);
  const tiles = [];
  page.on('response', (r) => { if (/\/tiles\/(land-use|national-interests)\//.test(r.url())) tiles.push(r); });
  assert.equal(await page.locator('.layer-markanvandning image').count(), 0, 'no land-use tiles while the layer is off');
  await page.getByLabel('Markanvändning (översiktsplanen)').check();
  await page.getByLabel('Riksintressen').check();
  await page.waitForURL(/lager=.*markanvandning/);
  await page.locator('.layer-markanvandning image').first().waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
  assert.ok(tiles.length > 0 && tiles.every((r) => r.status() === 200), `tiles: ${tiles.map((r) => r.status())}`);
  const svgs = await Promise.all(tiles.map((r) => r.text()));
  assert.ok(svgs.some((s) => /<path fill="#[0-9a-f]{6}" d="M/.test(s)), 'land use is drawn in its colours');
  assert.ok(svgs.some((s) => s.includes('stroke-dasharray')), 'riksintressen are outlined');
  const legend = await page.locator('.map-legend').innerText();
  for (const category of ['Verksamheter', 'Jord- och skogsbruk', 'Natur och friluftsliv', 'Vatten']) {
    assert.ok(legend.includes(category), `${category} in the legend`);
  }
  // A click through the layers still asks about the place.
  await page.locator('svg.map-canvas').scrollIntoViewIfNeeded();
  const map = await page.locator('svg.map-canvas').boundingBox();
  await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
  await assertPlacePanel(page, 'a click through the layers');
  await context.close();
});
