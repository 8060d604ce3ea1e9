// Planners in a real browser: one draws a future area as a draft and sends it for review, a
// second planner approves it, and it is on the public map, on /planer and in the feed; a
// revision of a published plan stays invisible until it is approved. Each new page gets
// axe-core, a 360 px check and keyboard use. Uses its own names, so it runs alone or after
// the other files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launchBrowser } from './browser.mjs';
import { PLANNER, signIn, expectNoAxeViolations } from './workspace.mjs';

const PLANNER_TWO = { email: 'plan2@demo.invalid', password: 'demo-plan2-2026' };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const run = Date.now().toString(36);

async function publicText(path) {
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  const response = await page.goto(`${BASE_URL}${path}`);
  const text = path.endsWith('.atom') ? await response.text() : await page.locator('body').innerText();
  await visitor.close();
  return text;
}

async function fitsAPhone(page, what) {
  await page.setViewportSize({ width: 360, height: 740 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  // What sticks out, to say in the failure.
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => !e.closest('svg') && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
    .slice(-3)
    .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className?.baseVal ?? e.className}`));
  assert.ok(width <= 360, `${what} fits 360 px (is ${width}; ${wide.join(', ')})`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

// Draws an outline on the planners' map: four corners clicked around a plot in view (the map
// opens at a locality), so on land in the municipality, closed on the first.
async function drawAroundAPlot(page) {
  const map = page.locator('svg.edit-map[data-live="true"]');
  await map.waitFor({ timeout: 30_000 });
  await map.scrollIntoViewIfNeeded();
  const frame = await map.boundingBox();
  const boxes = await map.locator('path.context-plot').evaluateAll((paths) => paths.map((p) => {
    const b = p.getBoundingClientRect();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  }));
  const box = boxes.find((b) => b.x > frame.x + 60 && b.y > frame.y + 40
    && b.x + b.width < frame.x + frame.width - 60 && b.y + b.height < frame.y + frame.height - 40);
  assert.ok(box, 'a plot well inside the map as it opens');
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  for (const [dx, dy] of [[-40, -30], [40, -30], [40, 30], [-40, 30]]) {
    await page.mouse.click(cx + dx, cy + dy);
  }
  await page.locator('.close-handle').click();
}

test('a planner draws a future area, a second planner approves it, and the public sees it', async () => {
  const name = `Testområdet ${run}`;
  const author = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(author, PLANNER);
  await page.getByRole('link', { name: 'Planer och områden' }).first().click();
  await page.waitForURL(/\/personal\/planer$/);
  await expectNoAxeViolations(page, 'the planner overview');
  await fitsAPhone(page, 'the planner overview');
  await page.getByRole('link', { name: 'Nytt framtida område' }).click();
  await page.waitForURL(/\/personal\/framtida-omrade\/ny$/);

  await page.getByLabel('Namn', { exact: true }).fill(name);
  await page.getByLabel('Markanvändning (översiktsplanens kategori)').selectOption('logistik');
  await page.getByLabel('Avsedd användning i ord').fill('Logistik nära E18');
  await page.getByLabel('Tidshorisont från år').fill('2031');
  await page.getByLabel('Tidshorisont till år').fill('2036');
  await drawAroundAPlot(page);
  // The message speaks of the area's draft, not of a plot.
  const said = await page.locator('.edit-map-status').innerText();
  assert.match(said, /Ytan är stängd med 4 hörn\. Dra hörnen för att justera, eller spara utkastet\./);
  assert.doesNotMatch(said, /tomt/);
  const outline = JSON.parse(await page.getByLabel(/^Ytterkant/).inputValue());
  assert.equal(outline.type, 'Polygon');
  assert.equal(outline.coordinates[0].length, 5, 'four corners and the closing one');
  await expectNoAxeViolations(page, 'a new future area with its outline drawn');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.waitForURL(/\/personal\/framtida-omrade\/\d+\?sparad=1/).catch(async (error) => {
    throw new Error(`not saved: ${await page.locator('#planning-problem').innerText().catch(() => '?')}`, { cause: error });
  });
  const staffPath = new URL(page.url()).pathname;
  const id = staffPath.split('/').pop();
  await page.getByText('Utkastet är sparat.').waitFor();
  // Unpublished: not on the public plans page, its public page is not found.
  assert.ok(!(await publicText('/planer')).includes(name));

  // Submitted from the keyboard.
  const submit = page.getByRole('button', { name: 'Skicka för granskning' });
  await submit.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/klart=skickad/);
  // The author may not approve it.
  assert.equal(await page.getByRole('button', { name: 'Godkänn och publicera' }).count(), 0);
  await author.close();

  const reviewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const second = await signIn(reviewer, PLANNER_TWO);
  await second.goto(`${BASE_URL}/personal/planer`);
  const waiting = second.locator('section', { has: second.getByRole('heading', { name: 'Väntar på min granskning' }) });
  await waiting.getByRole('link', { name }).click();
  await second.waitForURL(new RegExp(`${staffPath}$`));
  // What the public will see: everything is new.
  const compare = second.locator('section', { has: second.getByRole('heading', { name: 'Vad allmänheten kommer att se' }) });
  assert.match(await compare.innerText(), /Inget av den är publikt ännu/);
  await expectNoAxeViolations(second, 'a future area in review');
  await fitsAPhone(second, 'a future area in review');
  await second.getByRole('button', { name: 'Godkänn och publicera' }).click();
  await second.waitForURL(/klart=publicerad/);
  await second.getByText('allmänheten ser den nu').waitFor();
  assert.match(await second.locator('.history').innerText(), /Publicerat/);
  await reviewer.close();

  assert.ok((await publicText('/planer')).includes(name), 'on /planer');
  assert.ok((await publicText('/flode.atom')).includes(name), 'in the feed');
  const visitor = await browser.newContext();
  const map_page = await visitor.newPage();
  await map_page.goto(`${BASE_URL}/`);
  assert.equal(await map_page.locator(`.layer-future a[href="/framtida-omrade/${id}"] path.future-area`).count(), 1, 'on the public map');
  await map_page.goto(`${BASE_URL}/framtida-omrade/${id}`);
  await map_page.getByRole('heading', { level: 1, name }).waitFor();
  await expectNoAxeViolations(map_page, 'a future area\'s public page');
  await map_page.goto(`${BASE_URL}/framtida-omrade/${id}?lang=en`);
  assert.match(await map_page.locator('main').innerText(), /Land use\s+logistics/);
  await expectNoAxeViolations(map_page, 'a future area\'s public page in English');
  await fitsAPhone(map_page, 'a future area\'s public page');
  // Demand before supply: its page leads to the interest form about it.
  await map_page.goto(`${BASE_URL}/framtida-omrade/${id}`);
  await map_page.getByRole('link', { name: 'Anmäl intresse för mark här' }).click();
  await map_page.waitForURL(new RegExp(`/intresse\\?framtida_omrade=${id}$`));
  assert.equal(await map_page.locator('[data-field="about"]').innerText(), `Framtida område: ${name}`);
  await visitor.close();
});

test('a revision of a published plan stays invisible until another planner approves it', async () => {
  const revised = `Hallstavik Norra, reviderad ${run}`;
  const author = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(author, PLANNER);
  await page.goto(`${BASE_URL}/personal/planer`);
  await page.locator('.plot-table tr[data-planning-item^="plan-"]').getByRole('link', { name: /^Hallstavik Norra/ }).click();
  await page.waitForURL(/\/personal\/plan\/\d+$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  await expectNoAxeViolations(page, 'a published plan in the workspace');
  await fitsAPhone(page, 'a plan\'s page in the workspace');
  await page.getByLabel('Namn', { exact: true }).fill(revised);
  await page.getByLabel('Skede', { exact: true }).selectOption('granskning');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.waitForURL(/sparad=1/);
  // Side by side with what is public: the changed facts are marked.
  const changed = await page.locator('.compare-table tr[data-changed="true"] th').allInnerTexts();
  assert.ok(changed.some((t) => t.startsWith('Namn')), `name marked changed: ${changed}`);
  assert.ok(changed.some((t) => t.startsWith('Skede')), `stage marked changed: ${changed}`);
  await page.getByRole('button', { name: 'Skicka för granskning' }).click();
  await page.waitForURL(/klart=skickad/);

  // The public still sees the plan as published, by name and stage.
  let plans = await publicText('/planer');
  assert.ok(!plans.includes(revised), 'the revision is not public');
  assert.ok(plans.includes('Hallstavik Norra'));
  let planPage = await publicText(`/plan/${id}`);
  assert.match(planPage, /samråd/);
  assert.ok(!planPage.includes(revised));
  await author.close();

  const reviewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const second = await signIn(reviewer, PLANNER_TWO);
  await second.goto(`${BASE_URL}/personal/plan/${id}`);
  await second.getByRole('button', { name: 'Godkänn och publicera' }).click();
  await second.waitForURL(/klart=publicerad/);
  await reviewer.close();
  plans = await publicText('/planer');
  assert.ok(plans.includes(revised), 'public once approved');
  planPage = await publicText(`/plan/${id}`);
  assert.match(planPage, /granskning/);
  const visitor = await browser.newContext();
  const page2 = await visitor.newPage();
  await page2.goto(`${BASE_URL}/plan/${id}?lang=en`);
  await page2.getByRole('heading', { level: 1, name: revised }).waitFor();
  assert.match(await page2.locator('main').innerText(), /review/);
  await expectNoAxeViolations(page2, 'a plan\'s public page in English');
  await fitsAPhone(page2, 'a plan\'s public page');
  await visitor.close();
});

test('a plan in parts: one part is edited on the map from the keyboard, the others stay', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(context, PLANNER);
  const [x, y] = (await firstPlanCorner(page)).map(Math.round);
  const square = (left, bottom) => [[left, bottom], [left + 50, bottom], [left + 50, bottom + 50], [left, bottom + 50], [left, bottom]];
  await page.goto(`${BASE_URL}/personal/plan/ny`);
  await page.locator('svg.edit-map[data-live="true"]').waitFor({ timeout: 30_000 });
  const field = page.getByRole('textbox', { name: /^Ytterkant/ });
  await page.getByLabel('Namn', { exact: true }).fill(`Plan i delar ${run}`);
  await page.getByLabel('Plan-id (t.ex. 0188-P2027/1)').fill(`0188-P2099/${run}`);
  // Two squares, typed as GeoJSON.
  await field.fill(JSON.stringify({ type: 'MultiPolygon', coordinates: [[square(x, y)], [square(x + 200, y)]] }));
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.waitForURL(/\/personal\/plan\/\d+\?sparad=1/);
  await page.locator('svg.edit-map[data-live="true"]').waitFor({ timeout: 30_000 });
  // Part 2, chosen from the keyboard; its first corner moved one metre east with an arrow key.
  await page.getByRole('radio', { name: 'Del 2' }).focus();
  await page.keyboard.press('Space');
  await page.locator('.vertex-handle').first().focus();
  await page.keyboard.press('ArrowRight');
  const near = (a, b, what) => assert.ok(Math.abs(a - b) < 0.01, `${what}: ${a} is not ${b}`);
  const outline = JSON.parse(await field.inputValue());
  assert.equal(outline.type, 'MultiPolygon');
  assert.equal(outline.coordinates.length, 2, 'both parts kept');
  near(outline.coordinates[0][0][0][0], x, 'part 1 unchanged');
  near(outline.coordinates[1][0][0][0], x + 201, 'part 2 moved');
  await expectNoAxeViolations(page, 'a plan in parts on the editor map');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.waitForURL(/sparad=1/);
  near(JSON.parse(await field.inputValue()).coordinates[1][0][0][0], x + 201, 'saved');
  await context.close();
});

/** A corner of the sample's first plan, in EPSG:3011: a point in the municipality. */
async function firstPlanCorner(page) {
  await page.goto(`${BASE_URL}/personal/plan/1`);
  const geometry = JSON.parse(await page.getByRole('textbox', { name: /^Ytterkant/ }).inputValue());
  return geometry.type === 'Polygon' ? geometry.coordinates[0][0] : geometry.coordinates[0][0][0];
}

/** The map's view box: [x, y, width, height] in metres. */
async function viewBox(map) {
  return (await map.getAttribute('viewBox')).split(' ').map(Number);
}

test('the planners\' map opens at a locality, zooms and pans by buttons, wheel and keys, and a 20 ha area is drawn to the metre', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await signIn(context, PLANNER);
  await page.goto(`${BASE_URL}/personal/framtida-omrade/ny`);
  const map = page.locator('svg.edit-map[data-live="true"]');
  await map.waitFor({ timeout: 30_000 });
  await map.scrollIntoViewIfNeeded();
  const frame = await map.boundingBox();
  await page.getByRole('button', { name: 'Visa hela kartan' }).click();
  const whole = await viewBox(map);
  await page.reload();
  await map.waitFor({ timeout: 30_000 });
  await map.scrollIntoViewIfNeeded();
  // Not the whole municipality: a town and the business land near it, named on the map.
  const opening = await viewBox(map);
  assert.ok(opening[2] >= 2500 && opening[2] < whole[2] / 3, `opens at a town: ${opening} (the whole frame ${whole})`);
  const names = await map.locator('.edit-map-places text').allTextContents();
  assert.ok(names.includes('Norrtälje'), `the town is named: ${names}`);
  // The roads and streets, drawn across the opening view and named.
  assert.ok(names.includes('E18') && names.includes('Fockstavägen'), `roads and streets are named: ${names}`);
  const lines = await map.locator('path.edit-map-line').evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().toJSON()));
  assert.ok(lines.some((l) => l.width * l.height > 0 && l.x < frame.x + frame.width && l.x + l.width > frame.x
    && l.y < frame.y + frame.height && l.y + l.height > frame.y), 'a road crosses the opening view');
  assert.ok(await page.locator('svg.scale-bar').isVisible(), 'a scale bar');
  // To another locality: its dot is on the map.
  await page.getByLabel('Visa orten').selectOption('Hallstavik');
  const hallstavik = await viewBox(map);
  assert.notDeepEqual(hallstavik.slice(0, 2), opening.slice(0, 2));
  const named = await map.locator('.edit-map-places text', { hasText: 'Hallstavik' }).boundingBox();
  assert.ok(named.x > frame.x && named.x + named.width < frame.x + frame.width && named.y > frame.y && named.y + named.height < frame.y + frame.height,
    'Hallstavik is named on the map');
  // Buttons, keys and the wheel.
  const w = hallstavik[2];
  await page.getByRole('button', { name: 'Zooma in' }).click();
  assert.ok(Math.abs((await viewBox(map))[2] - w / 2) <= 1, 'a button zooms in');
  await page.getByRole('button', { name: 'Zooma ut' }).click();
  assert.ok(Math.abs((await viewBox(map))[2] - w) <= 1, 'and out');
  await map.focus();
  await page.keyboard.press('ArrowRight');
  const panned = await viewBox(map);
  assert.ok(Math.abs(panned[0] - (hallstavik[0] + w / 4)) <= 1, `an arrow key pans a quarter of the view: ${panned}`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('+');
  assert.ok(Math.abs((await viewBox(map))[2] - w / 2) <= 1, '+ zooms in');
  await page.keyboard.press('-');
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await page.mouse.wheel(0, -100);
  await page.waitForTimeout(100);
  assert.ok(Math.abs((await viewBox(map))[2] - w * 0.8) <= 1, 'the wheel zooms in');
  // Close enough to draw to the metre: the view a little wider than the area.
  for (let i = 0; i < 20 && (await viewBox(map))[2] > 700; i += 1) {
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(50);
  }
  const [vx, vy, vw, vh] = await viewBox(map);
  assert.ok(vw > 480 && vw <= 700, `zoomed to ${vw} m across`);
  // A square of 20 ha (447.21 m a side) around the view's centre, clicked corner by corner at
  // the screen points of its map corners.
  const side = Math.sqrt(200_000);
  const [cx, cy] = [vx + vw / 2, vy + vh / 2];
  const targets = [[cx - side / 2, cy - side / 2], [cx + side / 2, cy - side / 2], [cx + side / 2, cy + side / 2], [cx - side / 2, cy + side / 2]];
  const screen = await map.evaluate((svg, points) => {
    const m = svg.getScreenCTM();
    return points.map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  }, targets);
  for (const [x, y] of screen) await page.mouse.click(x, y);
  await page.locator('.close-handle').click();
  const ring = JSON.parse(await page.getByLabel(/^Ytterkant/).inputValue()).coordinates[0];
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i += 1) twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  const area = Math.abs(twice) / 2;
  assert.ok(Math.abs(area - 200_000) < 2_000, `20 ha within 1 %: ${area} m²`);
  for (let i = 0; i < 4; i += 1) {
    const length = Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
    assert.ok(Math.abs(length - side) < 3, `side ${i + 1} is ${length.toFixed(2)} m, within 3 m of ${side.toFixed(2)}`);
  }
  await expectNoAxeViolations(page, 'the planners\' map zoomed in with an area drawn');
  // On a phone the map and its buttons fit.
  await page.setViewportSize({ width: 360, height: 740 });
  assert.ok(await page.getByRole('button', { name: 'Zooma in' }).isVisible());
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page fits 360 px (is ${width})`);
  await context.close();
});

test('a planner changes the översiktsplan\'s land use through review, and its public page says it in both languages', async () => {
  const name = `Markanvändningen ${run}`;
  const author = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await signIn(author, PLANNER);
  await page.goto(`${BASE_URL}/personal/planer`);
  await page.getByRole('link', { name: 'Ny markanvändning' }).click();
  await page.waitForURL(/\/personal\/markanvandning\/ny$/);
  await page.getByLabel('Namn', { exact: true }).fill(name);
  await page.getByLabel('Beskrivning (publik)').fill('Natur nära tätorten <b>inte fet</b>');
  await page.getByLabel('Översiktsplanens kategori').selectOption('natur_och_friluftsliv');
  await page.getByLabel('Länk till översiktsplanens avsnitt').fill('https://www.norrtalje.se/op#natur');
  await drawAroundAPlot(page);
  await expectNoAxeViolations(page, 'a new land-use area');
  await fitsAPhone(page, 'a new land-use area');
  // Saved and submitted from the keyboard.
  await page.getByRole('button', { name: 'Spara utkast' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/personal\/markanvandning\/\d+\?sparad=1/);
  const staffPath = new URL(page.url()).pathname;
  const id = staffPath.split('/').pop();
  assert.equal((await publicText(`/markanvandning/${id}`)).includes(name), false, 'not public as a draft');
  await page.getByRole('button', { name: 'Skicka för granskning' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/klart=skickad/);
  await author.close();

  const reviewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const second = await signIn(reviewer, PLANNER_TWO);
  await second.goto(`${BASE_URL}${staffPath}`);
  await expectNoAxeViolations(second, 'a land-use area in review');
  await second.getByRole('button', { name: 'Godkänn och publicera' }).click();
  await second.waitForURL(/klart=publicerad/);
  await reviewer.close();

  const visitor = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const pub = await visitor.newPage();
  await pub.goto(`${BASE_URL}/markanvandning/${id}`);
  await pub.getByRole('heading', { level: 1, name }).waitFor();
  const main = await pub.locator('main').innerText();
  assert.match(main, /Markanvändning\s+Natur och friluftsliv/);
  assert.match(main, /<b>inte fet<\/b>/, 'the description is text, not markup');
  assert.equal(await pub.getByRole('link', { name: 'https://www.norrtalje.se/op#natur' }).count(), 1);
  await expectNoAxeViolations(pub, 'a land-use area\'s public page');
  await fitsAPhone(pub, 'a land-use area\'s public page');
  await pub.goto(`${BASE_URL}/markanvandning/${id}?lang=en`);
  assert.match(await pub.locator('main').innerText(), /Land use\s+Nature and recreation/);
  await expectNoAxeViolations(pub, 'a land-use area\'s public page in English');
  await visitor.close();
});
