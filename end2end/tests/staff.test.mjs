// The staff workspace in a real browser: sign in, change a plot's status and see it on the public
// map, a stale save shown as a conflict, a planner refused the plot editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser, ownClient, namesOnScreen, assertNoOverlap } from './browser.mjs';
import { MEX, PLANNER, signIn, expectNoAxeViolations } from './workspace.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function openEditor(page, designation) {
  await page.goto(`${BASE_URL}/personal`);
  await page.getByRole('link', { name: designation, exact: true }).click();
  await page.locator('h1', { hasText: `Redigera ${designation}` }).waitFor();
}

test('sign in, reserve a plot, and the public map shows it reserved', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // A wrong password: the message, the address kept, no session.
  const attempt = await context.newPage();
  await attempt.goto(`${BASE_URL}/personal/logga-in`);
  await expectNoAxeViolations(attempt, 'the sign-in page');
  await attempt.getByLabel('E-post').fill(MEX.email);
  await attempt.getByLabel('Lösenord').fill('fel lösenord');
  await attempt.getByRole('button', { name: 'Logga in' }).click();
  await attempt.locator('.error-summary', { hasText: 'Fel e-postadress eller lösenord' }).waitFor();
  assert.equal(await attempt.getByLabel('E-post').inputValue(), MEX.email);
  await attempt.close();

  const page = await signIn(context, MEX);
  assert.match(await page.locator('.workspace-bar').innerText(), /Inloggad som Maja Exploatering/);
  await openEditor(page, 'Görla 9:14');
  await expectNoAxeViolations(page, 'the plot editor');
  await page.getByLabel('Status').selectOption({ label: 'reserverad' });
  await page.getByRole('button', { name: 'Spara uppgifterna' }).click();
  // Without holder and end date the reservation is refused, field by field.
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('#error-reserverad_till').innerText(), /slutdatum/);
  await page.getByLabel('Reserverad till').fill('2027-10-31');
  await page.getByLabel('Reserverad för').fill('Webbläsartestet AB');
  await page.getByLabel('Interna anteckningar (visas aldrig publikt)').fill('Hemlig anteckning från testet');
  await page.getByRole('button', { name: 'Spara uppgifterna' }).click();
  await page.waitForURL(/sparad=1/);
  await page.locator('.saved', { hasText: 'Ändringarna är sparade' }).waitFor();
  const history = await page.locator('.history').innerText();
  assert.match(history, /av Maja Exploatering/);
  assert.match(history, /Status: ”under förhandling” → ”reserverad”/);
  // The workspace's navigation links stand apart.
  const nav = await page.locator('.workspace-nav a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().toJSON()));
  for (let i = 1; i < nav.length; i++) {
    assert.ok(nav[i].left - nav[i - 1].right >= 12 || nav[i].top >= nav[i - 1].bottom, `links ${i - 1} and ${i} are apart: ${JSON.stringify(nav)}`);
  }

  // The public map, in another context (no session): reserved, and no internal notes.
  const visitor = await browser.newContext();
  const map = await visitor.newPage();
  await map.goto(`${BASE_URL}/`);
  const plot = map.locator('a.plot[aria-label^="Görla 9:14,"]');
  assert.match(await plot.getAttribute('aria-label'), /, reserverad, /);
  assert.match(await plot.getAttribute('class'), /status-reserved/);
  await map.goto(`${BASE_URL}/tomt/${await plot.getAttribute('data-plot-id')}`);
  const sheet = await map.locator('article.fact-sheet').innerText();
  assert.match(sheet, /reserverad till 31 oktober 2027/);
  assert.doesNotMatch(sheet, /Hemlig anteckning|Webbläsartestet/);
  await visitor.close();

  // Signing out ends the session.
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.waitForURL(/logga-in/);
  await page.goto(`${BASE_URL}/personal`);
  await page.locator('.workspace-refused', { hasText: 'Du behöver logga in' }).waitFor();
  await context.close();
});

test('a save based on a stale version shows what changed meanwhile and keeps the typing', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const first = await signIn(context, MEX);
  await openEditor(first, 'Görla 9:15');
  const second = await context.newPage();
  await openEditor(second, 'Görla 9:15');
  await first.getByLabel('Pris (kr/m²)').fill('612');
  await first.getByRole('button', { name: 'Spara uppgifterna' }).click();
  await first.waitForURL(/sparad=1/);
  await second.getByLabel('Beskrivning (visas för företag)').fill('Texten från den andra fliken');
  await second.getByRole('button', { name: 'Spara uppgifterna' }).click();
  const conflict = second.locator('.conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Någon annan har sparat tomten/);
  assert.match(await conflict.innerText(), /Pris \(kr\/m²\): .* → ”612”/);
  assert.equal(await second.getByLabel('Beskrivning (visas för företag)').inputValue(), 'Texten från den andra fliken');
  // Saving again, now knowingly, goes through and keeps the other edit's price.
  await second.getByRole('button', { name: 'Spara uppgifterna' }).click();
  await second.waitForURL(/sparad=1/);
  assert.equal(await second.getByLabel('Beskrivning (visas för företag)').inputValue(), 'Texten från den andra fliken');
  await context.close();
});

test('on a phone the workspace\'s tables are there, and the editor\'s figures bring up a number pad', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await signIn(context, MEX);
  // The list of plots, the planners' overview and the public plans were once hidden below 720 px with the
  // public list's table (which has cards instead).
  for (const [path, table] of [['/personal', 'Görla 9:15'], ['/personal/planer', 'Intresseanmälningar'], ['/planer', '0188-']]) {
    await page.goto(`${BASE_URL}${path}`);
    const cell = page.locator('.table-scroll table', { hasText: table }).first();
    assert.ok(await cell.isVisible(), `${path}: its table shows at 360 px`);
  }
  await openEditor(page, 'Görla 9:15');
  for (const label of ['Pris (kr/m²)', 'Elkapacitet (kW)']) {
    assert.equal(await page.getByLabel(label).getAttribute('inputmode'), 'decimal', label);
  }
  assert.equal(await page.getByLabel('Reserverad för').getAttribute('inputmode'), null, 'words stay words');
  await context.close();
});

test('a planner may sign in but not edit plots', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, PLANNER);
  assert.match(await page.locator('.workspace-bar').innerText(), /Planerare/);
  assert.equal(await page.locator('a[href^="/personal/tomt/"]').count(), 0, 'no plot links');
  await page.goto(`${BASE_URL}/personal/tomt/1`);
  await page.locator('.workspace-refused', { hasText: 'inte behörighet' }).waitFor();
  // Signed in already: no "Logga in", but the way back to the workspace.
  assert.equal(await page.getByRole('link', { name: 'Logga in' }).count(), 0);
  await page.getByRole('link', { name: 'Till arbetsytan' }).click();
  await page.waitForURL(/\/personal$/);
  await context.close();
});

test('the overview finds plots by name and status, maps them, and leads to a new plot at once', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const rows = page.locator('.plot-table tbody tr');
  const all = await rows.count();
  assert.ok(all > 40, `${all} plots`);
  // The overview's map: land under the plots, and the localities named (the business areas
  // where there is room; closer in, below).
  assert.ok((await page.locator('svg.overview-map path.land').getAttribute('d')).length > 100, 'land under the overview map');
  const mapNames = await page.locator('svg.overview-map .map-label text').allTextContents();
  assert.ok(mapNames.includes('Norrtälje') && mapNames.includes('Hallstavik'), `named: ${mapNames.join(', ')}`);
  // No name covers another or the scale bar; at the municipality's scale each plot is a dot of
  // its status colour.
  const bar = await page.locator('.overview-map-frame svg.scale-bar').boundingBox();
  assertNoOverlap([...await namesOnScreen(page, 'svg.overview-map .map-label text'),
    { name: 'the scale bar', left: bar.x, top: bar.y, right: bar.x + bar.width, bottom: bar.y + bar.height }], 'the overview map');
  assert.equal(await page.locator('svg.overview-map a.plot circle.plot-dot').count(), all, 'every plot is seen');
  // "Ny tomt" is in the first screen and leads to the form.
  const newPlot = page.getByRole('link', { name: 'Ny tomt' });
  assert.ok((await newPlot.boundingBox()).y < 900, 'reachable without scrolling');
  await newPlot.click();
  await page.waitForURL(/#new-plot-heading$/);
  assert.ok((await page.locator('#new-plot-heading').boundingBox()).y < 900);
  // Search by business area, then narrow by status: the table, the count and the map follow.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByLabel('Sök tomt eller verksamhetsområde').fill('görla');
  await page.getByLabel('Sök tomt eller verksamhetsområde').press('Enter');
  await page.waitForURL(/sok=g%C3%B6rla|sok=görla/);
  await page.waitForFunction((all) => document.querySelectorAll('.plot-table tbody tr').length < all, all);
  const gorla = await rows.allInnerTexts();
  assert.ok(gorla.length >= 3 && gorla.every((r) => /Görla/.test(r)), gorla.join(' | '));
  assert.equal(await page.locator('svg.overview-map a.plot').count(), gorla.length, 'the map shows the same plots');
  assert.equal(await page.locator('svg.overview-map .plot-dot').count(), 0, 'closer in, as their outlines');
  assert.deepEqual(await page.locator('svg.overview-map .map-label text').allTextContents(), ['Görla verksamhetsområde']);
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'reserverad' });
  await page.waitForURL(/status=reserved/);
  await page.waitForFunction((n) => document.querySelectorAll('.plot-table tbody tr').length < n, gorla.length);
  const reserved = await rows.allInnerTexts();
  assert.ok(reserved.length >= 1 && reserved.every((r) => /Görla[\s\S]*reserverad/.test(r)), reserved.join(' | '));
  assert.match(await page.locator('.result-count').innerText(), new RegExp(`^${reserved.length} av ${all} tomter`));
  assert.equal(await page.locator('svg.overview-map a.plot.status-reserved').count(), reserved.length);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');
  await expectNoAxeViolations(page, 'the filtered overview');
  // The same URL without JavaScript shows the same plots; and on a phone it fits.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const cookies = await context.cookies();
  await plain.addCookies(cookies);
  const again = await plain.newPage();
  await again.goto(page.url());
  assert.equal(await again.locator('.plot-table tbody tr').count(), reserved.length);
  assert.ok((await again.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'fits a phone');
  await plain.close();
  await context.close();
});

test('the editor\'s map and the new plot\'s map have the land under the plots', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const landUnder = (selector) => page.locator(selector).evaluate((map) => {
    const land = map.querySelector('path.land');
    const box = land.getBBox();
    return { d: land.getAttribute('d').length, width: box.width, height: box.height };
  });
  await page.locator('svg.edit-map[data-live="true"]').waitFor();
  const area = await landUnder('svg.edit-map[data-live="true"]');
  assert.ok(area.d > 20 && area.width > 100 && area.height > 100, `land under the new plot's map: ${JSON.stringify(area)}`);
  await page.getByRole('link', { name: 'Görla 9:12', exact: true }).click();
  await page.locator('svg.edit-map[data-live="true"]').waitFor();
  const land = await landUnder('svg.edit-map[data-live="true"]');
  assert.ok(land.d > 20 && land.width > 100, `land under the editor's map: ${JSON.stringify(land)}`);
  // The plot lies on it: the middle of its outline is land, not sea.
  const onLand = await page.locator('svg.edit-map[data-live="true"]').evaluate((svg) => {
    const b = svg.querySelector('.edited-outline').getBBox();
    const land = svg.querySelector('path.land');
    const placed = land.transform.baseVal.consolidate()?.matrix ?? new DOMMatrix();
    return land.isPointInFill(new DOMPoint(b.x + b.width / 2, b.y + b.height / 2).matrixTransform(placed.inverse()));
  });
  assert.ok(onLand, 'the plot is drawn on land');
  await context.close();
});

test('the interest inbox: read one, note the call, mark it contacted, filter, export', async () => {
  // A company sends an interest through the public form (this test's own, whatever ran before).
  const company = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const form = await company.newPage();
  await form.goto(`${BASE_URL}/intresse`);
  await form.getByLabel('Företagets namn *').fill('Inkorgens Verkstad AB');
  await form.getByLabel('Organisationsnummer *').fill('556677-8899');
  await form.getByLabel('Kontaktperson *').fill('Kim Andersson');
  await form.getByLabel('E-post *').fill('kim@inkorgen.example');
  await form.locator('#interest-samtycke').check();
  await form.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await form.locator('h1', { hasText: 'Tack för din intresseanmälan' }).waitFor();
  await company.close();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await page.getByRole('link', { name: 'Intresseanmälningar' }).click();
  await page.waitForURL(/\/personal\/intresse$/);
  await expectNoAxeViolations(page, 'the inbox');
  await page.getByRole('link', { name: 'Inkorgens Verkstad AB' }).click();
  await page.locator('h1', { hasText: 'Inkorgens Verkstad AB' }).waitFor();
  assert.equal(await page.locator('[data-field="contact-name"]').innerText(), 'Kim Andersson');
  // Its e-mails: to whoever answers it and the company's confirmation, not sent without an
  // SMTP server, each to read.
  const mails = page.locator('.mail-list > li');
  assert.equal(await mails.count(), 2);
  assert.equal(await page.locator('.mail-list > li[data-mail-state="not-sent"]').count(), 2);
  assert.match(await page.locator('[data-field="mail-not-configured"]').innerText(), /Ingen e-postserver/);
  await mails.nth(1).getByText('Visa meddelandet').click();
  assert.match(await mails.nth(1).locator('.mail-body').innerText(), /Hej Kim Andersson,[\s\S]*Inkorgens Verkstad AB/);
  await expectNoAxeViolations(page, 'an interest');
  await page.getByLabel('Status').selectOption({ label: 'kontaktad' });
  await page.getByLabel('Handläggare').selectOption({ label: 'Maja Exploatering' });
  await page.getByLabel('Ny anteckning').fill('Ringde och bokade visning.');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await page.waitForURL(/sparad=1/);
  const notes = await page.locator('.history').innerText();
  assert.match(notes, /av Maja Exploatering/);
  assert.match(notes, /Ringde och bokade visning\./);
  await page.goto(`${BASE_URL}/personal/intresse?status=contacted`);
  const rows = page.locator('table.inbox tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Inkorgens Verkstad AB[\s\S]*kontaktad[\s\S]*Maja Exploatering/);
  const csvHref = await page.getByRole('link', { name: 'Exportera CSV' }).getAttribute('href');
  assert.equal(csvHref, '/personal/intresse.csv?status=contacted');
  const csv = await page.request.get(BASE_URL + csvHref);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /Inkorgens Verkstad AB;556677-8899;Kim Andersson/);
  await context.close();
});

test('split a plot along a line, merge it back, and draw a new plot', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await openEditor(page, 'Görla 9:16');
  const outline = JSON.parse(await page.getByLabel('Ytterkant (GeoJSON-polygon)').inputValue());
  const xs = outline.coordinates[0].map((c) => c[0]);
  const ys = outline.coordinates[0].map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const midY = (minY + maxY) / 2;
  const line = { type: 'LineString', coordinates: [[minX - 20, midY], [maxX + 20, midY + 1]] };
  await page.getByLabel('Delningslinje (GeoJSON-linje tvärs över tomten)').fill(JSON.stringify(line));
  await page.getByLabel('Beteckning för den nya delen').fill('Görla 9:16 B');
  await page.getByRole('button', { name: 'Dela tomten' }).click();
  await page.waitForURL(/sparad=1/);
  assert.match(await page.locator('.history').innerText(), /delad; den andra delen är Görla 9:16 B/);
  // The new half is on the public map, not for sale until staff decide.
  const visitor = await browser.newContext();
  const map = await visitor.newPage();
  await map.goto(`${BASE_URL}/`);
  assert.match(await map.locator('a.plot[aria-label^="Görla 9:16 B,"]').getAttribute('aria-label'), /ej till salu/);
  // Merge back.
  await page.getByLabel('Slå ihop med angränsande tomt').selectOption({ label: 'Görla 9:16 B' });
  await page.getByRole('button', { name: 'Slå ihop' }).click();
  await page.waitForURL(/sparad=1/);
  assert.match(await page.locator('.history').innerText(), /sammanslagen med Görla 9:16 B/);
  await map.reload();
  assert.equal(await map.locator('a.plot[aria-label^="Görla 9:16 B,"]').count(), 0);

  // A self-intersecting outline is refused, named, and kept as typed.
  const bowtie = { type: 'Polygon', coordinates: [[[minX, minY], [maxX, maxY], [maxX, minY], [minX, maxY], [minX, minY]]] };
  await page.getByLabel('Ytterkant (GeoJSON-polygon)').fill(JSON.stringify(bowtie));
  await page.getByRole('button', { name: 'Spara geometrin' }).click();
  await page.locator('#geometry-problem', { hasText: 'Ytterkanten korsar sig själv' }).waitFor();
  assert.equal(JSON.parse(await page.getByLabel('Ytterkant (GeoJSON-polygon)').inputValue()).coordinates[0][1][0], maxX);

  // Draw a new plot: the same shape moved to free land (the server names any overlap).
  let saved = false;
  for (const [dx, dy] of [[0, -600], [0, 600], [600, 0], [-600, 0], [0, -1200], [1200, 0], [0, 1200], [-1200, 0]]) {
    await page.goto(`${BASE_URL}/personal`);
    const moved = { type: 'Polygon', coordinates: [outline.coordinates[0].map(([x, y]) => [x + dx, y + dy])] };
    await page.getByLabel('Beteckning', { exact: true }).fill('Görla ny 1');
    await page.getByLabel('Verksamhetsområde', { exact: true }).selectOption({ label: 'Görla verksamhetsområde' });
    await page.getByLabel('Ytterkant (GeoJSON-polygon, SWEREF 99 18 00)').fill(JSON.stringify(moved));
    await page.getByRole('button', { name: 'Skapa tomten' }).click();
    await page.waitForLoadState();
    if (/sparad=1/.test(page.url())) { saved = true; break; }
    assert.match(await page.locator('.error-summary').innerText(), /överlappar|inom Norrtälje kommun/);
  }
  assert.ok(saved, 'a new plot was drawn on free land');
  await page.locator('h1', { hasText: 'Redigera Görla ny 1' }).waitFor();
  assert.match(await page.locator('.history').innerText(), /Ursprung: \(tomt\) → ”ritad”/);
  await map.reload();
  assert.equal(await map.locator('a.plot[aria-label^="Görla ny 1,"]').count(), 1);
  await visitor.close();
  await context.close();
});

test('staff write an English description; the English fact sheet shows it, and the Swedish one where there is none', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await page.getByRole('link', { name: 'Älmsta 4:12', exact: true }).click();
  const english = page.getByLabel('Beskrivning på engelska (publik, valfri)');
  assert.equal(await english.getAttribute('lang'), 'en', 'the field is marked as English');
  await english.fill('A level plot by the road to Väddö, <b>ready</b> to build on.');
  await page.getByRole('button', { name: 'Spara uppgifterna' }).click();
  await page.waitForURL(/sparad=1/);
  const entry = await page.locator('.history > li').first().innerText();
  assert.match(entry, /Beskrivning på engelska/);
  // Only what changed: the plot's uses are stored as "Z, K", the form sends "K, Z", the same set.
  assert.doesNotMatch(entry, /Användning/);
  const id = new URL(page.url()).pathname.split('/').pop();

  const visitor = await browser.newContext();
  const sheet = await visitor.newPage();
  await sheet.goto(`${BASE_URL}/tomt/${id}?lang=en`);
  const description = sheet.locator('.fact-sheet-description');
  assert.equal(await description.innerText(), 'A level plot by the road to Väddö, <b>ready</b> to build on.', 'as text, not markup');
  assert.equal(await description.getAttribute('lang'), null, 'English on an English page');
  await sheet.goto(`${BASE_URL}/tomt/${id}`);
  assert.match(await description.innerText(), /^Plan tomt i Älmsta/);
  // Without an English version (Rimbo's plots) the English page shows the Swedish, marked.
  await sheet.goto(`${BASE_URL}/tomter?lang=en`);
  const rimbo = await sheet.locator('tr', { hasText: 'Rimbo 3:14' }).getAttribute('data-plot-id');
  await sheet.goto(`${BASE_URL}/tomt/${rimbo}?lang=en`);
  assert.equal(await description.getAttribute('lang'), 'sv');
  assert.match(await description.innerText(), /^Plan tomt i Rimbo/);
  await expectNoAxeViolations(sheet, 'an English fact sheet with a Swedish description');
  await visitor.close();
  await context.close();
});
