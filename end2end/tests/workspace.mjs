// What the staff workspace's browser tests share: the demo accounts, signing in, and the
// accessibility check.
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL } from './browser.mjs';

// The demo accounts the browser-test server has (README, "Staff workspace").
export const MEX = { email: 'mex@demo.invalid', password: 'demo-mex-2026' };
export const PLANNER = { email: 'plan@demo.invalid', password: 'demo-plan-2026' };

export async function signIn(context, account) {
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/personal/logga-in`);
  await page.getByLabel('E-post').fill(account.email);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/personal$/);
  return page;
}

export async function expectNoAxeViolations(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  assert.deepEqual(summary, [], `axe-core on ${what}`);
}
