// Benchmark: how the public map copes with the plots in the database (`./dev bench N` fills it).
// Prints figures; asserts nothing. Run through `./dev bench`, which starts the server.
import { launchBrowser, BASE_URL } from '../tests/browser.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

const browser = await launchBrowser();
const figures = { html: [], bytes: 0, firstPlots: [], hydrated: [], zoomFrame: [], zoomCommit: [], panFrame: [], panCommit: [] };
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

  // A gesture as the user makes it: a wheel turn of 10 steps, a drag of 20 moves. Each step is
  // timed to the frame after it; then the one redraw when the gesture is committed.
  const gesture = async (action) =>
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
  const zoom = await gesture('zoom');
  figures.zoomFrame.push(median(zoom.steps));
  figures.zoomCommit.push(zoom.commit);
  const pan = await gesture('pan');
  figures.panFrame.push(median(pan.steps));
  figures.panCommit.push(pan.commit);
  await context.close();
}
await browser.close();

console.log(`Map benchmark: ${plotCount} plots, median of ${runs} runs (headless Chromium, software rendering)`);
console.table({
  'server-rendered HTML (fetch)': { value: ms(median(figures.html)) },
  'HTML size': { value: `${(figures.bytes / 1024).toFixed(0)} KiB` },
  'first plots in the DOM': { value: ms(median(figures.firstPlots)) },
  'hydrated (interactive)': { value: ms(median(figures.hydrated)) },
  'wheel zoom: step to next frame (median)': { value: ms(median(figures.zoomFrame)) },
  'wheel zoom: redraw when the wheel rests': { value: ms(median(figures.zoomCommit)) },
  'drag pan: move to next frame (median)': { value: ms(median(figures.panFrame)) },
  'drag pan: redraw on release': { value: ms(median(figures.panCommit)) },
});
