// Lighthouse on three public pages: the map `/`, the list `/tomter` and one plot's fact sheet
// `/tomt/ID`. `node bench/lighthouse/run.mjs BASE_URL [--desktop]` (`./dev bench` runs it).
// Lighthouse lives in this folder, not in end2end/, so that the browser tests (and CI) never
// install it. It drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium); nothing is
// downloaded. Lighthouse is pinned to 12.8.2, the last release that runs on Node 20 (13.x asks
// for Node 22.19), the oldest Node the project supports. package.json overrides third-party-web
// to 0.27.0: Lighthouse's trace engine asks for its "latest", which moves, and `npm ci` then
// refuses the lock file.
//
// Mobile is Lighthouse's default form factor and so ours: an emulated Moto G Power (412×823),
// simulated slow 4G (150 ms, 1.6 Mbit/s) and a 4× slower CPU. `--desktop` runs Lighthouse's
// desktop configuration instead (1350×940, 40 ms, 10 Mbit/s, no CPU slowdown).
//
// Prints per page the four category scores and FCP, LCP, TBT and CLS, and under them the failing
// audits (top 5 by weight) of every category below 95: that is the list to fix. With
// BENCH_MARKDOWN set to a file, appends the same as a Markdown section (BENCH_PLOTS: the plot
// count for its title); with LIGHTHOUSE_REPORTS set to a folder, writes each page's full
// report there (HTML and JSON) for the details. Asserts nothing; a page that takes longer than
// LIGHTHOUSE_TIMEOUT_S (300 s) gets "—" and a note, and the next page runs. One run per page
// varies by 5–10 points of performance; LIGHTHOUSE_RUNS=N reports each page's median run.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import lighthouse, { desktopConfig, generateReport } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const args = process.argv.slice(2);
const desktop = args.includes('--desktop');
const base = (args.find((arg) => !arg.startsWith('--')) ?? process.env.MARKKARTAN_URL ?? '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node bench/lighthouse/run.mjs BASE_URL [--desktop]');
  process.exit(2);
}
const plots = process.env.BENCH_PLOTS ?? '?';
const pageTimeout = Number(process.env.LIGHTHOUSE_TIMEOUT_S ?? 300) * 1000;
const runsPerPage = Number(process.env.LIGHTHOUSE_RUNS ?? 1);
const formFactor = desktop ? 'desktop' : 'mobile';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
];
const notes = [];

/** `promise`'s value, or a rejection after `timeout` ms saying what took too long. */
function within(promise, timeout, what) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${timeout / 1000} s`)), timeout); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// A fact sheet needs a published plot: the first the open-data API lists.
async function aPlotId() {
  try {
    const response = await within(fetch(`${base}/ogc/collections/plots/items?limit=1&f=json`), 30_000, 'plots API');
    const collection = await response.json();
    return collection.features?.[0]?.id ?? null;
  } catch (error) {
    notes.push(`no plot for the fact sheet: ${error.message}`);
    return null;
  }
}

/**
 * One Lighthouse run in a Chromium of its own (so no page shares a cache or a profile with
 * another): the result, or null with a note. The Chromium is ended whatever happened, which is
 * also what ends a Lighthouse run that outlives the timeout.
 */
async function audit(name, url, run, categories = CATEGORIES) {
  let chrome;
  try {
    chrome = await within(chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
      logLevel: 'silent',
    }), 60_000, 'starting Chromium');
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories, maxWaitForLoad: 60_000 };
    const result = await within(lighthouse(url, flags, desktop ? desktopConfig : undefined), pageTimeout, 'Lighthouse');
    const lhr = result?.lhr;
    if (!lhr) throw new Error('Lighthouse returned nothing');
    // The exact build (the user agent Lighthouse records is reduced to "156.0.0.0").
    const version = await within(fetch(`http://127.0.0.1:${chrome.port}/json/version`).then((r) => r.json()), 10_000, 'version').catch(() => null);
    lhr.chromium = version?.Browser?.replace(/^[^/]*\//, '') ?? '?';
    if (process.env.LIGHTHOUSE_REPORTS) {
      const file = `${process.env.LIGHTHOUSE_REPORTS}/${name.replaceAll(' ', '-')}.${formFactor}${runsPerPage > 1 ? `.${run + 1}` : ''}`;
      mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
      writeFileSync(`${file}.html`, generateReport(lhr, 'html'));
      writeFileSync(`${file}.json`, JSON.stringify(lhr));
    }
    if (lhr.runtimeError) notes.push(`${name}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    for (const warning of lhr.runWarnings ?? []) notes.push(`${name}: ${warning}`);
    return lhr;
  } catch (error) {
    notes.push(`${name}: ${error.message}`);
    return null;
  } finally {
    if (chrome) await within(Promise.resolve(chrome.kill()), 10_000, 'ending Chromium').catch(() => {});
  }
}

/**
 * The audits of `category` that fail (score below 0.9, Lighthouse's own pass mark), the
 * heaviest first: weight, then for performance's unweighted diagnostics the time they would
 * save. At most `count`.
 */
function failing(lhr, category, count = 5) {
  return lhr.categories[category].auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ ref, audit }) => audit && ref.group !== 'hidden' && audit.score !== null && audit.score < 0.9
      && ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode))
    .sort((a, b) => b.ref.weight - a.ref.weight || savings(b.audit) - savings(a.audit))
    .slice(0, count)
    .map(({ ref, audit }) => {
      const detail = audit.displayValue ? ` (${audit.displayValue})` : '';
      const where = firstItem(audit.details);
      return `${audit.title}${detail} [${audit.id}, weight ${ref.weight}]${where ? `: ${where}` : ''}`;
    });
}
const savings = (audit) => audit.metricSavings ? Math.max(0, ...Object.values(audit.metricSavings).filter(Number.isFinite)) : 0;

/** Where an audit found its first problem (an element's selector or a file), so the line says what to fix. */
function firstItem(details) {
  for (const item of details?.items ?? []) {
    if (item.node?.selector) return `${item.node.selector}${details.items.length > 1 ? ` and ${details.items.length - 1} more` : ''}`;
    if (typeof item.url === 'string') return `${new URL(item.url).pathname}${details.items.length > 1 ? ` and ${details.items.length - 1} more` : ''}`;
    // Some details are lists of tables (the LCP element's): look inside.
    if (item.type === 'table' || item.type === 'list') {
      const inner = firstItem(item);
      if (inner) return inner;
    }
  }
  return null;
}

// --- the pages ---------------------------------------------------------------------------------
const plotId = await aPlotId();
const pages = [
  ['map', `${base}/`],
  ['list', `${base}/tomter`],
  ...(plotId === null ? [] : [['fact sheet', `${base}/tomt/${encodeURIComponent(plotId)}`]]),
];
const results = [];
for (const [name, url] of pages) {
  const lhrs = [];
  for (let run = 0; run < runsPerPage; run++) {
    console.error(`Lighthouse (${formFactor}): ${url}${runsPerPage > 1 ? ` (run ${run + 1} of ${runsPerPage})` : ''}`);
    const lhr = await audit(name, url, run);
    if (lhr) lhrs.push(lhr);
    // A page that timed out or failed once would again: spend the time on the next page.
    if (!lhr || lhr.runtimeError) break;
  }
  // On a page of a quarter of a million elements (the list at 10,000 plots) the accessibility
  // and SEO gatherers run out of time and Lighthouse then scores nothing at all: measure the
  // performance alone, which is still worth knowing.
  if (lhrs.length === 1 && lhrs[0].runtimeError) {
    console.error(`Lighthouse (${formFactor}): ${url} (performance only)`);
    const lhr = await audit(name, url, runsPerPage, ['performance']);
    if (lhr && !lhr.runtimeError) {
      notes.push(`${name}: performance only, the run of all four categories failed`);
      lhrs[0] = lhr;
    }
  }
  // Lighthouse's own advice for noisy scores: keep the run with the median performance score.
  lhrs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
  results.push({ name, url, lhr: lhrs[Math.floor(lhrs.length / 2)] ?? null });
}

// --- the report ---------------------------------------------------------------------------------
const score = (lhr, id) => {
  const value = lhr?.categories?.[id]?.score;
  return value === null || value === undefined ? '—' : String(Math.round(value * 100));
};
const metric = (lhr, id) => {
  const audit = lhr?.audits?.[id];
  if (!audit || audit.numericValue === undefined) return '—';
  return id === 'cumulative-layout-shift' ? audit.numericValue.toFixed(3) : `${(audit.numericValue / 1000).toFixed(2)} s`;
};
const columns = results.map(({ name, url }) => `${name} (${new URL(url).pathname})`);
const rows = [
  ...CATEGORIES.map((id) => [id, ...results.map(({ lhr }) => score(lhr, id))]),
  ...METRICS.map(([id, label]) => [label, ...results.map(({ lhr }) => metric(lhr, id))]),
];
const failures = [];
for (const { name, lhr } of results) {
  if (!lhr) continue;
  for (const category of CATEGORIES) {
    const value = lhr.categories[category]?.score;
    if (value === null || value === undefined || value >= 0.95) continue;
    failures.push({ page: name, category, score: Math.round(value * 100), audits: failing(lhr, category) });
  }
}
const lighthouseVersion = results.find(({ lhr }) => lhr)?.lhr.lighthouseVersion ?? '?';
const chromeVersion = results.find(({ lhr }) => lhr)?.lhr.chromium ?? '?';

console.log(`Lighthouse ${lighthouseVersion}, ${formFactor} (Chromium ${chromeVersion}), ${plots} plots, ${runsPerPage > 1 ? `median of ${runsPerPage} runs per page, ` : ""}${base}`);
console.table(Object.fromEntries(rows.map(([figure, ...values]) => [figure, Object.fromEntries(columns.map((c, i) => [c, values[i]]))])));
for (const { page, category, score: value, audits } of failures) {
  console.log(`${page}, ${category} ${value}:`);
  for (const line of audits.length ? audits : ['(no single failing audit: the score is the weighted sum of near misses)']) console.log(`  - ${line}`);
}
for (const note of new Set(notes)) console.log(`note: ${note}`);

if (process.env.BENCH_MARKDOWN) {
  const cell = (text) => String(text).replaceAll('|', '\\|');
  const markdown = [
    '',
    desktop ? `### Lighthouse, desktop (${plots} plots)` : `### Lighthouse (${plots} plots)`,
    '',
    `Lighthouse ${lighthouseVersion}, ${desktop ? 'desktop configuration' : "its default mobile form factor (Moto G Power, simulated slow 4G, 4× CPU slowdown)"}, `
      + `headless Chromium ${chromeVersion}; ${runsPerPage > 1 ? `the median of ${runsPerPage} runs per page` : 'one run per page'}; `
      + `${new Date().toISOString().slice(0, 10)}.`,
    '',
    `| figure | ${columns.map(cell).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...rows.map(([figure, ...values]) => `| ${figure} | ${values.map(cell).join(' | ')} |`),
    '',
    ...failures.flatMap(({ page, category, score: value, audits }) => [
      `${page}, ${category} ${value}:`,
      '',
      ...(audits.length ? audits : ['(no single failing audit: the score is the weighted sum of near misses)']).map((line) => `- ${cell(line)}`),
      '',
    ]),
    ...[...new Set(notes)].map((note) => `- note: ${cell(note)}`),
    ...(notes.length ? [''] : []),
  ].join('\n');
  appendFileSync(process.env.BENCH_MARKDOWN, markdown + '\n');
}
// A Lighthouse run given up on may still hold timers or sockets that would keep node alive.
process.exit(0);
