// Benchmark: importing a file at the feature limit (2,000 plots by default) as staff do it in
// the browser: upload to preview, the preview shown again, and the commit. Prints figures;
// asserts nothing. Run through `./dev bench`, which starts the server (with the sample and the
// synthetic plots, so the checks against existing plots have real work to do).
import { launchBrowser, BASE_URL } from '../tests/browser.mjs';
import { MEX, signIn } from '../tests/workspace.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const features = Number(process.env.BENCH_IMPORT_FEATURES ?? 2000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

// 40 × 40 m squares 50 m apart, 50 to a row, in SWEREF 99 18 00: a block of the municipality's
// land, all three runs' blocks covered by it, where neither the sample's plots nor the synthetic
// ones lie (their raster starts at 171,331 / 6,631,851 and grows north; at 100,000 plots it
// reaches past 6,652,000, where this block once was), away from the towns; each run a block
// further north. Found with ST_Within(block, municipality) on the municipality-sized set.
function file(run) {
  const x0 = 177_500;
  const y0 = 6_622_500 + run * 2_500;
  const squares = Array.from({ length: features }, (_, k) => {
    const x = x0 + (k % 50) * 50;
    const y = y0 + Math.floor(k / 50) * 50;
    return {
      type: 'Feature',
      properties: { beteckning: `Bänk ${run + 1}:${k + 1}`, status: 'tillgänglig', pris: 250 },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 40, y], [x + 40, y + 40], [x, y + 40], [x, y]]] },
    };
  });
  const collection = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3011' } },
    features: squares,
  };
  return { name: `bank-${run + 1}.geojson`, mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(collection)) };
}

const browser = await launchBrowser();
const figures = { preview: [], again: [], commit: [], overview: [], bytes: 0, html: 0 };
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  await page.goto(`${BASE_URL}/personal/import`);
  await page.locator('form[data-hydrated="true"]').waitFor({ timeout: 60_000 });
  const upload = file(run);
  figures.bytes = upload.buffer.length;
  await page.getByLabel('Fil', { exact: true }).setInputFiles(upload);

  let t = performance.now();
  await page.getByRole('button', { name: 'Ladda upp och förhandsgranska' }).click();
  await page.waitForURL(/\/personal\/import\/\d+$/, { timeout: 300_000 });
  await page.locator('#objekt-1').waitFor({ timeout: 300_000 });
  figures.preview.push(performance.now() - t);

  t = performance.now();
  const response = await page.reload({ timeout: 300_000 });
  figures.html = (await response.text()).length;
  await page.locator('#objekt-1').waitFor({ timeout: 300_000 });
  figures.again.push(performance.now() - t);

  await page.getByLabel('Verksamhetsområde', { exact: true }).selectOption({ index: 1 });
  t = performance.now();
  // The redirect to /personal is requested as soon as the commit's 303 arrives.
  const committed = page.waitForRequest(/\/personal\?importerade=\d+$/, { timeout: 300_000 });
  await page.getByRole('button', { name: /^Importera .* tomter$/ }).click();
  await committed;
  figures.commit.push(performance.now() - t);
  t = performance.now();
  await page.waitForURL(/\/personal\?importerade=\d+$/, { timeout: 300_000 });
  figures.overview.push(performance.now() - t);
  await context.close();
}
await browser.close();

console.log(`Import benchmark: ${features} features, median of ${runs} runs (headless Chromium on the same machine)`);
console.table({
  'file size': { value: `${(figures.bytes / 1024).toFixed(0)} KiB` },
  'upload to preview shown (read, store draft, check, render)': { value: ms(median(figures.preview)) },
  'preview shown again (checks rerun)': { value: ms(median(figures.again)) },
  'preview page size': { value: `${(figures.html / 1024).toFixed(0)} KiB` },
  'commit (checks again, write every plot and its history)': { value: ms(median(figures.commit)) },
  'then /personal, which lists every plot, loaded': { value: ms(median(figures.overview)) },
});
