// Every public and staff page under its Content-Security-Policy, in a real browser: the policy is
// sent, nothing on any page violates it (the WASM still loads and hydrates the map), and the page
// reports no script errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_URL, launchBrowser } from './browser.mjs';
import { signIn } from './workspace.mjs';

const ADMIN = { email: 'admin@demo.invalid', password: 'demo-admin-2026' };
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/tests/fixtures/import');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Records the policy violations the page reports, and the console's mention of any. */
async function watch(context) {
  const page = await context.newPage();
  page.violations = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) page.violations.push(message.text());
  });
  page.on('pageerror', (error) => page.violations.push(`script error: ${error.message}`));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__csp.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return page;
}

async function visit(page, pathname, ready) {
  const response = await page.goto(BASE_URL + pathname);
  const policy = response.headers()['content-security-policy'] ?? '';
  assert.match(policy, /script-src 'self'/, `${pathname}: policy sent`);
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'/, pathname);
  if (ready) await page.locator(ready).first().waitFor({ timeout: 30_000 });
  // Let late requests (the WASM, server functions, images) happen.
  await page.waitForLoadState('networkidle');
  const reported = await page.evaluate(() => window.__csp);
  assert.deepEqual([...reported, ...page.violations], [], `${pathname}: violations`);
}

test('no public page violates its Content-Security-Policy', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watch(context);
  await visit(page, '/', 'svg.map-canvas[data-hydrated="true"]');
  const plotId = await page.locator('a.plot').first().getAttribute('data-plot-id');
  const pages = [
    [`/?tomt=${plotId}`, 'svg.map-canvas[data-hydrated="true"]'],
    ['/?lang=en', 'svg.map-canvas[data-hydrated="true"]'],
    [`/tomt/${plotId}`, 'article.fact-sheet'],
    ['/tomter', '.plot-table'],
    ['/tomter?min_yta=abc', '.plot-table'],
    [`/jamfor?tomt=${plotId}`, 'table.compare-table'],
    [`/boka?tomt=${plotId}`, 'h1'],
    ['/planer', 'h1'],
    ['/sammanhangande?yta=10000', 'h1'],
    ['/sok?q=G%C3%B6rla', 'h1'],
    ['/tillganglighet', 'h1'],
    ['/intresse', 'form.interest-form'],
    [`/intresse?tomt=${plotId}`, 'form.interest-form'],
    ['/intresse/skickad', 'h1'],
    ['/finns-inte', 'h1'],
    ['/personal/logga-in', 'h1'],
  ];
  for (const [pathname, ready] of pages) await visit(page, pathname, ready);
  await context.close();
});

test('no staff page violates its Content-Security-Policy', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // An interest to open, sent as a company would (from an address of its own).
  const sent = await context.request.post(`${BASE_URL}/intresse`, {
    headers: { 'X-Forwarded-For': '198.51.100.62' },
    form: {
      foretag: 'CSP-testet AB', orgnr: '556677-8899', kontaktperson: 'Kim', epost: 'kim@csp.example',
      samtycke: 'ja', lang: 'sv',
    },
    maxRedirects: 0,
  });
  assert.equal(sent.status(), 303);
  const signedIn = await signIn(context, ADMIN);
  // A draft to review, made through the upload form.
  await signedIn.goto(`${BASE_URL}/personal/import`);
  await signedIn.getByLabel('Fil', { exact: true }).setInputFiles(path.join(FIXTURES, 'good_3011.geojson'));
  await signedIn.getByRole('button', { name: 'Ladda upp och förhandsgranska' }).click();
  await signedIn.waitForURL(/\/personal\/import\/\d+$/, { timeout: 30_000 });
  const draft = new URL(signedIn.url()).pathname;
  await signedIn.goto(`${BASE_URL}/personal/intresse`);
  const inquiry = await signedIn.locator('a[href^="/personal/intresse/"]').first().getAttribute('href');
  await signedIn.goto(`${BASE_URL}/personal`);
  const editor = await signedIn.locator('a[href^="/personal/tomt/"]').first().getAttribute('href');
  await signedIn.close();

  const page = await watch(context);
  const pages = [
    ['/personal', 'h1'],
    [editor, '.edit-map'],
    ['/personal/intresse', 'h1'],
    ['/personal/konton', 'h1'],
    ['/personal/import', 'form[data-hydrated="true"]'],
    [draft, 'h1'],
    ['/personal/tomt/999999', 'h1'],
    [inquiry, 'h1'],
  ];
  for (const [pathname, ready] of pages) await visit(page, pathname, ready);
  // A refusal page too (a POST the form did not send right).
  const refused = await page.request.post(`${BASE_URL}/personal/tomt/abc`, { form: { csrf: 'x' } });
  assert.equal(refused.status(), 400);
  assert.match(refused.headers()['content-security-policy'], /frame-ancestors 'none'/);
  await context.close();
});
