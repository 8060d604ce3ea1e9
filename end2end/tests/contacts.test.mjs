// Who answers what, in a real browser: an admin adds the water company's engineer by keyboard and
// makes her responsible for VA questions in Görla; a company's VA question about a Görla plot is
// routed to her (the confirmation names her); staff see her as the case's owner and hand the case
// over, which the history and the case's e-mails show. Axe, keyboard and a phone on the new page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, ownClient } from './browser.mjs';
import { ADMIN, MEX, signIn, expectNoAxeViolations } from './workspace.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// This run's own names, so the test passes alone and again on the same database.
const RUN = Date.now().toString(36);
const ENGINEER = `Sara Vatten ${RUN}`;

function gorlaVa(page) {
  return page
    .locator('section.responsibility-area', { has: page.locator('h3', { hasText: 'Görla' }) })
    .locator('form[data-question="water_sewage"]');
}

test('an admin names who answers VA questions in Görla, a company asks one, staff hand it over', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await signIn(context, ADMIN);
  await page.getByRole('link', { name: 'Kontakter', exact: true }).click();
  await page.waitForURL(/\/personal\/kontakter$/);
  await page.locator('h1', { hasText: 'Kontakter och ansvar' }).waitFor();
  await expectNoAxeViolations(page, 'the contacts page');

  // A new contact person, typed and sent by keyboard alone.
  await page.locator('#kontakt-new-namn').focus();
  await page.keyboard.type(ENGINEER);
  for (const value of ['VA-ingenjör', 'Water engineer', 'Roslagsvatten', '0176-123 45', `sara.${RUN}@roslagsvatten.example`]) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/personal\/kontakter/);
  const person = page.locator('.contact-people > li', { hasText: ENGINEER });
  await person.waitFor();
  assert.match(await person.innerText(), /Roslagsvatten/);

  // She answers VA questions in Görla; the choice is saved on its own and shown again.
  const row = gorlaVa(page);
  await row.locator('select[name="ansvarig"]').selectOption({ label: `${ENGINEER} (Roslagsvatten)` });
  await row.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/personal\/kontakter/);
  const chosen = await gorlaVa(page).locator('select[name="ansvarig"] option:checked').innerText();
  assert.equal(chosen, `${ENGINEER} (Roslagsvatten)`);
  // Each select says which question and area it is for.
  const label = await gorlaVa(page).locator('select[name="ansvarig"]').evaluate((el) => el.labels[0].textContent.replace(/\s+/g, ' ').trim());
  assert.match(label, /^Ansvarig Vatten och avlopp, Görla/);
  await context.close();

  // A company, without JavaScript, asks about VA for a Görla plot: she answers.
  const company = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const form = await company.newPage();
  await form.goto(`${BASE_URL}/tomter`);
  await form.getByRole('link', { name: 'Görla 9:12', exact: true }).click();
  await form.locator('.fact-sheet-actions').getByRole('link', { name: 'Anmäl intresse', exact: true }).click();
  await form.waitForURL(/\/intresse\?/);
  await form.locator('#interest-fraga').selectOption('water_sewage');
  await form.getByLabel('Företagets namn *').fill(`VA-frågan ${RUN} AB`);
  await form.getByLabel('Organisationsnummer *').fill('556677-8899');
  await form.getByLabel('Kontaktperson *').fill('Vilma Vatten');
  await form.getByLabel('E-post *').fill('vilma@vafragan.example');
  await form.locator('#interest-samtycke').check();
  await form.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await form.waitForURL(/\/intresse\/skickad/);
  assert.match(await form.locator('[data-field="contact"]').innerText(), new RegExp(ENGINEER));
  // The next step from there: a meeting with the same person, who has published no times yet.
  await form.getByRole('link', { name: 'Boka ett möte' }).click();
  await form.waitForURL(/\/boka\?tomt=\d+&fraga=water_sewage$/);
  assert.match(await form.locator('[data-field="contact"]').innerText(), new RegExp(ENGINEER));
  await form.locator('[data-field="no-times"]').waitFor();
  await company.close();

  // Staff see who answers, and hand the case over to the municipality's business guide.
  const staff = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const inbox = await signIn(staff, MEX);
  await inbox.goto(`${BASE_URL}/personal/intresse`);
  const caseRow = inbox.locator('table.inbox tbody tr', { hasText: `VA-frågan ${RUN} AB` });
  assert.match(await caseRow.locator('td[data-field="owner"]').innerText(), new RegExp(ENGINEER));
  await caseRow.getByRole('link', { name: `VA-frågan ${RUN} AB` }).click();
  await inbox.locator('h1', { hasText: `VA-frågan ${RUN} AB` }).waitFor();
  assert.match(await inbox.locator('main').innerText(), /Vatten och avlopp/);
  await expectNoAxeViolations(inbox, 'a case with its owner');
  const owner = inbox.locator('#case-svarar');
  assert.match(await owner.locator('option:checked').innerText(), new RegExp(ENGINEER));
  const guide = await owner.locator('option', { hasText: 'Sara Holm' }).getAttribute('value');
  await owner.selectOption(guide);
  await inbox.getByRole('button', { name: 'Spara', exact: true }).click();
  await inbox.waitForURL(/sparad=1/);
  assert.match(await inbox.locator('.history').innerText(), new RegExp(`Lämnade över ärendet till Sara Holm[^\\n]*från ${ENGINEER}`));
  // The handover's e-mail is among the case's (not sent: no SMTP server in this run).
  assert.match(await inbox.locator('.mail-list').innerText(), /Ärende överlämnat till dig/);
  await staff.close();
});

test('the contacts page on a phone: nothing wider than the screen, every choice reachable', async () => {
  const context = await browser.newContext(PHONE);
  const page = await signIn(context, ADMIN);
  await page.goto(`${BASE_URL}/personal/kontakter`);
  await page.locator('h1', { hasText: 'Kontakter och ansvar' }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width} px wide`);
  const select = gorlaVa(page).locator('select[name="ansvarig"]');
  const box = await select.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360 && box.height >= 24, JSON.stringify(box));
  await expectNoAxeViolations(page, 'the contacts page on a phone');
  await context.close();
});

test('only admins see the contacts page', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, MEX);
  assert.equal(await page.getByRole('link', { name: 'Kontakter', exact: true }).count(), 0);
  const response = await page.goto(`${BASE_URL}/personal/kontakter`);
  assert.equal(response.status(), 403);
  await context.close();
});
