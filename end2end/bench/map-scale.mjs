// Benchmark: the public map in the browser at the database's scale (`./dev bench N` fills it):
// how soon the first screen shows map content and hydrates on a desktop and on a throttled phone,
// how big the first HTML and the page's WASM, JS and CSS are on the wire, and how smooth a wheel
// zoom and a drag pan are. Prints a table (and appends it as Markdown to $BENCH_MARKDOWN when
// set); asserts nothing. Every wait has a timeout: a figure that timed out is "—" with a note,
// so a broken page still gives a report instead of a hung `./dev bench`.
import http from 'node:http';
import https from 'node:https';
import { appendFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { launchBrowser, BASE_URL } from '../tests/browser.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const plots = process.env.BENCH_PLOTS ?? '?';

// A median of the runs that finished; null (shown as "—") when none did.
const median = (xs) => {
  const done = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  return done.length ? done[Math.floor(done.length / 2)] : null;
};
const ms = (x) => (x === null ? '—' : `${x.toFixed(0)} ms`);
const s = (x) => (x === null ? '—' : `${(x / 1000).toFixed(2)} s`);
const kib = (x) => (x === null ? '—' : `${(x / 1024).toFixed(1)} KiB`);
const notes = [];

/** `promise`'s value, or null when it takes longer than `timeout` ms (a wait that cannot hang). */
async function within(promise, timeout) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeout); });
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET `url` as a client asking for `encoding` (none: the raw bytes) would: the body as it came
 * over the wire (not decoded), its Content-Encoding and the time to its last byte. Node's own
 * http, because fetch() decodes the body and so hides the size on the wire.
 */
function get(url, encoding, timeout = 60_000) {
  return new Promise((resolve) => {
    const started = performance.now();
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, { headers: encoding ? { 'Accept-Encoding': encoding } : {} }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({
        status: response.statusCode,
        encoding: response.headers['content-encoding'] ?? null,
        body: Buffer.concat(chunks),
        ms: performance.now() - started,
      }));
      response.on('error', () => resolve(null));
    });
    request.setTimeout(timeout, () => { request.destroy(); resolve(null); });
    request.on('error', () => resolve(null));
  });
}

/** The raw and the brotli size of `url`: brotli as the server sends it, or computed (quality 11) when it does not. */
async function sizes(url) {
  const raw = await get(url, null);
  const br = await get(url, 'br');
  if (!raw || raw.status !== 200) return { raw: null, br: null, how: `fetch failed: ${raw?.status ?? 'no answer'}` };
  if (br && br.status === 200 && br.encoding === 'br') {
    return { raw: raw.body.length, br: br.body.length, how: 'served' };
  }
  const computed = brotliCompressSync(raw.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: raw.body.length, br: computed, how: 'computed' };
}

// Runs in the page before its HTML is parsed: notes when the first map content is attached (a
// plot link, or at an overview a business area's marker) and when the WASM marks the map
// hydrated, on the page's own clock (from the navigation's start). Measured in the page rather
// than by polling from here, whose round trips would add to the times.
function watchTheMap() {
  const seen = { content: null, which: null, hydrated: null };
  window.__bench = seen;
  const look = () => {
    if (seen.content === null) {
      const first = document.querySelector('svg.map-canvas .layer-plots a.plot, svg.map-canvas .area-marker');
      if (first) {
        seen.content = performance.now();
        seen.which = first.matches('a.plot') ? 'plots' : 'area markers';
      }
    }
    if (seen.hydrated === null && document.querySelector('svg.map-canvas[data-hydrated="true"]')) {
      seen.hydrated = performance.now();
    }
    if (seen.content !== null && seen.hydrated !== null) observer.disconnect();
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
}

/**
 * Opens the map in `page` and waits (each wait bounded) for its first content and for
 * hydration. Returns the page and the times, null for what did not happen in time.
 */
async function openMap(page, { contentTimeout, hydratedTimeout }) {
  await page.addInitScript(watchTheMap);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await within(page.goto(BASE_URL + '/', { waitUntil: 'commit', timeout: contentTimeout }), contentTimeout);
  const anyContent = page.locator('svg.map-canvas .layer-plots a.plot, svg.map-canvas .area-marker').first();
  await within(anyContent.waitFor({ state: 'attached', timeout: contentTimeout }), contentTimeout + 1_000);
  await within(page.locator('svg.map-canvas[data-hydrated="true"]').waitFor({ timeout: hydratedTimeout }), hydratedTimeout + 1_000);
  // The browser's own marks beside ours: the HTML's first byte and the first contentful paint
  // tell the server's share of the time to content from the page's.
  const seen = (await within(page.evaluate(() => ({
    ...window.__bench,
    firstByte: performance.getEntriesByType('navigation')[0]?.responseStart ?? null,
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  })), 10_000)) ?? {};
  return {
    page, problems, content: seen.content ?? null, which: seen.which ?? null, hydrated: seen.hydrated ?? null,
    firstByte: seen.firstByte ?? null, paint: seen.paint ?? null,
  };
}

/** Counts the runs in which `what` timed out (null, or NaN from the page), for the notes under the table. */
function noteTimeouts(xs, what) {
  const missing = xs.filter((x) => x === null || !Number.isFinite(x)).length;
  if (missing) notes.push(`${what}: timed out in ${missing} of ${xs.length} runs`);
}

// A gesture as the user makes it: a wheel turn of 10 steps, a drag of 20 moves. Each step is
// timed to the frame after it; then the one redraw when the gesture is committed.
const gesture = async (page, action) =>
  page.evaluate(async (action) => {
    const svg = document.querySelector('svg.map-canvas');
    const rect = svg.getBoundingClientRect();
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const at = { clientX: rect.x + rect.width / 2, clientY: rect.y + rect.height / 2, bubbles: true, cancelable: true };
    const committed = new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
      observer.observe(svg, { attributes: true, attributeFilter: ['viewBox'] });
    });
    const steps = [];
    if (action === 'zoom') {
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        svg.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -100 }));
        await nextFrame();
        steps.push(performance.now() - t);
      }
    } else {
      const pointer = { ...at, pointerId: 1, button: 0 };
      svg.dispatchEvent(new PointerEvent('pointerdown', pointer));
      for (let i = 1; i <= 20; i++) {
        const t = performance.now();
        svg.dispatchEvent(new PointerEvent('pointermove', { ...pointer, clientX: at.clientX + i * 15, clientY: at.clientY + i * 5 }));
        await nextFrame();
        steps.push(performance.now() - t);
      }
      svg.dispatchEvent(new PointerEvent('pointerup', { ...pointer, clientX: at.clientX + 300, clientY: at.clientY + 100 }));
    }
    // A gesture that leaves the view as it was would never commit: give up after 10 s.
    const commitStarted = await Promise.race([committed, new Promise((r) => setTimeout(() => r(NaN), 10_000))]);
    await nextFrame();
    return { steps, commit: performance.now() - commitStarted };
  }, action);

const browser = await launchBrowser();
const problems = new Set();
const resources = new Map(); // url → 'WASM' | 'JS' | 'CSS', as the page loads them

// --- the desktop ---------------------------------------------------------------------------------
const desktop = {
  html: [], htmlRaw: [], firstByte: [], paint: [], content: [], which: new Set(), hydrated: [],
  zoomFrame: [], zoomCommit: [], panFrame: [], panCommit: [], inView: [], plotsAfter: [],
};
for (let run = 0; run < runs; run++) {
  // The server-rendered HTML alone, as a browser asks for it (brotli) and uncompressed.
  const br = await get(BASE_URL + '/', 'br');
  const raw = await get(BASE_URL + '/', null);
  desktop.html.push(br?.status === 200 ? br.ms : null);
  desktop.htmlRaw.push(raw?.status === 200 ? raw.ms : null);

  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  // By the file's extension, not its Content-Type: a file the server cannot find (an error
  // page) still belongs in the table, as a failed fetch.
  context.on('response', (response) => {
    const extension = new URL(response.url()).pathname.match(/\.(wasm|m?js|css)$/)?.[1];
    const kind = { wasm: 'WASM', js: 'JS', mjs: 'JS', css: 'CSS' }[extension];
    if (kind) resources.set(response.url(), kind);
  });
  const map = await openMap(await context.newPage(), { contentTimeout: 60_000, hydratedTimeout: 120_000 });
  desktop.firstByte.push(map.firstByte);
  desktop.paint.push(map.paint);
  desktop.content.push(map.content);
  desktop.hydrated.push(map.hydrated);
  if (map.which) desktop.which.add(map.which);

  if (map.hydrated !== null) {
    // The plots the zoom makes the map ask for (`/api/in-view`): how long that answer took.
    const inView = [];
    map.page.on('requestfinished', (request) => {
      if (!request.url().includes('/api/in-view')) return;
      const timing = request.timing();
      inView.push(timing.responseEnd - timing.requestStart);
    });
    const zoom = await within(gesture(map.page, 'zoom'), 30_000);
    desktop.zoomFrame.push(zoom ? median(zoom.steps) : null);
    desktop.zoomCommit.push(zoom ? zoom.commit : null);
    const pan = await within(gesture(map.page, 'pan'), 30_000);
    desktop.panFrame.push(pan ? median(pan.steps) : null);
    desktop.panCommit.push(pan ? pan.commit : null);
    // Zoomed in past the overview, the map should draw plots once in-view has answered. With
    // many plots ten wheel steps can still leave an overview with more than the map draws
    // there (the business areas' markers stand for them): then the wheel turns on, at most
    // three more times.
    const plots = map.page.locator('svg.map-canvas .layer-plots a.plot');
    for (let turn = 0; turn < 4; turn++) {
      if (turn > 0) await within(gesture(map.page, 'zoom'), 30_000);
      const drawn = await within(plots.first().waitFor({ state: 'attached', timeout: 5_000 }).then(() => true, () => false), 6_000);
      if (drawn) break;
    }
    desktop.plotsAfter.push(await within(plots.count(), 10_000));
    desktop.inView.push(inView.length ? median(inView) : null);
  } else {
    for (const figure of ['zoomFrame', 'zoomCommit', 'panFrame', 'panCommit', 'inView', 'plotsAfter']) desktop[figure].push(null);
  }
  map.problems.forEach((problem) => problems.add(`desktop: ${problem}`));
  await context.close();
}
noteTimeouts(desktop.content, 'desktop, first map content (60 s)');
noteTimeouts(desktop.hydrated, 'desktop, hydrated (120 s)');
noteTimeouts(desktop.zoomCommit, 'wheel zoom (no redraw within 10 s, or no hydration)');
noteTimeouts(desktop.panCommit, 'drag pan (no redraw within 10 s, or no hydration)');
noteTimeouts(desktop.inView, 'zoom, /api/in-view answer (none asked for, or no hydration)');

// --- the phone ---------------------------------------------------------------------------------
// The profile Lighthouse uses for mobile (4× CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up,
// 150 ms round trip), an empty cache, a 360 px screen. "Hydrated" is when the WASM has taken over
// the map (its pan, zoom and selection work from then on).
const phone = { firstByte: [], paint: [], content: [], which: new Set(), hydrated: [], bytes: [] };
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  // CDP sessions are per page: throttle the page first, then open the map in it, so that the
  // throttling is in force from the map's first request.
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  const map = await openMap(page, { contentTimeout: 120_000, hydratedTimeout: 180_000 });
  phone.firstByte.push(map.firstByte);
  phone.paint.push(map.paint);
  phone.content.push(map.content);
  phone.hydrated.push(map.hydrated);
  if (map.which) phone.which.add(map.which);
  phone.bytes.push(bytes);
  map.problems.forEach((problem) => problems.add(`phone: ${problem}`));
  await context.close();
}
noteTimeouts(phone.content, 'phone, first map content (120 s)');
noteTimeouts(phone.hydrated, 'phone, hydrated (180 s)');

// --- sizes on the wire ---------------------------------------------------------------------------
const html = await sizes(BASE_URL + '/');
const assets = [];
for (const [url, kind] of [...resources].sort((a, b) => a[1].localeCompare(b[1]))) {
  assets.push({ url, kind, ...(await sizes(url)) });
}
if (html.how === 'computed' || assets.some((a) => a.how === 'computed')) {
  notes.push('"computed": the server did not send that file with brotli; its size is brotli quality 11 of the raw bytes');
}
if (assets.length === 0) notes.push('the page asked for no WASM, JS or CSS');
const chromium = browser.version();
await browser.close();

// --- the report ---------------------------------------------------------------------------------
const which = (set) => (set.size ? ` (${[...set].join(', ')})` : '');
const rows = [
  ['desktop 1366×800: first byte of the HTML', ms(median(desktop.firstByte))],
  ['desktop: first contentful paint', ms(median(desktop.paint))],
  ['desktop: first map content attached' + which(desktop.which), ms(median(desktop.content))],
  ['desktop: hydrated (interactive)', ms(median(desktop.hydrated))],
  ['server-rendered HTML of / (fetch, brotli / uncompressed)', `${ms(median(desktop.html))} / ${ms(median(desktop.htmlRaw))}`],
  ['HTML size (raw / brotli)', `${kib(html.raw)} / ${kib(html.br)}${html.how === 'computed' ? ' (computed)' : ''}`],
  ['wheel zoom: step to next frame (median)', ms(median(desktop.zoomFrame))],
  ['wheel zoom: redraw when the wheel rests', ms(median(desktop.zoomCommit))],
  ['drag pan: move to next frame (median)', ms(median(desktop.panFrame))],
  ['drag pan: redraw on release', ms(median(desktop.panCommit))],
  ['zoomed in: /api/in-view request to last byte', ms(median(desktop.inView))],
  ['zoomed in: plots drawn after zoom and pan', median(desktop.plotsAfter) === null ? '—' : String(median(desktop.plotsAfter))],
  ['phone 360×740 (4× CPU, 1.6 Mbit/s, 150 ms): first byte of the HTML', s(median(phone.firstByte))],
  ['phone: first contentful paint', s(median(phone.paint))],
  ['phone: first map content attached' + which(phone.which), s(median(phone.content))],
  ['phone: hydrated (interactive)', s(median(phone.hydrated))],
  ['phone: bytes transferred until hydrated', kib(median(phone.bytes))],
  ...assets.map((a) => [
    `${a.kind} ${new URL(a.url).pathname} (raw / brotli)`,
    `${kib(a.raw)} / ${kib(a.br)}${a.how === 'served' ? '' : ` (${a.how})`}`,
  ]),
  ['WASM + JS + CSS together (raw / brotli)', `${kib(assets.reduce((n, a) => n + (a.raw ?? 0), 0))} / ${kib(assets.reduce((n, a) => n + (a.br ?? 0), 0))}`],
];
const problemList = [...problems];

console.log(`Map benchmark: ${plots} plots, median of ${runs} runs (headless Chromium ${chromium}, software rendering), ${BASE_URL}`);
console.log('Times in the browser are from the start of the navigation.');
console.table(Object.fromEntries(rows.map(([figure, value]) => [figure, { value }])));
for (const note of notes) console.log(`note: ${note}`);
for (const problem of problemList) console.log(`seen in the page: ${problem}`);

if (process.env.BENCH_MARKDOWN) {
  const cell = (text) => String(text).replaceAll('|', '\\|');
  const markdown = [
    '',
    `### The map in the browser (${plots} plots)`,
    '',
    `Median of ${runs} runs; headless Chromium ${chromium} with software rendering; times in the browser from the`,
    `start of the navigation; ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| figure | value |',
    '|---|---|',
    ...rows.map(([figure, value]) => `| ${cell(figure)} | ${cell(value)} |`),
    '',
    ...notes.map((note) => `- note: ${cell(note)}`),
    ...problemList.map((problem) => `- seen in the page: ${cell(problem)}`),
    ...(notes.length || problemList.length ? [''] : []),
  ].join('\n');
  appendFileSync(process.env.BENCH_MARKDOWN, markdown + '\n');
}
