// Insights and the service survey, in a real browser: a company registers its interest; its
// handler closes the case with an outcome; the company answers the survey from the e-mail's
// link by keyboard (and the link then refuses a second answer); the business development unit
// reads the insights page by keyboard and downloads a table. Axe, 360 px and English on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser, ownClient, noOverflow } from './browser.mjs';
import { MEX, signIn, expectNoAxeViolations } from './workspace.mjs';

const INSIGHTS = { email: 'insikt@demo.invalid', password: 'demo-insikt-2026' };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// This run's own names, so the test passes alone and again on the same database.
const RUN = Date.now().toString(36);
const COMPANY = `Enkäten ${RUN} AB`;

/** A company registers its interest in Görla 9:12 without JavaScript. */
async function registerInterest() {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const form = await context.newPage();
  await form.goto(`${BASE_URL}/intresse?tomt=${await plotId('Görla 9:12')}`);
  await form.getByLabel('Företagets namn *').fill(COMPANY);
  await form.getByLabel('Organisationsnummer *').fill('556677-8899');
  await form.getByLabel('Kontaktperson *').fill('Kim Enkät');
  await form.getByLabel('E-post *').fill(`kim.${RUN}@enkaten.example`);
  await form.locator('#interest-samtycke').check();
  await form.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await form.waitForURL(/\/intresse\/skickad/);
  await context.close();
}

async function plotId(designation) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  const href = await page.getByRole('link', { name: designation, exact: true }).getAttribute('href');
  await context.close();
  return href.match(/\/tomt\/(\d+)/)[1];
}

test('a closed case sends a survey the company answers once by keyboard; the insights page counts it', async () => {
  await registerInterest();

  // The handler closes the case: sold.
  const staff = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const handler = await signIn(staff, MEX);
  await handler.goto(`${BASE_URL}/personal/intresse`);
  await handler.getByRole('link', { name: COMPANY, exact: true }).click();
  await handler.waitForURL(/\/personal\/intresse\/\d+$/);
  const casePage = handler.url();
  await handler.locator('#case-status').selectOption('closed');
  await handler.getByLabel('Utfall').selectOption({ label: 'Mark såld till företaget' });
  await handler.getByRole('button', { name: 'Spara', exact: true }).click();
  await handler.waitForURL(/\?sparad=1$/);
  assert.equal(
    await handler.getByLabel('Utfall').evaluate((select) => select.selectedOptions[0].textContent),
    'Mark såld till företaget',
  );
  await expectNoAxeViolations(handler, 'the closed case');

  // The link, from the e-mail the case shows (no SMTP server here: what would be sent).
  await handler.goto(casePage);
  const mail = handler.locator('.mail-list li', { hasText: 'Hur nöjd är du med kommunens service?' });
  const body = await mail.locator('pre.mail-body').textContent();
  const path = new URL(body.match(/https?:\/\/[^\s]+\/enkat\/[0-9a-f]{64}/)[0]).pathname;

  // The company answers on a phone, by keyboard.
  const company = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: ownClient() });
  const page = await company.newPage();
  const response = await page.goto(`${BASE_URL}${path}`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['cache-control'], 'private, no-store');
  await page.locator('h1', { hasText: 'Hur nöjd är du med kommunens service?' }).waitFor();
  assert.equal(await page.locator('fieldset.survey-factor').count(), 7);
  assert.ok(!(await page.content()).includes(COMPANY), 'the survey does not name the company');
  await noOverflow(page, 'the survey at 360 px');
  await expectNoAxeViolations(page, 'the survey');
  // Each question: Tab into its ten choices, arrows to the score (the first is 1).
  await page.locator('fieldset.survey-factor input').first().focus();
  for (let question = 0; question < 7; question++) {
    if (question > 0) await page.keyboard.press('Tab');
    for (let step = 1; step < 8; step++) await page.keyboard.press('ArrowRight');
  }
  await page.keyboard.press('Tab');
  await page.keyboard.type('Snabbt och vänligt <b>bemötande</b>.');
  assert.equal(await page.locator('input[name="helhet"]:checked').inputValue(), '8');
  assert.equal(await page.locator('input[name="information"]:checked').inputValue(), '8');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/tack=1/);
  await page.locator('h1', { hasText: 'Tack för dina svar!' }).waitFor();
  await expectNoAxeViolations(page, 'the thanks');
  // Once only: the link now says it was answered.
  const again = await page.goto(`${BASE_URL}${path}?lang=en`);
  assert.equal(again.status(), 410);
  assert.match(await page.locator('[role="alert"]').innerText(), /answered already/);

  // The business development unit reads the insights page, by keyboard, at 1366 and 360 px.
  const unit = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const reader = await signIn(unit, INSIGHTS);
  await reader.getByRole('link', { name: 'Insikter' }).first().click();
  await reader.waitForURL(/\/personal\/insikter$/);
  await reader.locator('h1', { hasText: 'Insikter' }).waitFor();
  assert.equal(await reader.title(), 'Insikter – Markkartan');
  const answers = Number(
    (await reader.locator('[data-field="survey-total"] dd').nth(1).innerText()).replace(/\D/g, ''),
  );
  assert.ok(answers >= 1, `answers: ${answers}`);
  assert.ok(await reader.locator('svg[role="img"]').count() >= 3, 'the charts');
  // Month by month per locality: Görla's locality has a row for each of the twelve months.
  const norrtalje = reader
    .locator('.insight-table[data-section="utbud-ort-manad"] tbody tr')
    .filter({ has: reader.locator('th', { hasText: /^Norrtälje$/ }) });
  assert.equal(await norrtalje.count(), 12, 'twelve months of Norrtälje');
  // Its table scrolls under its header; the region is reachable by keyboard.
  const region = reader.locator('.insight-table[data-section="utbud-ort-manad"] .table-scroll');
  assert.equal(await region.getAttribute('tabindex'), '0');
  assert.ok((await reader.locator('.insight-comments').innerText()).includes('Snabbt och vänligt <b>bemötande</b>.'));
  assert.ok(!(await reader.content()).includes(COMPANY), 'no company on the page');
  await expectNoAxeViolations(reader, 'the insights page');
  // Keyboard: Tab reaches the first table's CSV link, and Enter downloads it.
  const link = reader.locator('.insight-table[data-section="utbud-ort"] a');
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await reader.keyboard.press('Tab');
    reached = await link.evaluate((a) => a === document.activeElement);
  }
  assert.ok(reached, 'the CSV link is reachable by Tab');
  const [download] = await Promise.all([reader.waitForEvent('download'), reader.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'insikter-utbud-ort.csv');

  await reader.setViewportSize({ width: 360, height: 740 });
  await reader.reload();
  await noOverflow(reader, 'the insights page at 360 px');
  await reader.goto(`${BASE_URL}/personal/insikter?lang=en`);
  await reader.locator('h1', { hasText: 'Insights' }).waitFor();
  await expectNoAxeViolations(reader, 'the insights page in English');

  // A handler of cases does not see it.
  const refused = await handler.goto(`${BASE_URL}/personal/insikter`);
  assert.equal(refused.status(), 403);
  await Promise.all([staff.close(), company.close(), unit.close()]);
});
