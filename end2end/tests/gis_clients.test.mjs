// GIS clients no one here wrote, against the real server: GDAL's ogrinfo and ogr2ogr (Debian's
// gdal-bin, through its OAPIF driver) and OWSLib (PyPI, in the virtual environment ./dev makes)
// open /ogc, list every collection, read each to the end, with a bounding box, an attribute
// filter and in SWEREF 99 TM, read a vector tile, and page through plots; what they read must
// be what the server says it has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownServer } from './server.mjs';

const BASE_URL = await ownServer();
const OAPIF = `OAPIF:${BASE_URL}/ogc`;
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Runs a program and gives its standard output; fails the test with its error output. */
function run(program, args) {
  const result = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `${program} ${args.join(' ')}:\n${result.stderr}`);
  return result.stdout;
}

/** A collection's features as ogr2ogr writes them to GeoJSON, with its extra options. */
function ogr2ogr(collection, ...options) {
  const out = run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', OAPIF, collection, ...options]);
  return JSON.parse(out).features;
}

async function server(pathAndQuery) {
  const response = await fetch(BASE_URL + pathAndQuery);
  assert.equal(response.status, 200, pathAndQuery);
  return response.json();
}

/** Every feature of a server's answer, following its next links. */
async function everything(pathAndQuery) {
  const features = [];
  let next = pathAndQuery;
  while (next) {
    const page = await server(next);
    features.push(...page.features);
    const link = page.links.find((l) => l.rel === 'next');
    next = link ? new URL(link.href).pathname + new URL(link.href).search : null;
  }
  return features;
}

test('ogrinfo lists every collection and ogr2ogr reads each to the end', async () => {
  const { collections } = await server('/ogc/collections');
  const listed = run('ogrinfo', ['-ro', '-q', OAPIF]);
  for (const { id, title } of collections) {
    assert.match(listed, new RegExp(`: ${id} \\(title: ${title}\\)`), `${id} in\n${listed}`);
  }
  assert.equal(collections.length, 9);
  for (const { id } of collections) {
    const read = ogr2ogr(id);
    const { numberMatched } = await server(`/ogc/collections/${id}/items?limit=1`);
    assert.ok(numberMatched > 0, id);
    assert.equal(read.length, numberMatched, id);
    assert.ok(read.every((f) => f.geometry && f.geometry.coordinates.length > 0), id);
  }
  // The plots' fields, typed as the server states them.
  const info = run('ogrinfo', ['-ro', '-so', OAPIF, 'plots']);
  assert.match(info, /area_m2: Real/);
  assert.match(info, /fiber: Integer\(Boolean\)/);
  assert.doesNotMatch(info, /internal_notes|holder|reserved_for/);
});

test('a bounding box and an attribute filter read what the server picks', async () => {
  const bbox = '18.6,59.7,18.8,59.8';
  const inside = ogr2ogr('plots', '-spat', ...bbox.split(','));
  const expected = await everything(`/ogc/collections/plots/items?bbox=${bbox}`);
  assert.ok(expected.length > 0);
  assert.deepEqual(
    inside.map((f) => f.properties.designation).sort(),
    expected.map((f) => f.properties.designation).sort(),
  );
  const available = ogr2ogr('plots', '-where', "status = 'available'");
  const { numberMatched } = await server('/ogc/collections/plots/items?status=available&limit=1');
  assert.ok(numberMatched > 0 && numberMatched < expected.length + 100);
  assert.equal(available.length, numberMatched);
  assert.ok(available.every((f) => f.properties.status === 'available'));
});

test('ogr2ogr reads plots in SWEREF 99 TM where the server puts them', async () => {
  const read = ogr2ogr('plots', '-t_srs', 'EPSG:3006');
  const served = await everything(
    '/ogc/collections/plots/items?crs=http://www.opengis.net/def/crs/EPSG/0/3006&limit=1000',
  );
  const byName = new Map(served.map((f) => [f.properties.designation, f]));
  assert.equal(read.length, served.length);
  for (const feature of read) {
    const [easting, northing] = feature.geometry.coordinates[0][0];
    // In SWEREF 99 TM, Norrtälje's eastings are about 690,000–740,000 m.
    assert.ok(easting > 650000 && easting < 760000 && northing > 6600000, `${easting} ${northing}`);
    // The server gives EPSG:3006 northing first, as EPSG defines it.
    const [serverNorthing, serverEasting] = byName.get(feature.properties.designation)
      .geometry.coordinates[0][0];
    assert.ok(Math.abs(serverEasting - easting) < 0.05, `${serverEasting} ${easting}`);
    assert.ok(Math.abs(serverNorthing - northing) < 0.05, `${serverNorthing} ${northing}`);
  }
});

test('OWSLib pages through plots to the end and filters with CQL2', async () => {
  const python = process.env.MARKKARTAN_GIS_PYTHON;
  assert.ok(python, 'MARKKARTAN_GIS_PYTHON (./dev sets it: the OWSLib environment)');
  const seen = JSON.parse(run(python, [path.join(HERE, '../gis/owslib_client.py'), BASE_URL, 'plots', '7']));
  const all = await everything('/ogc/collections/plots/items?limit=1000');
  assert.equal(seen.matched, all.length);
  assert.deepEqual(seen.ids, all.map((f) => f.id));
  assert.equal(seen.pages, Math.ceil(all.length / 7));
  assert.ok(seen.collections.includes('detailed-plans'));
  assert.ok(seen.conformance.some((c) => c.endsWith('/conf/filter')));
  assert.ok(seen.queryables.includes('area_m2') && !seen.queryables.includes('internal_notes'));
  const expected = all
    .filter((f) => f.properties.status === 'available' && f.properties.area_m2 >= 5000)
    .map((f) => f.id)
    .sort((a, b) => a - b);
  assert.ok(expected.length > 0 && expected.length < all.length);
  assert.deepEqual(seen.filtered, expected);
});

test("GDAL's MVT driver reads a plot's vector tile where the plot is", async () => {
  const { features } = await server('/ogc/collections/plots/items?limit=1');
  const [plot] = features;
  const [lon, lat] = plot.geometry.coordinates[0][0];
  const z = 14;
  const x = Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
  const response = await fetch(`${BASE_URL}/ogc/collections/plots/tiles/WebMercatorQuad/${z}/${y}/${x}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
  const folder = mkdtempSync(path.join(tmpdir(), 'markkartan-mvt-'));
  try {
    const file = path.join(folder, `${y}.mvt`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const read = run('ogrinfo', ['-ro', '-al', '-q', `MVT:${file}`, '-oo', `X=${x}`, '-oo', `Y=${y}`, '-oo', `Z=${z}`]);
    assert.match(read, /Layer name: plots/);
    assert.ok(read.includes(`designation (String) = ${plot.properties.designation}`), read.slice(0, 2000));
    // Georeferenced in Web Mercator, where the plot's first corner is.
    const easting = (lon * 20037508.342789244) / 180;
    const corners = [...read.matchAll(/POLYGON \(\(([-\d.]+) ([-\d.]+)/g)].map((m) => Number(m[1]));
    assert.ok(corners.some((e) => Math.abs(e - easting) < 200), `${easting} among ${corners}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the list's downloads open in GDAL: GeoPackage in SWEREF 99 TM, GeoJSON and CSV", async () => {
  const query = '?ort=Norrt%C3%A4lje&status=available';
  const expected = (await (await fetch(`${BASE_URL}/tomter.geojson${query}`)).json()).features;
  assert.ok(expected.length > 0);
  const folder = mkdtempSync(path.join(tmpdir(), 'markkartan-download-'));
  try {
    const file = path.join(folder, 'tomter.gpkg');
    const response = await fetch(`${BASE_URL}/tomter.gpkg${query}`);
    assert.equal(response.status, 200);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const info = run('ogrinfo', ['-ro', '-so', file, 'tomter']);
    assert.match(info, new RegExp(`Feature Count: ${expected.length}\\b`));
    assert.match(info, /SWEREF99 TM|EPSG","3006"/);
    const read = JSON.parse(run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, 'tomter', '-t_srs', 'EPSG:4326']));
    assert.deepEqual(read.features.map((f) => f.properties.designation), expected.map((f) => f.properties.designation));
    const csv = run('ogrinfo', ['-ro', '-al', '-so', `CSV:/vsicurl/${BASE_URL}/tomter.csv${query}`]);
    assert.match(csv, new RegExp(`Feature Count: ${expected.length}\\b`));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the OpenAPI document at /ogc/api is valid OpenAPI 3.1 and the landing page points to it', async () => {
  const python = process.env.MARKKARTAN_GIS_PYTHON;
  assert.ok(python, 'MARKKARTAN_GIS_PYTHON (./dev sets it)');
  const landing = await server('/ogc');
  const desc = landing.links.find((l) => l.rel === 'service-desc');
  assert.ok(desc && desc.href.endsWith('/ogc/api'), JSON.stringify(landing.links));
  const response = await fetch(desc.href);
  assert.equal(response.status, 200);
  const folder = mkdtempSync(path.join(tmpdir(), 'markkartan-openapi-'));
  try {
    const file = path.join(folder, 'openapi.json');
    writeFileSync(file, await response.text());
    const out = run(python, ['-m', 'openapi_spec_validator', '--schema', '3.1', file]);
    assert.match(out, /OK/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
