// Plot import in a real browser: a GeoPackage uploaded with its progress shown, previewed on the
// map, imported and then on the public map; a file without a coordinate system refused with the
// file kept, then previewed in the one chosen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, launchBrowser } from './browser.mjs';
import { MEX, signIn, expectNoAxeViolations } from './workspace.mjs';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/tests/fixtures/import');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function openImport(page) {
  await page.getByRole('link', { name: 'Importera', exact: true }).click();
  await page.locator('h1', { hasText: 'Importera tomter' }).waitFor();
  // Hydrated, so the upload goes through the progress indicator.
  await page.locator('form[data-hydrated="true"]').waitFor({ timeout: 30_000 });
}

test('import a GeoPackage: upload progress, preview on the map, commit, then on the public map', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await openImport(page);
  // A slow line makes the upload take a few seconds, so its progress can be seen.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 40 * 1024,
  });
  await page.getByLabel('Fil', { exact: true }).setInputFiles(path.join(FIXTURES, 'good_3006.gpkg'));
  await page.getByRole('button', { name: 'Ladda upp och förhandsgranska' }).click();
  const status = page.getByRole('status').filter({ hasText: /Laddar upp: \d+ %/ });
  await status.waitFor({ timeout: 10_000 });
  const shown = Number((await status.innerText()).match(/(\d+) %/)[1]);
  assert.ok(shown < 100, `progress shown before the end: ${shown} %`);
  assert.equal(await page.getByRole('progressbar', { name: 'Uppladdning' }).isVisible(), true);
  await page.waitForURL(/\/personal\/import\/\d+$/, { timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // The preview: both features on the map and in the table, checked.
  await page.locator('h1', { hasText: 'Granska import av good_3006.gpkg' }).waitFor();
  assert.match(await page.locator('main').innerText(), /SWEREF 99 TM \(EPSG:3006\) \(enligt filen\)/);
  assert.equal(await page.locator('svg.import-map path.import-feature.ok').count(), 2);
  // Numbered on the map as in the table.
  assert.deepEqual(await page.locator('svg.import-map .import-number text').allTextContents(), ['1', '2']);
  assert.ok((await page.locator('svg.import-map path.land').getAttribute('d')).length > 20, 'land under the preview');
  assert.match(await page.locator('#objekt-1').innerText(), /Rimbo Östra 1[\s\S]*tillgänglig[\s\S]*Kan importeras/);
  assert.equal(await page.getByLabel('Beteckning (krävs)').inputValue(), 'beteckning');
  await expectNoAxeViolations(page, 'the import preview');

  // Without a business area the import button is disabled and says why (the server refuses
  // such a commit too: server/tests/integration); choosing one enables it.
  const importButton = page.getByRole('button', { name: 'Importera 2 tomter' });
  assert.equal(await importButton.isDisabled(), true, 'no business area chosen');
  assert.equal(await importButton.getAttribute('aria-describedby'), 'import-blocking');
  assert.match(await page.locator('#import-blocking').innerText(), /Välj vilket verksamhetsområde/);
  await page.getByLabel('Verksamhetsområde', { exact: true }).selectOption({ label: 'Rimbo Västra industriområde' });
  await page.waitForFunction(() => !document.querySelector('button[value="importera"]').disabled, null, { timeout: 30_000 });
  assert.equal(await page.locator('#import-blocking').count(), 0, 'nothing blocks now');
  await importButton.click();
  await page.waitForURL(/\/personal\?importerade=2$/);
  await page.getByRole('status').filter({ hasText: '2 tomter importerades.' }).waitFor();

  const visitor = await browser.newContext();
  const map = await visitor.newPage();
  await map.goto(`${BASE_URL}/`);
  assert.match(await map.locator('a.plot[aria-label^="Rimbo Östra 1,"]').getAttribute('aria-label'), /tillgänglig/);
  assert.match(await map.locator('a.plot[aria-label^="Rimbo Östra 2,"]').getAttribute('aria-label'), /ej till salu/);
  await visitor.close();
  await context.close();
});

test('a Shapefile without .prj is refused with the file kept, then previewed in the system chosen', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await openImport(page);
  const file = page.getByLabel('Fil', { exact: true });
  await file.setInputFiles(path.join(FIXTURES, 'bad_no_prj_shp.zip'));
  await page.getByRole('button', { name: 'Ladda upp och förhandsgranska' }).click();
  await page.locator('#import-problem', { hasText: 'Filen anger inget koordinatsystem' }).waitFor();
  // Still on the upload page, with the file still chosen.
  assert.match(page.url(), /\/personal\/import$/);
  assert.equal(await file.evaluate((input) => input.files[0]?.name), 'bad_no_prj_shp.zip');
  await expectNoAxeViolations(page, 'the upload page with its error');

  await page.getByLabel('Koordinatsystem om filen inte anger det').selectOption({ label: 'SWEREF 99 TM (EPSG:3006)' });
  await page.getByRole('button', { name: 'Ladda upp och förhandsgranska' }).click();
  await page.waitForURL(/\/personal\/import\/\d+$/);
  assert.match(await page.locator('main').innerText(), /SWEREF 99 TM \(EPSG:3006\) \(valt; filen anger inget\)/);
  assert.match(await page.locator('#objekt-1').innerText(), /^1\s+Rimbo Östra 1/);
  assert.equal(await page.locator('svg.import-map path.import-feature').count(), 2);
  await page.getByRole('button', { name: 'Avbryt importen' }).click();
  await page.waitForURL(/\/personal\/import$/);
  await context.close();
});
