// Launches Debian's Chromium (never a downloaded browser) for the browser tests.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.MARKKARTAN_URL ?? 'http://127.0.0.1:3917';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the map page and waits until the WASM half has taken over the server-rendered page. */
export async function openHydrated(context, path = '/') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(BASE_URL + path);
  await page.locator('svg.map-canvas[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  page.hydrationErrors = errors;
  return page;
}
