// A base map's tile server for the browser tests, in this process: every GetTile answers one
// plain-coloured 256 px PNG, and the requests are kept so a test can see which tiles the map
// asked for. Imported before browser.mjs, it names itself in MARKKARTAN_BASEMAP_URL (a WMTS
// template in the Web Mercator tile matrix set, as Lantmäteriet's open topographic map is
// served) before the test file's own Markkartan server starts.
import http from 'node:http';
import { deflateSync } from 'node:zlib';

/** The tiles' colour. */
export const TILE_RGB = [186, 64, 170];
/** The closest zoom level it serves, as MARKKARTAN_BASEMAP_MAX_ZOOM says. */
export const TILE_MAX_ZOOM = 15;
export const TILE_ATTRIBUTION = '© Testkartan (CC BY 4.0)';

const port = Number(process.env.MARKKARTAN_E2E_PORT ?? 3917) + 400;
const origin = `http://127.0.0.1:${port}`;
const template = /\/topowebb\/default\/3857\/(\d+)\/(\d+)\/(\d+)\.png$/;

/** The tiles asked for so far, as { z, x, y }. */
export const requested = [];

const png = solidPng(256, 256, TILE_RGB);
const server = http.createServer((request, response) => {
  const match = template.exec(new URL(request.url, origin).pathname);
  if (!match) {
    response.writeHead(404).end();
    return;
  }
  const [z, y, x] = match.slice(1).map(Number);
  requested.push({ z, x, y });
  // Out of the matrix set's range, as a WMTS answers.
  if (z > TILE_MAX_ZOOM) {
    response.writeHead(400).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
});
server.listen(port, '127.0.0.1');
server.unref();

process.env.MARKKARTAN_BASEMAP_URL = `${origin}/topowebb/default/3857/{TileMatrix}/{TileRow}/{TileCol}.png`;
process.env.MARKKARTAN_BASEMAP_MAX_ZOOM = String(TILE_MAX_ZOOM);
process.env.MARKKARTAN_BASEMAP_ATTRIBUTION = TILE_ATTRIBUTION;

/** A PNG of one colour (8-bit RGB, no interlace). */
function solidPng(width, height, [r, g, b]) {
  const row = Buffer.alloc(1 + width * 3);
  for (let i = 0; i < width; i += 1) row.set([r, g, b], 1 + i * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
