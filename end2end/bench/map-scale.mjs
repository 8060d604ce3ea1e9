// Benchmark: how the public map copes with the plots in the database (`./dev bench N` fills it).
// Prints figures; asserts nothing. Run through `./dev bench`, which starts a release server.
import { launchBrowser, BASE_URL } from '../tests/browser.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

const browser = await launchBrowser();
const figures = { html: [], bytes: 0, firstPlots: [], hydrated: [], zoomFrame: [], panFrame: [] };
let plotCount = 0;

for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const response = await fetch(BASE_URL + '/');
  const html = await response.text();
  figures.html.push(performance.now() - started);
  figures.bytes = html.length;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(BASE_URL + '/', { waitUntil: 'commit' });
  await page.locator('svg.map-canvas .layer-plots a.plot').first().waitFor({ state: 'attached' });
  figures.firstPlots.push(performance.now() - t0);
  await page.locator('svg.map-canvas[data-hydrated="true"]').waitFor({ timeout: 120_000 });
  figures.hydrated.push(performance.now() - t0);
  plotCount = await page.locator('svg.map-canvas .layer-plots a.plot').count();

  // Frame times while the map zooms and pans: the browser redraws every plot each time.
  const frameTimes = async (action) =>
    page.evaluate(async (action) => {
      const svg = document.querySelector('svg.map-canvas');
      const rect = svg.getBoundingClientRect();
      const times = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        if (action === 'zoom') {
          svg.dispatchEvent(new WheelEvent('wheel', {
            deltaY: i % 2 ? 100 : -100, clientX: rect.x + rect.width / 2, clientY: rect.y + rect.height / 2,
            bubbles: true, cancelable: true,
          }));
        } else {
          const x = rect.x + 200 + i * 20;
          svg.dispatchEvent(new PointerEvent('pointerdown', { button: 0, clientX: rect.x + 200, clientY: rect.y + 200, bubbles: true, pointerId: 1 }));
          svg.dispatchEvent(new PointerEvent('pointermove', { clientX: x + 20, clientY: rect.y + 200, bubbles: true, pointerId: 1 }));
          svg.dispatchEvent(new PointerEvent('pointerup', { clientX: x + 20, clientY: rect.y + 200, bubbles: true, pointerId: 1 }));
        }
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        times.push(performance.now() - t);
      }
      return times;
    }, action);
  figures.zoomFrame.push(median(await frameTimes('zoom')));
  figures.panFrame.push(median(await frameTimes('pan')));
  await context.close();
}
await browser.close();

console.log(`Map benchmark: ${plotCount} plots, median of ${runs} runs (headless Chromium, software rendering)`);
console.table({
  'server-rendered HTML (fetch)': { value: ms(median(figures.html)) },
  'HTML size': { value: `${(figures.bytes / 1024).toFixed(0)} KiB` },
  'first plots in the DOM': { value: ms(median(figures.firstPlots)) },
  'hydrated (interactive)': { value: ms(median(figures.hydrated)) },
  'zoom step to next frame (median)': { value: ms(median(figures.zoomFrame)) },
  'pan step to next frame (median)': { value: ms(median(figures.panFrame)) },
});
