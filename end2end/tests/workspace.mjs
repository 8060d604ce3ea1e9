// What the staff workspace's browser tests share: the demo accounts, signing in, and the
// accessibility check (browser.mjs's, passed on).
import { BASE_URL, expectNoAxeViolations } from './browser.mjs';

export { expectNoAxeViolations };

// The demo accounts the browser-test server has (README, "Staff workspace").
export const MEX = { email: 'mex@demo.invalid', password: 'demo-mex-2026' };
export const PLANNER = { email: 'plan@demo.invalid', password: 'demo-plan-2026' };
export const ADMIN = { email: 'admin@demo.invalid', password: 'demo-admin-2026' };

export async function signIn(context, account) {
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/personal/logga-in`);
  await page.getByLabel('E-post').fill(account.email);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/personal$/);
  return page;
}

