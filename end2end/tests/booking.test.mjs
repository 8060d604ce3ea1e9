// Booking a meeting with the person who answers, in a real browser: from a plot's fact sheet by
// keyboard, the calendar file, the time gone for others, cancelled through the company's link;
// without JavaScript on a phone in English; and staff publishing times at /personal/moten.
// Axe on every page, 360 px, keyboard. The public pages are the server's alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, launchBrowser, ownClient, expectNoAxeViolations, publishedPlotIds, noOverflow } from './browser.mjs';
import { MEX, signIn } from './workspace.mjs';

let browser;
/** Published plots by designation: their ids. */
const ids = {};
before(async () => {
  browser = await launchBrowser();
  Object.assign(ids, await publishedPlotIds());
});
after(async () => {
  await browser?.close();
});

const RUN = Date.now().toString(36);

test('by keyboard from the fact sheet: a time booked, the calendar file, gone for others, cancelled', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomt/${ids['Görla 9:13']}`);
  const link = page.getByRole('link', { name: 'Boka ett möte', exact: true });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/boka\?tomt=\d+$/);
  await page.locator('h1', { hasText: 'Boka ett möte' }).waitFor();
  assert.equal(await page.title(), 'Boka ett möte – Markkartan');
  assert.match(await page.locator('[data-field="about"]').innerText(), /Görla 9:13/);
  const person = (await page.locator('[data-field="contact"] strong').innerText()).trim();
  assert.ok(person.length > 0);
  await expectNoAxeViolations(page, 'the booking page');

  // The first free time, by keyboard: Space picks it, Tab goes on to the fields.
  const first = page.locator('#booking-tid');
  const slot = await first.getAttribute('value');
  const when = await page.locator('label[for="booking-tid"]').innerText();
  // The sample's phone hours: 09.00–11.00 Swedish time, the first one first.
  assert.match(when, /^09\.00–09\.20 · Telefonmöte$/);
  await first.focus();
  await page.keyboard.press('Space');
  assert.ok(await first.isChecked());
  await page.locator('#booking-foretag').focus();
  await page.keyboard.type(`Bokarna ${RUN} AB`);
  for (const value of ['Kim Bokare', `kim.${RUN}@bokarna.example`, '070-123 45 67', 'Vi vill prata om VA.']) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#booking-samtycke').isChecked());
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/boka\/bokad\?nyckel=[0-9a-f]{64}$/);
  await page.locator('h1', { hasText: 'Ditt möte är bokat' }).waitFor();
  assert.ok((await page.locator('[data-field="when"]').innerText()).includes(when.split(' · ')[0]), when);
  assert.match(await page.locator('[data-field="contact"]').innerText(), new RegExp(person));
  assert.equal(await page.locator('[data-field="company"]').innerText(), `Bokarna ${RUN} AB`);
  await expectNoAxeViolations(page, 'the booking');
  const link_ = page.url();

  // The calendar file.
  const ics = await page.request.get(BASE_URL + await page.getByRole('link', { name: /Lägg till i kalendern/ }).getAttribute('href'));
  assert.equal(ics.status(), 200);
  assert.match(ics.headers()['content-type'], /^text\/calendar/);
  const calendar = await ics.text();
  assert.match(calendar, /BEGIN:VEVENT[\s\S]*STATUS:CONFIRMED[\s\S]*END:VEVENT/);
  assert.match(calendar, new RegExp(`Bokarna ${RUN} AB`));

  // Another company no longer sees the time.
  const other = await browser.newContext({ javaScriptEnabled: false });
  const otherPage = await other.newPage();
  await otherPage.goto(`${BASE_URL}/boka?tomt=${ids['Görla 9:13']}`);
  assert.equal(await otherPage.locator(`input[name="tid"][value="${slot}"]`).count(), 0);

  // Cancelled through the link: the time is back for the other company.
  await page.getByRole('button', { name: 'Avboka mötet' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Mötet är avbokat' }).waitFor();
  assert.equal(page.url(), link_);
  await otherPage.reload();
  assert.equal(await otherPage.locator(`input[name="tid"][value="${slot}"]`).count(), 1);
  await other.close();
  await context.close();
});

test('on a phone in English: the form says what is missing, nothing wider than the screen', async () => {
  // The page carries no script of its own (the server renders it whole), so this is also how it
  // works without JavaScript; axe needs script in the page, so it stays on.
  const context = await browser.newContext({ ...PHONE, extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/boka?tomt=${ids['Görla 9:13']}&lang=en`);
  await page.locator('h1', { hasText: 'Book a meeting' }).waitFor();
  await noOverflow(page, 'the booking page');
  // A time's row is big enough to tap.
  const row = await page.locator('.booking-times li').first().boundingBox();
  assert.ok(row.height >= 44 && row.x + row.width <= 360, JSON.stringify(row));
  await page.getByRole('button', { name: 'Book the time' }).click();
  await page.locator('#booking-errors').waitFor();
  const errors = await page.locator('#booking-errors li').allInnerTexts();
  assert.deepEqual(errors, [
    'Choose a time.',
    "Enter the company's name.",
    'Enter your name.',
    'Enter an e-mail address, for example name@company.com.',
    'Tick the box to let us keep your details for the meeting.',
  ]);
  assert.equal(await page.locator('#booking-foretag').getAttribute('aria-invalid'), 'true');
  await noOverflow(page, 'the refused form');
  await expectNoAxeViolations(page, 'the refused booking form on a phone');
  // The question changes who answers, without script too.
  await page.locator('#booking-fraga').selectOption('water_sewage');
  await page.getByRole('button', { name: 'Show times' }).click();
  await page.waitForURL(/fraga=water_sewage/);
  assert.equal(await page.locator('#booking-fraga').inputValue(), 'water_sewage');
  await context.close();
});

test('staff publish phone hours; the schedule shows them, on a phone too', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await signIn(context, MEX);
  await page.getByRole('link', { name: 'Möten', exact: true }).click();
  await page.waitForURL(/\/personal\/moten$/);
  await page.locator('h1', { hasText: 'Möten' }).waitFor();
  await expectNoAxeViolations(page, 'the meetings page');
  // Sixty days ahead, in the afternoon: clear of the sample's phone hours.
  const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const fill = async () => {
    await page.getByLabel('Med', { exact: true }).selectOption({ label: 'Sara Holm (Norrtälje kommun)' });
    await page.getByLabel('Hur', { exact: true }).selectOption({ label: 'Videomöte' });
    await page.getByLabel('Första dagen').fill(day);
    await page.getByLabel('Från', { exact: true }).fill('13:00');
    await page.getByLabel('Till', { exact: true }).fill('14:00');
    await page.getByLabel('Minuter per tid').fill('30');
    await page.getByLabel('Antal veckor').fill('2');
  };
  await fill();
  await page.getByRole('button', { name: 'Publicera' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/publicerade=4/);
  assert.match(await page.locator('.saved').innerText(), /4 tider publicerade/);
  assert.ok(await page.locator('.meeting-slot[data-state="free"]', { hasText: 'Videomöte · Sara Holm' }).count() >= 4);
  // The same times again overlap: refused, the form kept.
  await fill();
  await page.getByRole('button', { name: 'Publicera' }).click();
  await page.locator('.error-summary', { hasText: 'överlappar' }).waitFor();
  await context.close();

  const phone = await browser.newContext(PHONE);
  const small = await signIn(phone, MEX);
  await small.goto(`${BASE_URL}/personal/moten`);
  await small.locator('h1', { hasText: 'Möten' }).waitFor();
  await noOverflow(small, 'the meetings page');
  await expectNoAxeViolations(small, 'the meetings page on a phone');
  await phone.close();
});
