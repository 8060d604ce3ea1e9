// Launches Debian's Chromium (never a downloaded browser) for the browser tests, against the
// test file's own server (server.mjs).
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { ownServer } from './server.mjs';

export const BASE_URL = await ownServer();

/** The published plots' ids by designation, as the API lists them. */
export async function publishedPlotIds() {
  const plots = await (await fetch(`${BASE_URL}/api/plots`)).json();
  return Object.fromEntries(plots.features.map((f) => [f.properties.designation, f.id ?? f.properties.id]));
}

/** A phone 360 px wide, as the phone checks of every page use it. */
export const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

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
/** Fails when the page is wider than a 360 px phone's screen (it would scroll sideways). */
export async function noOverflow(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${what} is ${width} px wide`);
}

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

/**
 * Points on a grid across the public map's frame that no tile of the layer drawn under it
 * covers (`layer` is `layer-land` or `layer-basemap`): the frame's shape may differ from the
 * view box's, and tiles are squares.
 */
export async function uncoveredPoints(page, layer = 'layer-land') {
  return page.evaluate((layer) => {
    const frame = document.querySelector('.map-frame').getBoundingClientRect();
    const boxes = [...document.querySelectorAll(`svg.map-canvas .${layer} image`)].map((i) => i.getBoundingClientRect());
    const missing = [];
    for (let i = 0; i <= 10; i += 1) {
      for (let j = 0; j <= 10; j += 1) {
        const x = frame.left + 1 + (frame.width - 2) * (i / 10);
        const y = frame.top + 1 + (frame.height - 2) * (j / 10);
        if (!boxes.some((b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom)) missing.push([Math.round(x), Math.round(y)]);
      }
    }
    return missing;
  }, layer);
}

/** The names written by the `text` elements `selector` finds, each with its box on screen. */
export async function namesOnScreen(page, selector) {
  return page.evaluate((selector) => [...document.querySelectorAll(selector)]
    .map((text) => {
      const r = text.getBoundingClientRect();
      const lines = [...text.querySelectorAll('tspan')].map((line) => line.textContent);
      const name = lines.length ? lines.join(' ') : text.textContent;
      return { name, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    })
    .filter((box) => box.right > box.left && box.bottom > box.top), selector);
}

/** Asserts that no two of the boxes (`namesOnScreen`) overlap. */
export function assertNoOverlap(names, where) {
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i], names[j]];
      const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
      assert.ok(apart, `at ${where}, "${a.name}" overlaps "${b.name}": ${JSON.stringify([a, b])}`);
    }
  }
}

/**
 * The colours of a part of the page as drawn (a screenshot of `clip`, read back in a blank
 * page of the same context): rows of [r, g, b], one per CSS pixel.
 */
export async function drawnColours(page, clip) {
  const shot = await page.screenshot({ clip });
  const decoder = await page.context().newPage();
  try {
    return await decoder.evaluate(async ({ base64, width, height }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      g.drawImage(image, 0, 0, width, height);
      const data = g.getImageData(0, 0, width, height).data;
      const rows = [];
      for (let y = 0; y < height; y += 1) {
        const row = [];
        for (let x = 0; x < width; x += 1) row.push([...data.slice((y * width + x) * 4, (y * width + x) * 4 + 3)]);
        rows.push(row);
      }
      return rows;
    }, { base64: shot.toString('base64'), width: Math.round(clip.width), height: Math.round(clip.height) });
  } finally {
    await decoder.close();
  }
}
