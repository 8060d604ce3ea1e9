// What is planned: the map's plan and future-area layers, switched from the URL, and the plans
// page with its timeline, in both languages and free of accessibility violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { BASE_URL, launchBrowser, openHydrated, WCAG_TAGS } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const visible = (page, selector) => page.locator(selector).first().isVisible();

test('layers switch from the form, live in the URL and work without JavaScript', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context);
  assert.equal(await visible(page, '.layer-plans path.plan'), false, 'plans are off by default');
  // Off, they are not in the page at all (a municipality's plans are most of the map's bytes):
  // switched on, the map fetches them.
  assert.equal(await page.locator('.layer-plans path.plan').count(), 0, 'no plans carried while off');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('checkbox', { name: 'Detaljplaner efter skede' }).check();
  await page.waitForURL(/lager=planer/);
  await page.locator('.layer-plans path.plan').first().waitFor({ state: 'visible' });
  // Only available plots (one choice of three: radio buttons): the others disappear from the
  // map and from the tab order. Once the page is live the form applies each change itself.
  assert.equal(await page.getByRole('button', { name: 'Visa lager' }).isVisible(), false, 'no button once live');
  assert.equal(await page.getByRole('radio', { name: 'Alla tomter' }).isChecked(), true);
  await page.getByRole('radio', { name: 'Lediga tomter' }).check();
  assert.equal(await page.getByRole('radio', { name: 'Alla tomter' }).isChecked(), false, 'exclusive');
  await page.waitForURL(/lager=lediga/);
  await page.waitForFunction(() => {
    const plots = [...document.querySelectorAll('.layer-plots a.plot')];
    const shown = plots.filter((a) => a.getBoundingClientRect().width > 0 || a.getClientRects().length > 0);
    return shown.length > 0 && shown.every((a) => a.classList.contains('status-available'));
  });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load');

  // The URL reproduces the layers, also without JavaScript.
  const shared = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const again = await shared.newPage();
  await again.goto(page.url());
  assert.equal(await visible(again, '.layer-plans path.plan'), true);
  assert.equal(await visible(again, '.layer-plots a.plot.status-sold'), false);
  assert.equal(await again.getByRole('checkbox', { name: 'Detaljplaner efter skede' }).isChecked(), true);
  assert.equal(await again.getByRole('radio', { name: 'Lediga tomter' }).isChecked(), true);
  // Without JavaScript the button applies the layers.
  await again.getByRole('radio', { name: 'Inga tomter' }).check();
  await again.getByRole('button', { name: 'Visa lager' }).click();
  await again.waitForURL((url) => !url.search.includes('lager=lediga'));
  assert.equal(await visible(again, '.layer-plots a.plot'), false, 'no plots');
  await shared.close();
  await context.close();
});

/** The accessible name Chromium computes for the first element matching `selector`. */
async function chromiumName(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  await cdp.detach();
  return nodes[0]?.name?.value ?? null;
}

test('the future areas are labelled with their time horizon', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context, '/?lager=&lager=framtid&lager=bakgrund');
  const futureNames = () => page.locator('.layer-labels .label-future-area text').allTextContents();
  // Names give way where they would overlap another (labels.test.mjs), so the overview shows
  // those that are clear, each with its horizon.
  const labels = await futureNames();
  assert.ok(labels.length >= 1 && labels.every((l) => / \d{4}–\d{4}$/.test(l)), labels.join(' | '));
  assert.equal(await visible(page, '.layer-plots'), false, 'plots switched off');
  await context.close();
});

test('a detaljplan and a future area on the map are named links to their pages, reached by Tab; a drag over one pans', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openHydrated(context, '/?lager=planer&lager=framtid&lager=bakgrund');
  const planLinks = page.locator('.layer-plans a.area-link');
  const areaLinks = page.locator('.layer-future a.area-link');
  assert.ok(await planLinks.count() >= 1 && await areaLinks.count() >= 1);
  // The name Chromium gives a screen reader (each link's <title>, which is also the tooltip).
  const planName = await chromiumName(page, '.layer-plans a.area-link');
  assert.match(planName, /^Detaljplan \S+ .+ \(.+\)$/, 'named by kind, id, name and stage');
  assert.match(await chromiumName(page, '.layer-future a.area-link'), /^Framtida område .+ \d{4}–\d{4}$/);
  // In the tab order, and Enter opens the page.
  await page.locator('svg.map-canvas').focus();
  let reached = null;
  for (let i = 0; i < 12 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.classList.contains('area-link'))) {
      reached = await chromiumName(page, ':focus');
    }
  }
  assert.equal(reached, planName, 'Tab from the map reaches the first plan');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/plan\/\d+/);
  assert.match(await page.locator('h1').innerText(), /./);
  // Back on the map: a drag that starts and ends on a future area pans, and stays on the map.
  const map = await openHydrated(context, '/?lager=framtid&lager=bakgrund');
  const area = map.locator('.layer-future a.area-link path').first();
  await area.scrollIntoViewIfNeeded();
  const box = await area.boundingBox();
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  const before = await map.locator('svg.map-canvas').getAttribute('viewBox');
  await map.mouse.move(x, y);
  await map.mouse.down();
  await map.mouse.move(x + 30, y + 20, { steps: 5 });
  await map.mouse.up();
  await map.waitForTimeout(300);
  assert.equal(new URL(map.url()).pathname, '/', 'still on the map');
  assert.notEqual(await map.locator('svg.map-canvas').getAttribute('viewBox'), before, 'the map panned');
  const results = await new AxeBuilder({ page: map }).withTags(WCAG_TAGS).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), [], 'axe on the map with plans and areas as links');
  await context.close();
});

test('the plans page orders what is coming by date and lists every plan and future area', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/planer`);
  const dates = await page.locator('.timeline-item time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.ok(dates.length >= 3, `${dates.length} upcoming stages`);
  assert.deepEqual(dates, [...dates].sort(), 'soonest first');
  assert.match(await page.locator('.timeline-item[data-plan-id="0188-P2024/1"]').innerText(), /granskning → antagen/);
  assert.equal(await page.locator('.plot-table tbody tr').count(), 9, 'every published plan');
  assert.ok((await page.locator('.future-list li').count()) >= 4);
  for (const path of ['/planer', '/planer?lang=en']) {
    await page.goto(BASE_URL + path);
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], path);
  }
  assert.match(await page.locator('.timeline-item[data-plan-id="0188-P2024/1"]').innerText(), /review → adopted/);
  await context.close();
});

test('the accessibility statement and the feed are linked from every page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/tomter`);
  assert.equal(
    await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
    '/flode.atom',
  );
  await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
  await page.locator('h1', { hasText: 'Tillgänglighetsredogörelse' }).waitFor();
  for (const path of ['/tillganglighet', '/tillganglighet?lang=en', '/sok?q=Rimbo', '/sok?q=Rimbo&lang=en',
    '/sok?q=ingenting', '/sammanhangande?yta=50000', '/sammanhangande?yta=50000&lang=en',
    '/intresse/skickad', '/intresse/skickad?lang=en', '/finns-inte', '/finns-inte?lang=en']) {
    await page.goto(BASE_URL + path);
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], path);
  }
  const feed = await page.request.get(`${BASE_URL}/flode.atom`);
  assert.equal(feed.status(), 200);
  assert.match(await feed.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  await context.close();
});
