// A proposal for one company, in a real browser: a company registers its interest; the guide
// assembles a proposal from the case (two items with notes, a letter) by keyboard and sends it;
// the company opens the link from the e-mail, marks an item, asks a question and books a
// meeting, by keyboard; the guide sees it opened and marked and revokes it, and the link is
// refused. Axe on every page, 360 px for both sides, English for the company.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, ownClient, noOverflow } from './browser.mjs';
import { MEX, signIn, expectNoAxeViolations } from './workspace.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// This run's own names, so the test passes alone and again on the same database.
const RUN = Date.now().toString(36);
const COMPANY = `Förslaget ${RUN} AB`;

/** A company registers its interest in Görla 9:12 without JavaScript: its case exists. */
async function registerInterest() {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const form = await context.newPage();
  await form.goto(`${BASE_URL}/tomter`);
  await form.getByRole('link', { name: 'Görla 9:12', exact: true }).click();
  await form.locator('.fact-sheet-actions').getByRole('link', { name: 'Anmäl intresse', exact: true }).click();
  await form.waitForURL(/\/intresse\?/);
  await form.getByLabel('Företagets namn *').fill(COMPANY);
  await form.getByLabel('Organisationsnummer *').fill('556677-8899');
  await form.getByLabel('Kontaktperson *').fill('Kim Förslag');
  await form.getByLabel('E-post *').fill(`kim.${RUN}@forslaget.example`);
  await form.locator('#interest-samtycke').check();
  await form.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await form.waitForURL(/\/intresse\/skickad/);
  await context.close();
}

test('a guide sends a proposal; the company marks, asks and books from it by keyboard; revoked, it is refused', async () => {
  await registerInterest();

  // The guide finds the case and starts a proposal.
  const staff = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const guide = await signIn(staff, MEX);
  await guide.goto(`${BASE_URL}/personal/intresse`);
  await guide.getByRole('link', { name: COMPANY, exact: true }).click();
  await guide.waitForURL(/\/personal\/intresse\/\d+$/);
  const casePage = guide.url();
  // The inbox is hydrated, so the case page comes by a client-side navigation: the URL changes
  // before the case has been read and drawn. Once nothing more is loading, the button stays.
  await guide.waitForLoadState('networkidle');
  const newProposal = guide.getByRole('button', { name: 'Gör ett nytt förslag' });
  await newProposal.focus();
  assert.equal(await newProposal.evaluate((button) => button === document.activeElement), true);
  await guide.keyboard.press('Enter');
  await guide.waitForURL(/\/personal\/forslag\/\d+$/);
  const editor = guide.url();
  await guide.locator('h1', { hasText: `Förslag till ${COMPANY}` }).waitFor();
  assert.match(await guide.locator('[data-field="state"]').innerText(), /^Utkast/);
  await expectNoAxeViolations(guide, 'the proposal editor');

  // Two items, each with a note: the choice from the list, the rest by keyboard.
  const add = async (label, note) => {
    const before = await guide.locator('.proposal-items > li').count();
    await guide.locator('#forslag-punkt').selectOption({ label });
    await guide.locator('#forslag-punkt').focus();
    await guide.keyboard.press('Tab');
    await guide.keyboard.type(note);
    await guide.keyboard.press('Enter');
    await guide.locator('.proposal-items > li').nth(before).waitFor();
  };
  const plotLabel = await guide
    .locator('#forslag-punkt option', { hasText: /^Görla 9:13 – / })
    .first()
    .innerText();
  await add(plotLabel.trim(), 'VA-anslutning 2027');
  const areaLabel = await guide.locator('#forslag-punkt optgroup[label="Framtida områden"] option').first().innerText();
  await add(areaLabel.trim(), 'Kan bli aktuellt om några år');
  assert.equal(await guide.locator('.proposal-items > li').count(), 2);

  // The letter, by keyboard; the contact is the case's (who answers it).
  await guide.locator('#forslag-brev').focus();
  await guide.keyboard.type(`Hej Kim!`);
  await guide.keyboard.press('Enter');
  await guide.keyboard.press('Enter');
  await guide.keyboard.type('Här är två förslag som kan passa er.');
  const contact = (await guide.locator('#forslag-kontakt option:checked').innerText()).trim();
  assert.notEqual(contact, 'Ingen');
  await guide.getByRole('button', { name: 'Spara brevet' }).focus();
  await guide.keyboard.press('Enter');
  await guide.waitForURL(/\?sparad=1$/);
  await guide.getByRole('button', { name: 'Skicka förslaget till företaget' }).focus();
  await guide.keyboard.press('Enter');
  await guide.waitForURL(/\?skickad=1$/);
  assert.match(await guide.locator('[data-field="state"]').innerText(), /^Skickat .*Inte öppnat ännu/);
  // Sent: nothing more to add.
  assert.equal(await guide.locator('#forslag-punkt').count(), 0);

  // The link, from the e-mail the case shows (no SMTP server here: what would be sent).
  await guide.goto(casePage);
  const mail = guide.locator('.mail-list li', { hasText: 'Förslag på mark från Norrtälje kommun' });
  const body = await mail.locator('pre.mail-body').textContent();
  const link = body.match(/https?:\/\/[^\s]+\/forslag\/[0-9a-f]{64}/)[0];
  const path = new URL(link).pathname;

  // The company opens it, by keyboard.
  const company = await browser.newContext({ viewport: { width: 1366, height: 900 }, extraHTTPHeaders: ownClient() });
  const page = await company.newPage();
  const response = await page.goto(`${BASE_URL}${path}`);
  assert.equal(response.headers()['cache-control'], 'private, no-store');
  await page.locator('h1', { hasText: `Förslag till ${COMPANY}` }).waitFor();
  assert.equal(await page.title(), `Förslag till ${COMPANY} – Markkartan`);
  assert.match(await page.locator('[data-field="letter"]').innerText(), /Hej Kim!\s+Här är två förslag/);
  const first = page.locator('.proposal-item').first();
  assert.match(await first.locator('h3').innerText(), /Görla 9:13/);
  assert.match(await first.locator('[data-field="note"]').innerText(), /VA-anslutning 2027/);
  assert.match(await page.locator('[data-field="contact"]').innerText(), new RegExp(contact.split(' (')[0]));
  await expectNoAxeViolations(page, 'the proposal');

  await first.getByRole('button', { name: 'Intressant', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/#punkt-\d+$/);
  assert.equal(
    await page.locator('.proposal-item').first().getByRole('button', { name: 'Intressant', exact: true }).getAttribute('aria-pressed'),
    'true',
  );
  assert.match(await page.locator('.proposal-item').first().locator('[data-field="verdict"]').innerText(), /intressant/);

  await page.locator('#proposal-fraga').focus();
  await page.keyboard.type('Hur stor effekt kan vi få?');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/fragat=1#fraga$/);
  await page.locator('[data-field="asked"]').waitFor();

  // A meeting with the guide: the first free time, by keyboard.
  const time = page.locator('#proposal-tid');
  await time.focus();
  await page.keyboard.press('Space');
  assert.ok(await time.isChecked());
  await page.locator('#proposal-meddelande').focus();
  await page.keyboard.type('Om effekten');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/boka\/bokad\?nyckel=[0-9a-f]{64}$/);
  await page.locator('h1', { hasText: 'Ditt möte är bokat' }).waitFor();
  assert.equal(await page.locator('[data-field="company"]').innerText(), COMPANY);

  // On a phone, in English: nothing wider than the screen.
  const phone = await browser.newContext({ ...PHONE, extraHTTPHeaders: ownClient() });
  const small = await phone.newPage();
  await small.goto(`${BASE_URL}${path}?lang=en`);
  await small.locator('h1', { hasText: `Proposal for ${COMPANY}` }).waitFor();
  await noOverflow(small, 'the proposal on a phone');
  await expectNoAxeViolations(small, 'the proposal on a phone in English');

  // The guide sees it opened, marked and asked about, and in the case's history.
  await guide.goto(editor);
  assert.match(await guide.locator('[data-field="state"]').innerText(), /Öppnat första gången .*Intressant: 1/);
  await guide.goto(casePage);
  const history = await guide.locator('ol.history').innerText();
  for (const step of ['Började på förslag', 'Skickade förslag', 'öppnade förslag', 'markerade Görla 9:13', 'frågade i förslag', 'bokade']) {
    assert.ok(history.includes(step), `the history has ${step}: ${history}`);
  }

  // The editor on a phone, then revoked: the company's link is refused.
  const staffPhone = await browser.newContext({ ...PHONE });
  const guideSmall = await signIn(staffPhone, MEX);
  await guideSmall.goto(editor);
  await noOverflow(guideSmall, 'the proposal editor on a phone');
  await expectNoAxeViolations(guideSmall, 'the sent proposal in the editor on a phone');
  await guideSmall.getByRole('button', { name: 'Återkalla länken' }).focus();
  await guideSmall.keyboard.press('Enter');
  await guideSmall.locator('[data-field="state"]', { hasText: 'återkallades' }).waitFor();
  const refused = await page.goto(`${BASE_URL}${path}`);
  assert.equal(refused.status(), 410);
  await page.locator('h1', { hasText: 'Länken gäller inte längre' }).waitFor();
  await expectNoAxeViolations(page, 'the revoked link');
  for (const context of [staff, company, phone, staffPhone]) await context.close();
});
