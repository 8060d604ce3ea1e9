// The staff workspace in a real browser: sign in, change a plot's status and see it on the public
// map, a stale save shown as a conflict, a planner refused the plot editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL, launchBrowser } from './browser.mjs';

// The demo accounts the browser-test server has (README, "Staff workspace").
const MEX = { email: 'mex@demo.invalid', password: 'demo-mex-2026' };
const PLANNER = { email: 'plan@demo.invalid', password: 'demo-plan-2026' };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function signIn(context, account) {
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/personal/logga-in`);
  await page.getByLabel('E-post').fill(account.email);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/personal$/);
  return page;
}

async function openEditor(page, designation) {
  await page.goto(`${BASE_URL}/personal`);
  await page.getByRole('link', { name: designation, exact: true }).click();
  await page.locator('h1', { hasText: `Redigera ${designation}` }).waitFor();
}

async function expectNoAxeViolations(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  assert.deepEqual(summary, [], `axe-core on ${what}`);
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
  await page.getByRole('button', { name: 'Spara' }).click();
  // Without holder and end date the reservation is refused, field by field.
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('#error-reserverad_till').innerText(), /slutdatum/);
  await page.getByLabel('Reserverad till').fill('2027-10-31');
  await page.getByLabel('Reserverad för').fill('Webbläsartestet AB');
  await page.getByLabel('Interna anteckningar (visas aldrig publikt)').fill('Hemlig anteckning från testet');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForURL(/sparad=1/);
  await page.locator('.saved', { hasText: 'Ändringarna är sparade' }).waitFor();
  const history = await page.locator('.history').innerText();
  assert.match(history, /av Maja Exploatering/);
  assert.match(history, /Status: ”under förhandling” → ”reserverad”/);

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
  await first.getByRole('button', { name: 'Spara' }).click();
  await first.waitForURL(/sparad=1/);
  await second.getByLabel('Beskrivning (visas för företag)').fill('Texten från den andra fliken');
  await second.getByRole('button', { name: 'Spara' }).click();
  const conflict = second.locator('.conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Någon annan har sparat tomten/);
  assert.match(await conflict.innerText(), /Pris \(kr\/m²\): .* → ”612”/);
  assert.equal(await second.getByLabel('Beskrivning (visas för företag)').inputValue(), 'Texten från den andra fliken');
  // Saving again, now knowingly, goes through and keeps the other edit's price.
  await second.getByRole('button', { name: 'Spara' }).click();
  await second.waitForURL(/sparad=1/);
  assert.equal(await second.getByLabel('Beskrivning (visas för företag)').inputValue(), 'Texten från den andra fliken');
  await context.close();
});

test('a planner may sign in but not edit plots', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, PLANNER);
  assert.match(await page.locator('.workspace-bar').innerText(), /Planerare/);
  assert.equal(await page.locator('a[href^="/personal/tomt/"]').count(), 0, 'no plot links');
  await page.goto(`${BASE_URL}/personal/tomt/1`);
  await page.locator('.workspace-refused', { hasText: 'inte behörighet' }).waitFor();
  await context.close();
});

test('the interest inbox: read one, note the call, mark it contacted, filter, export', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await page.getByRole('link', { name: 'Intresseanmälningar' }).click();
  await page.waitForURL(/\/personal\/intresse$/);
  await expectNoAxeViolations(page, 'the inbox');
  // The interest the keyboard test sent earlier, newest first among the rest.
  await page.getByRole('link', { name: 'Tangentbordets Verkstad AB' }).click();
  await page.locator('h1', { hasText: 'Tangentbordets Verkstad AB' }).waitFor();
  assert.equal(await page.locator('[data-field="contact-name"]').innerText(), 'Kim Andersson');
  await expectNoAxeViolations(page, 'an interest');
  await page.getByLabel('Status').selectOption({ label: 'kontaktad' });
  await page.getByLabel('Handläggare').selectOption({ label: 'Maja Exploatering' });
  await page.getByLabel('Ny anteckning').fill('Ringde och bokade visning.');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForURL(/sparad=1/);
  const notes = await page.locator('.history').innerText();
  assert.match(notes, /av Maja Exploatering/);
  assert.match(notes, /Ringde och bokade visning\./);
  await page.goto(`${BASE_URL}/personal/intresse?status=contacted`);
  const rows = page.locator('table.inbox tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Tangentbordets Verkstad AB[\s\S]*kontaktad[\s\S]*Maja Exploatering/);
  const csvHref = await page.getByRole('link', { name: 'Exportera CSV' }).getAttribute('href');
  assert.equal(csvHref, '/personal/intresse.csv?status=contacted');
  const csv = await page.request.get(BASE_URL + csvHref);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /Tangentbordets Verkstad AB;556677-8899;Kim Andersson/);
  await context.close();
});
