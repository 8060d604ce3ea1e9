// How soon the map is usable on a phone: the profile Lighthouse uses for mobile (4× CPU
// slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), an empty cache, a 360 px
// screen. "Interactive" is when the WASM has hydrated the map (its pan, zoom and selection
// work from then on). Prints the median of BENCH_RUNS (3) and each run; asserts nothing.
import { launchBrowser, BASE_URL } from '../tests/browser.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (x) => `${(x / 1000).toFixed(2)} s`;

const browser = await launchBrowser();
const figures = { firstPlots: [], interactive: [], bytes: [] };
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
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
  const t0 = performance.now();
  await page.goto(BASE_URL + '/', { waitUntil: 'commit' });
  await page.locator('svg.map-canvas .layer-plots a.plot').first().waitFor({ state: 'attached', timeout: 120_000 });
  figures.firstPlots.push(performance.now() - t0);
  await page.locator('svg.map-canvas[data-hydrated="true"]').waitFor({ timeout: 120_000 });
  figures.interactive.push(performance.now() - t0);
  figures.bytes.push(bytes);
  await context.close();
}
await browser.close();

console.log(`phone profile (4× CPU, 1.6 Mbit/s, 150 ms), median of ${runs}:`);
console.log(`  plots drawn (server HTML): ${s(median(figures.firstPlots))}   runs: ${figures.firstPlots.map(s).join(', ')}`);
console.log(`  interactive (hydrated):    ${s(median(figures.interactive))}   runs: ${figures.interactive.map(s).join(', ')}`);
console.log(`  bytes transferred:         ${median(figures.bytes)}`);
