import { chromium } from 'playwright-core';
const BASE = 'http://127.0.0.1:3977';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [w, h, seg] of [[1366, 900, 1100], [360, 740, 1400]]) {
  const context = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await context.newPage();
  await page.goto(`${BASE}/personal/logga-in`);
  await page.getByLabel('E-post').fill('insikt@demo.invalid');
  await page.getByLabel('Lösenord').fill('demo-insikt-2026');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/personal$/);
  await page.goto(`${BASE}/personal/insikter${process.env.Q || ''}`);
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, i = 0; y < total; y += seg, i++) {
    await page.screenshot({ path: `/tmp/shots/ins-${w}-${i}.png`, fullPage: true, clip: { x: 0, y, width: w, height: Math.min(seg, total - y) } });
  }
  console.log(w, total);
  const anon = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
  await anon.goto(`${BASE}/enkat/${'a'.repeat(64)}`);
  await anon.screenshot({ path: `/tmp/shots/survey-${w}.png`, fullPage: true });
}
await browser.close();
