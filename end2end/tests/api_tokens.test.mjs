// API tokens on the accounts page, in a real browser: an admin issues one from the keyboard,
// sees it once (accessible, fitting a phone), a standards client writes a plot with it through
// the OGC API, the page then shows its last use and never the token again, and once revoked
// the token is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser } from './browser.mjs';
import { expectNoAxeViolations, signIn } from './workspace.mjs';

const ADMIN = { email: 'admin@demo.invalid', password: 'demo-admin-2026' };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function fitsAPhone(page, what) {
  await page.setViewportSize({ width: 360, height: 740 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${what} fits 360 px (is ${width})`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A price change to the plot with this id through OGC API – Features Part 4, as a client would. */
async function patchPrice(token, id, price) {
  const item = `${BASE_URL}/ogc/collections/plots/items/${id}`;
  const read = await fetch(item);
  assert.equal(read.status, 200);
  return fetch(item, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'if-match': read.headers.get('etag'),
      'content-type': 'application/merge-patch+json',
    },
    body: JSON.stringify({ properties: { price_sek_per_m2: price } }),
  });
}

test('an admin issues a token from the keyboard, it writes a plot, and once revoked it is refused', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, ADMIN);
  await page.goto(`${BASE_URL}/personal/konton`);
  await page.getByRole('heading', { name: 'API-nycklar' }).waitFor();
  await expectNoAxeViolations(page, 'the accounts page with its API tokens');

  // The form, by keyboard alone: name, account, days, then Enter.
  await page.locator('#token-namn').focus();
  await page.keyboard.type('QGIS hos mark och exploatering');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'token-konto');
  const mex = await page.locator('#token-konto option', { hasText: 'mex@demo.invalid' }).getAttribute('value');
  await page.locator('#token-konto').selectOption(mex);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'token-dagar');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('30');
  await page.keyboard.press('Enter');
  const issued = page.locator('#api-token-issued');
  await issued.waitFor();
  const token = (await issued.locator('code').innerText()).trim();
  assert.match(token, /^mk_[0-9a-f]{64}$/);
  await expectNoAxeViolations(page, 'the accounts page showing a new token');
  await fitsAPhone(page, 'the new token');

  // A client writes with it.
  const plot = await (await fetch(`${BASE_URL}/ogc/collections/plots/items?limit=1`)).json();
  const id = plot.features[0].id;
  assert.equal((await patchPrice(token, id, 812)).status, 204);
  const after = await (await fetch(`${BASE_URL}/ogc/collections/plots/items/${id}`)).json();
  assert.equal(after.properties.price_sek_per_m2, 812);

  // The list shows it with its last use, never the token itself.
  await page.goto(`${BASE_URL}/personal/konton`);
  const row = page.locator('tr', { hasText: 'QGIS hos mark och exploatering' });
  await row.waitFor();
  assert.doesNotMatch(await row.innerText(), /Aldrig/);
  assert.ok(!(await page.content()).includes(token), 'the token is shown once only');
  await fitsAPhone(page, 'the accounts page with tokens');

  // Revoked from the keyboard: refused from then on.
  const revoke = row.getByRole('button', { name: /Återkalla QGIS/ });
  await revoke.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/personal\/konton$/);
  await page.locator('tr', { hasText: 'QGIS hos mark och exploatering' }).getByText('Återkallad').waitFor();
  assert.equal((await patchPrice(token, id, 813)).status, 401);
  await context.close();
});

test('a token form that cannot be issued says why and keeps what was typed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, ADMIN);
  await page.goto(`${BASE_URL}/personal/konton`);
  await page.locator('#token-namn').fill('<b>Skript</b>');
  await page.locator('#token-dagar').fill('999');
  await page.locator('#token-dagar').evaluate((input) => input.removeAttribute('max'));
  await page.getByRole('button', { name: 'Skapa nyckel' }).click();
  await page.getByRole('alert').filter({ hasText: 'Giltighetstiden' }).waitFor();
  assert.equal(await page.locator('#token-namn').inputValue(), '<b>Skript</b>');
  assert.equal(await page.locator('#api-token-issued').count(), 0);
  await expectNoAxeViolations(page, 'a refused token form');
  await context.close();
});
