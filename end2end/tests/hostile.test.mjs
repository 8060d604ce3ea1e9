// Hostile text through every form, in a real browser: markup, a textarea break-out and
// javascript: URLs sent as a company through the interest form, as staff through the plot
// editor, a new plot, an interest note and an account, and through an import (file name,
// designation, attributes). Every page that shows them is then opened, public and staff: no
// dialog fires, no element is made of the text, and the text shows as typed (titles included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_URL, launchBrowser } from './browser.mjs';
import { MEX, signIn } from './workspace.mjs';

const ADMIN = { email: 'admin@demo.invalid', password: 'demo-admin-2026' };
// A client address of its own (the test server trusts 127.0.0.1 as a proxy), so the interest
// form's hourly limit counts these tests' forms only.
const CLIENT = { 'X-Forwarded-For': '198.51.100.61' };

// A different payload per place, so a fired dialog says where it came from.
const payload = (n) => `</title></textarea><script>alert(${n})</script>"><img src=x onerror=alert(${n})>`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Records (and dismisses) every dialog the page opens, in `page.dialogs`. */
function watchDialogs(page) {
  page.dialogs = [];
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return page;
}

async function watchedPage(context) {
  return watchDialogs(await context.newPage());
}

/** Nothing on the page was made of the payloads: no element, no dialog, no script URL. */
async function expectInert(page, what) {
  const found = await page.evaluate(() => ({
    images: [...document.querySelectorAll('img')].filter((img) => img.getAttribute('src') === 'x').length,
    // An injected <script>alert(n)</script> (the page's own scripts carry the texts as data).
    scripts: [...document.querySelectorAll('script')].filter((s) => /^\s*alert\(/.test(s.textContent)).length,
    scriptLinks: [...document.querySelectorAll('[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href'))).length,
  }));
  assert.deepEqual(found, { images: 0, scripts: 0, scriptLinks: 0 }, what);
  assert.deepEqual(page.dialogs, [], `${what}: dialogs`);
}

test('hostile text sent as a company and as staff shows as typed wherever it is shown', async () => {
  // A company sends an interest: its name, the contact, the message and a javascript: address.
  const company = await browser.newContext({ extraHTTPHeaders: CLIENT });
  const form = await watchedPage(company);
  await form.goto(`${BASE_URL}/intresse`);
  await form.getByLabel('Företagets namn').fill(payload(1));
  await form.getByLabel('Organisationsnummer').fill('556677-8899');
  await form.getByLabel('Kontaktperson').fill(payload(2));
  await form.getByLabel('E-post').fill('javascript:alert(3)//@example.com');
  await form.getByLabel('Berätta om verksamheten').fill(payload(4));
  await form.getByLabel(/Jag har läst/).check();
  await form.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await form.waitForURL(/\/intresse\/skickad/);
  await expectInert(form, 'the confirmation');

  // A refused form echoes what was typed, as it was typed.
  await form.goto(`${BASE_URL}/intresse`);
  await form.getByLabel('Företagets namn').fill(payload(5));
  await form.getByLabel('Berätta om verksamheten').fill(payload(6));
  await form.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await form.locator('#interest-errors').waitFor();
  assert.equal(await form.getByLabel('Företagets namn').inputValue(), payload(5));
  assert.equal(await form.getByLabel('Berätta om verksamheten').inputValue(), payload(6));
  await expectInert(form, 'the refused interest form');
  await company.close();

  // Staff open the inquiry: its title and page show the company as typed.
  const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watchDialogs(await signIn(staff, MEX));
  await page.goto(`${BASE_URL}/personal/intresse`);
  await expectInert(page, 'the inbox');
  await page.getByRole('link', { name: payload(1) }).first().click();
  await page.locator('h1', { hasText: payload(1) }).waitFor();
  assert.equal(await page.title(), `${payload(1)} – Intresseanmälan – Markkartan personal`);
  const inquiry = await page.locator('main').innerText();
  assert.ok(inquiry.includes(payload(2)) && inquiry.includes(payload(4)), inquiry);
  const mail = await page.getByRole('link', { name: 'javascript:alert(3)//@example.com' }).getAttribute('href');
  assert.match(mail, /^mailto:/);
  await expectInert(page, 'the inquiry');
  // A note on it.
  await page.getByLabel(/Ny anteckning/).fill(payload(7));
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await page.waitForURL(/sparad=1/);
  assert.ok((await page.locator('main').innerText()).includes(payload(7)));
  await expectInert(page, 'the inquiry with its note');

  // The plot editor: a reservation holder and a public description.
  await page.goto(`${BASE_URL}/personal`);
  await page.getByRole('link', { name: 'Grisslehamn 1:13', exact: true }).click();
  await page.locator('h1', { hasText: 'Redigera Grisslehamn 1:13' }).waitFor();
  await page.getByLabel('Beskrivning (visas för företag)').fill(payload(8));
  await page.getByLabel('Beskrivning på engelska (publik, valfri)').fill(payload(10));
  await page.getByRole('button', { name: 'Spara uppgifterna' }).click();
  await page.waitForURL(/sparad=1/);
  assert.equal(await page.getByLabel('Beskrivning (visas för företag)').inputValue(), payload(8));
  assert.equal(await page.getByLabel('Beskrivning på engelska (publik, valfri)').inputValue(), payload(10));
  await expectInert(page, 'the plot editor');
  const plotId = page.url().match(/\/personal\/tomt\/(\d+)/)[1];
  // The overview's search shows what was searched for as typed, in its field and nowhere as markup.
  await page.goto(`${BASE_URL}/personal?sok=${encodeURIComponent(payload(11))}`);
  assert.equal(await page.getByLabel('Sök tomt eller verksamhetsområde').inputValue(), payload(11));
  await expectInert(page, 'the overview searched for markup');
  await staff.close();

  // The public fact sheet shows the description as typed.
  const visitor = await browser.newContext();
  const sheet = await watchedPage(visitor);
  await sheet.goto(`${BASE_URL}/tomt/${plotId}`);
  assert.ok((await sheet.locator('article.fact-sheet').innerText()).includes(payload(8)));
  await expectInert(sheet, 'the fact sheet');
  await sheet.goto(`${BASE_URL}/tomt/${plotId}?lang=en`);
  assert.ok((await sheet.locator('article.fact-sheet').innerText()).includes(payload(10)));
  await expectInert(sheet, 'the English fact sheet');
  await sheet.goto(`${BASE_URL}/?tomt=${plotId}`);
  await sheet.locator('.plot-panel').waitFor();
  await expectInert(sheet, 'the map with the plot');
  await visitor.close();
});

test('hostile names in a new plot, an account and an import show as typed on every page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watchDialogs(await signIn(context, ADMIN));

  // An account whose name is markup.
  await page.goto(`${BASE_URL}/personal/konton`);
  await page.locator('#account-namn').fill(payload(11));
  await page.locator('#account-epost').fill('markup.konto@demo.invalid');
  await page.locator('#account-roll').selectOption('planner');
  await page.getByLabel(/Första lösenord/).fill('ett långt lösenord för testet');
  await page.getByRole('button', { name: 'Skapa konto' }).click();
  await page.waitForURL(/\/personal\/konton$/);
  assert.ok((await page.locator('main').innerText()).includes(payload(11)));
  await expectInert(page, 'the accounts page');

  // A new plot whose designation is markup, drawn (as GeoJSON) on free land beside Görla 9:11.
  await page.goto(`${BASE_URL}/personal`);
  await page.getByRole('link', { name: 'Görla 9:11', exact: true }).click();
  const outline = JSON.parse(await page.locator('#geometry-outline').inputValue());
  let created = null;
  for (const [dx, dy] of [[0, 1500], [1500, 0], [0, -1500], [-1500, 0], [1500, 1500], [-1500, -1500], [3000, 0], [0, 3000]]) {
    const moved = { type: 'Polygon', coordinates: outline.coordinates.map((ring) => ring.map(([x, y]) => [x + dx, y + dy])) };
    await page.goto(`${BASE_URL}/personal`);
    await page.locator('#new-beteckning').fill(payload(15));
    await page.locator('#new-omrade').selectOption({ index: 1 });
    await page.locator('#new-geometri').fill(JSON.stringify(moved));
    await page.getByRole('button', { name: 'Skapa tomten' }).click();
    await page.waitForLoadState('load');
    const match = page.url().match(/\/personal\/tomt\/(\d+)\?sparad=1/);
    if (match) {
      created = match[1];
      break;
    }
    await expectInert(page, 'the refused new plot');
  }
  assert.ok(created, 'a new plot on free land');
  assert.equal(await page.title(), `Redigera ${payload(15)} – Markkartan personal`);
  await expectInert(page, 'the new plot in the editor');
  const visitor = await watchedPage(await browser.newContext());
  await visitor.goto(`${BASE_URL}/tomt/${created}`);
  assert.equal(await visitor.locator('h1').innerText(), payload(15));
  assert.ok((await visitor.title()).startsWith(payload(15)), await visitor.title());
  await expectInert(visitor, 'the new plot\'s fact sheet');
  for (const pathname of ['/tomter', '/', `/sok?q=${encodeURIComponent('alert(15)')}`]) {
    await visitor.goto(BASE_URL + pathname);
    await expectInert(visitor, pathname);
  }
  await visitor.context().close();

  // An import: the file's name, a designation and an attribute are markup.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'markkartan-hostile-'));
  const fileName = `"><img src=x onerror=alert(12)>.geojson`;
  const file = path.join(dir, fileName);
  const square = (x, y) => [[[x, y], [x + 40, y], [x + 40, y + 40], [x, y + 40], [x, y]]];
  fs.writeFileSync(file, JSON.stringify({
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3011' } },
    features: [{
      type: 'Feature',
      properties: { beteckning: payload(13), status: 'tillgänglig', beskrivning: payload(14) },
      geometry: { type: 'Polygon', coordinates: square(154_020, 6_620_020) },
    }],
  }));
  await page.goto(`${BASE_URL}/personal/import`);
  await page.getByLabel('Fil', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Ladda upp och förhandsgranska' }).click();
  await page.waitForURL(/\/personal\/import\/\d+$/, { timeout: 30_000 });
  // (Chromium sends the name's quote as %22; the rest arrives as typed.)
  const heading = page.locator('h1', { hasText: '<img src=x onerror=alert(12)>.geojson' });
  await heading.waitFor();
  const shownName = (await heading.innerText()).replace(/^Granska import av /, '');
  assert.equal(await page.title(), `Granska import av ${shownName} – Markkartan personal`);
  assert.ok((await page.locator('#objekt-1').innerText()).includes(payload(13)));
  await expectInert(page, 'the import preview');
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});
