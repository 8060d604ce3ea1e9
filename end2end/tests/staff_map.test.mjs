// Plot geometry on the staff editor's map, in a real browser: drag a corner and save, move one
// with the keyboard, split along a line clicked on the map, merge by clicking a neighbour, and
// draw a new plot by clicking its corners. Uses the Focksta plots, which no other test changes,
// one plot per test, so that each test also runs alone on a fresh sample.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser } from './browser.mjs';
import { MEX, signIn, expectNoAxeViolations } from './workspace.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const OUTLINE = 'Ytterkant (GeoJSON-polygon)';
const SPLIT_LINE = 'Delningslinje (GeoJSON-linje tvärs över tomten)';
const MERGE = 'Slå ihop med angränsande tomt';

/** The editor's map once hydrated (its handles and tools work from then on), scrolled into
 * view so that mouse positions are on it. */
async function liveMap(page) {
  const map = page.locator('svg.edit-map[data-live="true"]');
  await map.waitFor({ timeout: 30_000 });
  await map.scrollIntoViewIfNeeded();
  return map;
}

/** The plot's editor, from the workspace's list, with its map live. */
async function openMapEditor(page, designation) {
  await page.goto(`${BASE_URL}/personal`);
  await page.getByRole('link', { name: designation, exact: true }).click();
  return liveMap(page);
}

/** The corners in the outline field, closing point included. */
async function corners(page, label = OUTLINE) {
  return JSON.parse(await page.getByLabel(label, { exact: true }).inputValue()).coordinates[0];
}

async function centre(locator) {
  const box = await locator.boundingBox();
  return [box.x + box.width / 2, box.y + box.height / 2];
}

/** Metres per screen pixel: the map's SVG units are metres. */
async function metresPerPixel(map) {
  return map.evaluate((svg) => 1 / svg.getScreenCTM().a);
}

function assertNear(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

/** How many plots of that name a visitor (no session) sees on the public map. */
async function countOnPublicMap(designation) {
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await page.goto(`${BASE_URL}/`);
  const count = await page.locator(`a.plot[aria-label^="${designation},"]`).count();
  await visitor.close();
  return count;
}

/** The accessible name of the focused element (its tag when it has none, as the page body),
 * once the editor has had an animation frame to move focus. */
async function focusedHandle(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const el = document.activeElement;
            resolve(el?.getAttribute('aria-label') ?? el?.tagName);
          }),
        ),
      ),
  );
}

async function newestHistoryEntry(page) {
  return page.locator('.history > li').first().innerText();
}

/** Clicks a point of another plot on the map where that plot, not a handle, gets the click. */
async function clickPlotOnMap(map, designation) {
  const plot = map.getByRole('img', { name: designation, exact: true });
  const point = await plot.evaluate((path) => {
    const frame = path.ownerSVGElement.getBoundingClientRect();
    const r = path.getBoundingClientRect();
    const [left, right] = [Math.max(r.left, frame.left), Math.min(r.right, frame.right)];
    const [top, bottom] = [Math.max(r.top, frame.top), Math.min(r.bottom, frame.bottom)];
    for (let i = 1; i < 10; i++) {
      for (let j = 1; j < 10; j++) {
        const [x, y] = [left + ((right - left) * i) / 10, top + ((bottom - top) * j) / 10];
        if (document.elementFromPoint(x, y) === path) return [x, y];
      }
    }
    return null;
  });
  assert.ok(point, `${designation} is visible on the map`);
  await map.page().mouse.click(...point);
}

test('drag a corner on the map with the mouse and save the outline', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const map = await openMapEditor(page, 'Focksta 1:13');
  const before = await corners(page);
  assert.equal(before.length, 5);
  const [x0, y0] = before[0];
  // Eight metres towards the middle of the plot: it shrinks, so it cannot overlap a neighbour.
  const [cx, cy] = [0, 1].map((k) => before.slice(0, 4).reduce((sum, c) => sum + c[k], 0) / 4);
  const length = Math.hypot(cx - x0, cy - y0);
  const [dx, dy] = [((cx - x0) / length) * 8, ((cy - y0) / length) * 8];
  const perPixel = await metresPerPixel(map);
  const [px, py] = await centre(map.getByRole('button', { name: 'Hörn 1 av 4', exact: true }).locator('.handle-dot'));
  await page.mouse.move(px, py);
  await page.mouse.down();
  await page.mouse.move(px + dx / perPixel / 2, py - dy / perPixel / 2, { steps: 4 });
  await page.mouse.move(px + dx / perPixel, py - dy / perPixel, { steps: 4 });
  await page.mouse.up();

  const moved = await corners(page);
  assertNear(moved[0][0], x0 + dx, 1, 'x of the dragged corner');
  assertNear(moved[0][1], y0 + dy, 1, 'y of the dragged corner');
  assert.deepEqual(moved[4], moved[0], 'the ring stays closed');
  assert.deepEqual(moved.slice(1, 4), before.slice(1, 4), 'the other corners stay');
  for (const c of moved[0]) assert.equal(Math.round(c * 100) / 100, c, 'centimetres');

  await page.getByRole('button', { name: 'Spara geometrin' }).click();
  await page.waitForURL(/sparad=1/);
  assert.match(await newestHistoryEntry(page), /Geometri: /);
  const saved = await corners(page);
  assertNear(saved[0][0], x0 + dx, 1, 'saved x');
  assertNear(saved[0][1], y0 + dy, 1, 'saved y');
  await context.close();
});

test('move a corner with the arrow keys, add one at an edge, delete down to three', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const map = await openMapEditor(page, 'Focksta 1:14');
  await expectNoAxeViolations(page, 'the plot editor with its map live');
  const before = await corners(page);
  assert.equal(before.length, 5);
  // Tab reaches the map itself (its arrow keys pan it), then walks the outline as it runs:
  // each corner, then the middle of the edge after it.
  await page.getByRole('button', { name: 'Rensa linjen' }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Karta: Focksta 1:14 och tomterna runt den');
  const tabOrder = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    tabOrder.push(await focusedHandle(page));
  }
  assert.deepEqual(tabOrder, [
    'Hörn 1 av 4',
    'Nytt hörn mellan hörn 1 och 2',
    'Hörn 2 av 4',
    'Nytt hörn mellan hörn 2 och 3',
    'Hörn 3 av 4',
    'Nytt hörn mellan hörn 3 och 4',
    'Hörn 4 av 4',
    'Nytt hörn mellan hörn 4 och 1',
  ]);
  await map.getByRole('button', { name: 'Hörn 2 av 4', exact: true }).focus();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'Shift+ArrowUp', 'ArrowDown']) {
    await page.keyboard.press(key);
  }
  const after = await corners(page);
  assertNear(after[1][0] - before[1][0], 3, 0.005, 'east: three presses of 1 m');
  assertNear(after[1][1] - before[1][1], 9, 0.005, 'north: 10 m up with Shift, 1 m down');
  assert.deepEqual([after[0], after[2], after[3]], [before[0], before[2], before[3]]);
  assert.match(await page.locator('.edit-map-status').innerText(), /Hörn 2 av 4: N /);

  // A click on an edge's middle adds a corner there.
  await map.getByRole('button', { name: 'Nytt hörn mellan hörn 3 och 4' }).click();
  const added = await corners(page);
  assert.equal(added.length, 6);
  assertNear(added[3][0], (before[2][0] + before[3][0]) / 2, 0.01, 'the new corner is mid-edge');

  // Delete removes the focused corner and leaves focus on a corner, so the keys go on working:
  // the one before, when the last one went (its handle leaves the page)...
  await map.getByRole('button', { name: 'Hörn 5 av 5', exact: true }).focus();
  await page.keyboard.press('Delete');
  assert.equal((await corners(page)).length, 5);
  assert.equal(await focusedHandle(page), 'Hörn 4 av 4');
  assert.match(await page.locator('.edit-map-status').innerText(), /Hörn 5 borttaget; 4 hörn kvar\. Fokus på hörn 4 av 4\./);
  // ...else the one that took its place. Never below three corners.
  await map.getByRole('button', { name: 'Hörn 1 av 4', exact: true }).focus();
  await page.keyboard.press('Delete');
  assert.equal(await focusedHandle(page), 'Hörn 1 av 3');
  await page.keyboard.press('Delete');
  assert.equal((await corners(page)).length, 4);
  assert.equal(await focusedHandle(page), 'Hörn 1 av 3');
  assert.match(await page.locator('.edit-map-status').innerText(), /minst tre hörn/);
  await context.close();
});

test('split a plot along a line clicked on the map', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const map = await openMapEditor(page, 'Focksta 1:12');
  const xs = (await corners(page)).map((c) => c[0]);
  await page.getByRole('button', { name: 'Rita delningslinje' }).click();
  await map.scrollIntoViewIfNeeded();
  const plot = await map.locator('path.edited-outline').boundingBox();
  const middle = plot.y + plot.height / 2;
  // From outside the plot on the west to outside it on the east.
  await page.mouse.click(plot.x - 25, middle);
  await page.mouse.click(plot.x + plot.width + 25, middle + 3);
  const line = JSON.parse(await page.getByLabel(SPLIT_LINE).inputValue());
  assert.equal(line.type, 'LineString');
  assert.equal(line.coordinates.length, 2);
  assert.ok(line.coordinates[0][0] < Math.min(...xs) && line.coordinates[1][0] > Math.max(...xs), JSON.stringify(line));
  assert.equal(await map.locator('path.split-line').count(), 1);

  await page.getByLabel('Beteckning för den nya delen').fill('Focksta 1:12 B');
  await page.getByRole('button', { name: 'Dela tomten' }).click();
  await page.waitForURL(/sparad=1/);
  assert.match(await page.locator('.history').innerText(), /delad; den andra delen är Focksta 1:12 B/);
  assert.equal(await countOnPublicMap('Focksta 1:12 B'), 1);
  await context.close();
});

/** Splits the plot being edited along a line typed into the split form (not drawn: the map's
 * part has its own test), and waits for the editor to show the cut. */
async function splitAlong(page, coordinates, otherPart) {
  await page.getByLabel(SPLIT_LINE).fill(JSON.stringify({ type: 'LineString', coordinates }));
  await page.getByLabel('Beteckning för den nya delen').fill(otherPart);
  await page.getByRole('button', { name: 'Dela tomten' }).click();
  await page.locator('.history > li', { hasText: `den andra delen är ${otherPart}` }).waitFor();
}

test('merge with the neighbour clicked on the map', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  // In the sample no plot shares a boundary with Focksta 1:16: two cuts give it two
  // neighbours, so the click on the map has to choose.
  await openMapEditor(page, 'Focksta 1:16');
  const bounds = async () => {
    const ring = await corners(page);
    const [xs, ys] = [0, 1].map((k) => ring.map((c) => c[k]));
    return { west: Math.min(...xs), east: Math.max(...xs), south: Math.min(...ys), north: Math.max(...ys) };
  };
  let b = await bounds();
  const midY = (b.south + b.north) / 2;
  await splitAlong(page, [[b.west - 20, midY], [b.east + 20, midY + 1]], 'Focksta 1:16 B');
  b = await bounds();
  const midX = (b.west + b.east) / 2;
  await splitAlong(page, [[midX, b.south - 20], [midX + 1, b.north + 20]], 'Focksta 1:16 C');

  const select = page.getByLabel(MERGE);
  const chosen = () => select.evaluate((s) => s.selectedOptions[0].text);
  assert.deepEqual(await select.locator('option').allInnerTexts(), ['Focksta 1:16 B', 'Focksta 1:16 C']);
  assert.equal(await chosen(), 'Focksta 1:16 B', 'the form starts on the first neighbour');
  const partIds = Object.fromEntries(await select.locator('option').evaluateAll(
    (options) => options.map((o) => [o.text, o.value.split(':')[0]]),
  ));
  const editorUrl = page.url().split('?')[0].split('#')[0];
  for (const part of ['Focksta 1:16 C', 'Focksta 1:16 B']) {
    const map = await liveMap(page);
    await clickPlotOnMap(map, part);
    assert.equal(await chosen(), part);
    assert.match(await map.getByRole('img', { name: part, exact: true }).getAttribute('class'), /selected/);
    await page.getByRole('button', { name: 'Slå ihop' }).click();
    await page.locator('.history > li', { hasText: `sammanslagen med ${part}` }).waitFor();
    assert.match(await newestHistoryEntry(page), new RegExp(`sammanslagen med ${part}`));
    await page.locator('h1', { hasText: 'Redigera Focksta 1:16' }).waitFor();
  }
  assert.equal(await page.getByLabel(MERGE).count(), 0, 'one plot again, no neighbours left');
  // A merged plot is retired, not erased: its page keeps its history and leads to the plot it
  // became part of, on a phone too.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${BASE_URL}/personal/tomt/${partIds['Focksta 1:16 B']}`);
  await page.getByRole('heading', { level: 1, name: 'Focksta 1:16 B' }).waitFor();
  await page.locator('.history > li', { hasText: 'sammanslagen med' }).first().waitFor();
  assert.equal(await page.locator('form.plot-edit-form').count(), 0, 'nothing to edit');
  await expectNoAxeViolations(page, 'a retired plot');
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 361)
    .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
  assert.deepEqual(wide, [], 'no sideways scroll');
  await page.getByRole('link', { name: 'Focksta 1:16', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(editorUrl);
  await page.locator('h1', { hasText: 'Redigera Focksta 1:16' }).waitFor();
  await context.close();
});

test('draw a new plot by clicking its corners on the map', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const map = await liveMap(page);
  await expectNoAxeViolations(page, 'the workspace with the new plot map live');
  // Land under every plot before a business area is chosen, not an empty sea.
  assert.ok((await map.locator('path.land').getAttribute('d')).length > 100, 'land under the new plot map');
  await page.getByLabel('Verksamhetsområde', { exact: true }).selectOption({ label: 'Focksta verksamhetsområde' });
  await map.getByRole('img', { name: 'Focksta 1:11', exact: true }).waitFor();
  await map.scrollIntoViewIfNeeded();
  // A square in the map's north-east corner, well away from the area's plots, on land (west of
  // Focksta is the sea).
  const box = await map.boundingBox();
  const square = [[-100, 40], [-40, 40], [-40, 100], [-100, 100]].map(([x, y]) => [box.x + box.width + x, box.y + y]);
  for (const [x, y] of square) {
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('class'), [x, y]);
    assert.ok(!/context-plot/.test(hit ?? ''), `(${x}, ${y}) is free land`);
    await page.mouse.click(x, y);
  }
  assert.equal(await page.getByLabel('Ytterkant (GeoJSON-polygon, SWEREF 99 18 00)').inputValue(), '', 'open until closed');
  // Clicking the first corner again closes the outline.
  await map.getByRole('button', { name: 'Stäng ytan vid första hörnet' }).waitFor();
  await page.mouse.click(...square[0]);
  const drawn = await corners(page, 'Ytterkant (GeoJSON-polygon, SWEREF 99 18 00)');
  assert.equal(drawn.length, 5);
  assert.deepEqual(drawn[4], drawn[0]);
  const perPixel = await metresPerPixel(map);
  assertNear(drawn[1][0] - drawn[0][0], 60 * perPixel, 0.05, 'the square is 60 pixels wide');
  assertNear(drawn[0][1] - drawn[3][1], 60 * perPixel, 0.05, 'north is up');
  assert.equal(await map.locator('.vertex-handle').count(), 4, 'its corners can be moved now');
  // The closed outline's area, as the server will measure it (60 px square), and no overlap.
  const shown = Number((await page.locator('[data-field="drawn-area"]').innerText()).replace(/[^\d]/g, ''));
  assertNear(shown, (60 * perPixel) ** 2, (60 * perPixel) ** 2 * 0.02 + 1, 'the area shown');
  assert.equal((await page.locator('[data-field="overlap-warning"]').innerText()).trim(), '');

  await page.getByLabel('Beteckning', { exact: true }).fill('Focksta ritad 1');
  await page.getByRole('button', { name: 'Skapa tomten' }).click();
  await page.waitForURL(/sparad=1/);
  await page.locator('h1', { hasText: 'Redigera Focksta ritad 1' }).waitFor();
  assert.match(await page.locator('.history').innerText(), /Ursprung: \(tomt\) → ”ritad”/);
  const saved = await corners(page);
  saved.forEach((c, i) => {
    assertNear(c[0], drawn[i][0], 0.01, `saved x of corner ${i + 1}`);
    assertNear(c[1], drawn[i][1], 0.01, `saved y of corner ${i + 1}`);
  });
  assert.equal(await countOnPublicMap('Focksta ritad 1'), 1);
  await context.close();
});

test('while a corner is dragged the editor shows the area and warns of an overlap; a refused shape stays on the map to be fixed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, MEX);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const map = await openMapEditor(page, 'Focksta 1:17');
  const editorUrl = page.url();
  const before = await corners(page);
  const area = () => page.locator('[data-field="drawn-area"]').innerText();
  const areaBefore = await area();
  assert.match(areaBefore, /^[\d\u202f]+ m²$/);
  const warning = page.locator('[data-field="overlap-warning"]');
  assert.equal((await warning.innerText()).trim(), '', 'no warning for the stored outline');
  // The middle of the neighbour Focksta 1:18 (well inside it), and the corner of 1:17
  // nearest to it.
  const target = await map.getByRole('img', { name: 'Focksta 1:18', exact: true }).evaluate((path) => {
    const r = path.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    return document.elementFromPoint(x, y) === path ? [x, y] : null;
  });
  assert.ok(target, 'Focksta 1:18 is on the map');
  let corner = null;
  for (let k = 1; k <= 4; k++) {
    const at = await centre(map.getByRole('button', { name: `Hörn ${k} av 4`, exact: true }).locator('.handle-dot'));
    const distance = Math.hypot(at[0] - target[0], at[1] - target[1]);
    if (!corner || distance < corner.distance) corner = { k, at, distance };
  }
  await page.mouse.move(...corner.at);
  await page.mouse.down();
  await page.mouse.move((corner.at[0] + target[0]) / 2, (corner.at[1] + target[1]) / 2, { steps: 4 });
  await page.mouse.move(...target, { steps: 4 });
  // Still dragging: the area follows the corner, and the overlap is named before any save.
  await page.waitForFunction(() => /Focksta 1:18/.test(document.querySelector('[data-field="overlap-warning"]').textContent));
  assert.notEqual(await area(), areaBefore, 'the area follows the corner');
  await page.mouse.up();
  const dragged = await corners(page);

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/geometri')),
    page.getByRole('button', { name: 'Spara geometrin' }).click(),
  ]);
  assert.equal(response.status(), 409, 'the server refuses the overlap');
  const problem = page.locator('#geometry-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Focksta 1:18/);
  // The refused page hydrates: the map is live, with the refused outline and its handles.
  await liveMap(page);
  assert.equal(new URL(page.url()).pathname, new URL(editorUrl).pathname, 'the address is the editor\'s again');
  assert.deepEqual(await corners(page), dragged, 'the outline as the user left it');
  for (let k = 1; k <= 4; k++) {
    await map.getByRole('button', { name: `Hörn ${k} av 4`, exact: true }).waitFor();
  }
  // The message is on screen and has the focus, so it is read out.
  await page.waitForFunction(() => document.activeElement?.id === 'geometry-problem');
  const box = await problem.boundingBox();
  assert.ok(box.y >= 0 && box.y < 900, `the message is in view at ${box.y}`);
  assert.match(await warning.innerText(), /Focksta 1:18/);

  // Drag the corner back where it was and save: accepted.
  const handle = map.getByRole('button', { name: `Hörn ${corner.k} av 4`, exact: true }).locator('.handle-dot');
  const perPixel = await metresPerPixel(map);
  const [hx, hy] = await centre(handle);
  const [[x1, y1], [x0, y0]] = [dragged[corner.k - 1], before[corner.k - 1]];
  await page.mouse.move(hx, hy);
  await page.mouse.down();
  await page.mouse.move(hx + (x0 - x1) / perPixel, hy - (y0 - y1) / perPixel, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('[data-field="overlap-warning"]').textContent.trim() === '');
  await page.getByRole('button', { name: 'Spara geometrin' }).click();
  await page.waitForURL(/sparad=1/);
  const saved = await corners(page);
  assertNear(saved[corner.k - 1][0], x0, 1, 'x back');
  assertNear(saved[corner.k - 1][1], y0, 1, 'y back');
  assert.deepEqual(errors, [], 'no script errors, the refused page included');
  await context.close();
});
