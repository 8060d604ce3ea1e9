// The interest form: a keyboard-only journey from the landing page to a sent form, every
// validation error with the typed values kept, the language, and axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL, launchBrowser, ownClient, WCAG_TAGS } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Presses Tab until the focused element matches `check` (run in the page), at most `max` times. */
async function tabUntil(page, check, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(check)) return;
  }
  throw new Error(`focus never reached: ${check}`);
}

test('keyboard only: from the landing page to a sent interest for a plot', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  await page.goto(BASE_URL + '/');
  await tabUntil(page, () => document.activeElement?.textContent === 'Lista över tomter');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tomter$/);
  await page.locator('.plot-table').waitFor();
  await tabUntil(page, () => document.activeElement?.textContent === 'Görla 9:12');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tomt\/\d+$/);
  await page.locator('h1', { hasText: 'Görla 9:12' }).waitFor();
  await tabUntil(page, () => document.activeElement?.textContent === 'Anmäl intresse'
    && document.activeElement.closest('.fact-sheet') !== null);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/intresse\?tomt=\d+$/);
  await page.locator('[data-field="about"]', { hasText: 'Görla 9:12' }).waitFor();

  // Tab to each field in turn and type, as a keyboard user does.
  const focusAndType = async (id, text) => {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((id) => document.activeElement?.id === id, id)) {
        await page.keyboard.type(text);
        return;
      }
    }
    throw new Error(`never reached #${id}`);
  };
  await focusAndType('interest-foretag', 'Tangentbordets Verkstad AB');
  await focusAndType('interest-orgnr', '556677-8899');
  await focusAndType('interest-kontaktperson', 'Kim Andersson');
  await focusAndType('interest-epost', 'kim@tangentbord.example');
  await focusAndType('interest-meddelande', 'Verkstad, cirka 20 anställda.');
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'interest-samtycke')) break;
  }
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#interest-samtycke').isChecked(), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skicka intresseanmälan');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/intresse\/skickad\?tomt=\d+$/);
  await page.locator('h1', { hasText: 'Tack för din intresseanmälan' }).waitFor();
  assert.match(await page.locator('[data-field="contact"]').innerText(), /Anna Lindqvist/);
  await context.close();
});

test('each invalid field is named next to it, and everything typed is kept', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/intresse`);
  assert.match(await page.locator('[data-field="about"]').innerText(), /mark för verksamheter i allmänhet/);
  await page.getByLabel('Företagets namn *').fill('Felskrivarna AB');
  await page.getByLabel('Organisationsnummer *').fill('556677-8898');
  await page.getByLabel('Kontaktperson *').fill('Alex Fel');
  await page.getByLabel('E-post *').fill('alex.felskrivarna.example');
  await page.getByLabel('Berätta om verksamheten').fill('Kontor för 5 personer.');
  // Consent left unticked.
  await page.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await page.locator('.error-summary').waitFor();
  const summary = await page.locator('.error-summary').innerText();
  assert.match(summary, /Organisationsnummer: Kontrollsiffran stämmer inte/);
  assert.match(summary, /E-post: Skriv en e-postadress/);
  assert.match(summary, /Samtycke: Kryssa i rutan/);
  assert.equal(await page.locator('#error-orgnr').innerText(), 'Kontrollsiffran stämmer inte. Kontrollera numret.');
  assert.equal(await page.locator('#interest-orgnr').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#interest-orgnr').inputValue(), '556677-8898');
  assert.equal(await page.locator('#interest-foretag').inputValue(), 'Felskrivarna AB');
  assert.equal(await page.locator('#interest-epost').inputValue(), 'alex.felskrivarna.example');
  assert.equal(await page.locator('#interest-meddelande').inputValue(), 'Kontor för 5 personer.');

  // Fixing the fields sends it.
  await page.locator('#interest-orgnr').fill('556677-8899');
  await page.locator('#interest-epost').fill('alex@felskrivarna.example');
  await page.locator('#interest-samtycke').check();
  await page.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await page.waitForURL(/\/intresse\/skickad/);
  // A general interest goes to the business guide.
  assert.match(await page.locator('[data-field="contact"]').innerText(), /Sara Holm/);
  await context.close();
});

test("interest in a whole business area, from a plot's fact sheet", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  await page.getByRole('link', { name: 'Kapellskär 2:14' }).click();
  await page.getByRole('link', { name: 'Anmäl intresse för hela området' }).click();
  await page.waitForURL(/\/intresse\?omrade=Kapellsk/);
  assert.match(await page.locator('[data-field="about"]').innerText(), /Kapellskär logistikområde/);
  await page.getByLabel('Företagets namn *').fill('Områdesbolaget AB');
  await page.getByLabel('Organisationsnummer *').fill('556677-8899');
  await page.getByLabel('Kontaktperson *').fill('Vera Område');
  await page.getByLabel('E-post *').fill('vera@omrade.example');
  await page.locator('#interest-samtycke').check();
  await page.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await page.waitForURL(/\/intresse\/skickad\?omrade=Kapellsk/);
  await page.locator('h1', { hasText: 'Tack för din intresseanmälan' }).waitFor();
  await context.close();
});

test('in English the form, its errors and the confirmation are English', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/intresse?lang=en`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('Company name *').fill('Export Ltd');
  await page.getByLabel('Swedish company number (organisationsnummer) *').fill('12345');
  await page.getByRole('button', { name: 'Send registration of interest' }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /A company number has ten digits/);
  assert.equal(await page.locator('#interest-foretag').inputValue(), 'Export Ltd');
  await context.close();
});

test('the interest pages have no accessibility violations', async () => {
  const context = await browser.newContext({ extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  for (const path of ['/intresse', '/intresse?lang=en']) {
    await page.goto(BASE_URL + path);
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], path);
  }
  // And with every error showing.
  await page.goto(`${BASE_URL}/intresse`);
  await page.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
  await page.locator('.error-summary').waitFor();
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], 'with errors');
  await context.close();
});

test('the rate limit turns a sender away with a message and keeps the form', async () => {
  // The browser-test server allows a handful per hour from one address; this context has its own.
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownClient() });
  const page = await context.newPage();
  let limited = false;
  for (let i = 0; i < 12 && !limited; i++) {
    await page.goto(`${BASE_URL}/intresse`);
    await page.getByLabel('Företagets namn *').fill(`Upprepningen ${i} AB`);
    await page.getByLabel('Organisationsnummer *').fill('556677-8899');
    await page.getByLabel('Kontaktperson *').fill('Robin Upprepning');
    await page.getByLabel('E-post *').fill('robin@upprepning.example');
    await page.locator('#interest-samtycke').check();
    await page.getByRole('button', { name: 'Skicka intresseanmälan' }).click();
    await page.waitForLoadState();
    limited = await page.locator('.error-summary').isVisible();
    if (limited) {
      assert.match(await page.locator('.error-summary').innerText(), /många anmälningar från din anslutning/);
      assert.equal(await page.locator('#interest-foretag').inputValue(), `Upprepningen ${i} AB`);
    }
  }
  assert.ok(limited, 'the limit was reached');
  await context.close();
});
