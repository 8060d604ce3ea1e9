// The server a browser-test file runs against: its own, on a database of its own copied from the
// run's template (migrated, the sample loaded, the demo accounts created), so a file passes or
// fails the same alone, in any order and beside any other; rate limits and every other piece of
// a server's memory are its own too. `./dev e2e` and `./dev test` make the template and say
// where everything is (the MARKKARTAN_E2E_* variables below); MARKKARTAN_URL instead points the
// tests at a server already running (the benchmarks', or one started by hand).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;

/** The base URL of the server this process's tests use, started first when it is ours. */
export async function ownServer() {
  if (env.MARKKARTAN_URL) return env.MARKKARTAN_URL;
  const needed = ['MARKKARTAN_E2E_SERVER', 'MARKKARTAN_E2E_ADMIN_URL', 'MARKKARTAN_E2E_TEMPLATE',
    'MARKKARTAN_E2E_PSQL', 'MARKKARTAN_E2E_PORT', 'MARKKARTAN_E2E_RUN', 'MARKKARTAN_SITE_ROOT'];
  const missing = needed.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`run the browser tests with ./dev e2e (or set MARKKARTAN_URL): ${missing.join(', ')} not set`);
  }
  const file = basename(process.argv[1] ?? '');
  const slot = testFiles().indexOf(file);
  if (slot < 0) throw new Error(`${file} is not a test file of end2end/tests`);
  // One port per file, after the base port, so files may also run side by side.
  const port = Number(env.MARKKARTAN_E2E_PORT) + 1 + slot;
  const database = `markkartan_e2e_${file.replace(/\.test\.mjs$/, '').replace(/[^a-z0-9]/gi, '_')}`;
  copyTemplate(database);
  addSyntheticPlots(database);
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(env.MARKKARTAN_E2E_SERVER, ['serve'], {
    env: {
      ...env,
      DATABASE_URL: databaseUrl(database),
      MARKKARTAN_ADDR: `127.0.0.1:${port}`,
      // The tests' browsers reach the server from 127.0.0.1, trusted as a proxy here, so a
      // test can send its own X-Forwarded-For and have rate limits of its own.
      MARKKARTAN_TRUSTED_PROXIES: '127.0.0.1',
      RUST_LOG: env.RUST_LOG ?? 'warn',
    },
    // Its log goes where the test's own diagnostics go; stdout is the test runner's.
    stdio: ['ignore', 2, 2],
  });
  server.unref();
  // So ./dev can end it should this process be killed before it can.
  writeFileSync(`${env.MARKKARTAN_E2E_RUN}/${port}.pid`, `${server.pid}\n`);
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop();
      process.exit(1);
    });
  }
  await healthy(url, server);
  return url;
}

/** The test files, sorted: a file's place among them gives it its port. */
function testFiles() {
  return readdirSync(dirname(fileURLToPath(import.meta.url))).filter((f) => f.endsWith('.test.mjs')).sort();
}

function databaseUrl(database) {
  return env.MARKKARTAN_E2E_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
}

/** A file that needs a municipality's worth of plots sets MARKKARTAN_E2E_SYNTHETIC_PLOTS before
 * it imports browser.mjs (a dynamic import): its database gets that many synthetic plots. */
function addSyntheticPlots(database) {
  const count = Number(env.MARKKARTAN_E2E_SYNTHETIC_PLOTS ?? 0);
  if (!(count > 0)) return;
  const run = spawnSync(env.MARKKARTAN_E2E_SERVER, ['generate-plots', '--count', String(count)], {
    env: { ...env, DATABASE_URL: databaseUrl(database), RUST_LOG: 'warn' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`generating ${count} plots in ${database}: ${run.stderr}`);
}

function copyTemplate(database) {
  const psql = spawnSync(env.MARKKARTAN_E2E_PSQL, [
    '-X', '-q', '-v', 'ON_ERROR_STOP=1', env.MARKKARTAN_E2E_ADMIN_URL,
    '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
    '-c', `CREATE DATABASE ${database} TEMPLATE ${env.MARKKARTAN_E2E_TEMPLATE}`,
  ], { encoding: 'utf8' });
  if (psql.status !== 0) throw new Error(`copying the template to ${database}: ${psql.stderr}`);
}

async function healthy(url, server) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server for ${url} exited (${server.exitCode})`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server for ${url} did not become healthy in 30 s`);
}
