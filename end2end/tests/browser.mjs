// Launches Debian's Chromium (never a downloaded browser) for the browser tests, against the
// test file's own server (server.mjs).
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { ownServer } from './server.mjs';

export const BASE_URL = await ownServer();

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

/**
 * Request headers that give a browser context a client address of its own, from the IPv6
 * documentation range. The browser-test server trusts 127.0.0.1 as a proxy, so its rate limits
 * count per context: a test never spends a quota another test in its file relies on.
 */
export function ownClient() {
  const part = () => Math.floor(Math.random() * 0x10000).toString(16);
  return { 'X-Forwarded-For': `2001:db8:${part()}:${part()}::${part()}` };
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

/** Fails with axe-core's WCAG 2.1 AA violations on the page as it is now. */
/** WCAG 2.2 A and AA (2.2 adds target size, 2.5.8), the level a Swedish public site must meet. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function expectNoAxeViolations(page, what) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  assert.deepEqual(summary, [], `axe-core on ${what}`);
}

/**
 * The words under `selector` that the layout breaks across two lines ("verksamhe tsområde"):
 * every run of letters and digits (breaks at spaces, hyphens and slashes are allowed) whose
 * boxes lie on more than one line.
 */
export async function wordsBrokenInside(page, selector) {
  return page.evaluate((selector) => {
    const broken = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('.visually-hidden, svg, [hidden]') || parent.getClientRects().length === 0) continue;
        for (const word of node.data.matchAll(/[^\s\-–—\/]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(word[0]);
        }
      }
    }
    return broken;
  }, selector);
}
