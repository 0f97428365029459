// A real identity provider for the browser suite: the Keycloak distribution the Java e2e suite's
// SsoJourneyTest unpacks under e2e/target/keycloak (from the local Maven repository), started in dev
// mode on free loopback ports with a temporary admin, and the few admin REST calls the tests need.
// It is started as test-support's Keycloak.java starts it (the same options, so the distribution's
// build is reused, and the same heap cap), its output in e2e/target/keycloak/keycloak-browser.log.
//
// One Keycloak for the whole suite: run-tests.mjs (npm test) sets THRESHOLD_KEYCLOAK_SHARED to a
// folder; the first test file that needs Keycloak starts it there (detached, every realm of
// SUITE_REALMS imported), the next ones use the same process, and run-tests.mjs stops it at the end.
// A test file run on its own (node --test tests/05-sso.test.mjs) starts and stops its own.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ROOT } from './lib.mjs';

export const KEYCLOAK_VERSION = process.env.THRESHOLD_KEYCLOAK_VERSION ?? '26.7.3';
export const KEYCLOAK_HOME = resolve(ROOT, `e2e/target/keycloak/keycloak-${KEYCLOAK_VERSION}`);
/** Why a test that needs Keycloak skips, when it cannot be started here. */
export const KEYCLOAK_MISSING = `no Keycloak to sign in at (${KEYCLOAK_HOME} is unpacked by the Java e2e suite's`
  + ' SsoJourneyTest, or by hand from ~/.m2/repository/org/keycloak/keycloak-quarkus-dist; Java 21+ needed)';
/** The realm files (identity-service/src/test/resources/sso) the suite's tests sign in at: imported at start. */
export const SUITE_REALMS = ['threshold-test-realm.json', 'threshold-interop-realm.json'];
/** The folder of the suite's one Keycloak (its state.json), set by run-tests.mjs. */
const SHARED = process.env.THRESHOLD_KEYCLOAK_SHARED;
const LOG = resolve(KEYCLOAK_HOME, '../keycloak-browser.log');

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Java 21+ for Keycloak: KEYCLOAK_JAVA_HOME, else the newest /usr/lib/jvm/{temurin,openjdk,java}-2x. */
export function javaHome() {
  if (process.env.KEYCLOAK_JAVA_HOME) return process.env.KEYCLOAK_JAVA_HOME;
  const jvms = existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm') : [];
  const modern = jvms.filter((d) => /(temurin|openjdk|java)-(2[1-9]|[3-9]\d)/.test(d)).sort().reverse();
  return modern.length ? `/usr/lib/jvm/${modern[0]}` : undefined;
}

export function keycloakAvailable() {
  return existsSync(resolve(KEYCLOAK_HOME, 'bin/kc.sh')) && javaHome() !== undefined;
}

function realmName(file) {
  return JSON.parse(readFileSync(resolve(ROOT, 'identity-service/src/test/resources/sso', file), 'utf8')).realm;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the Keycloak of that process (its whole process group: kc.sh and its JVM). */
export function stopKeycloak(pid) {
  try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
}

/** Stops the suite's one Keycloak, if a test file started it in `folder`, and waits (30 s at most) until it is gone. */
export async function stopSharedKeycloak(folder) {
  const file = resolve(folder, 'state.json');
  if (!existsSync(file)) return;
  const { pid } = JSON.parse(readFileSync(file, 'utf8'));
  stopKeycloak(pid);
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  if (alive(pid)) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
  rmSync(file, { force: true });
}

/** Starts kc.sh start-dev with `realms` imported; answers { pid, url, adminPassword, exited() } at once. */
async function launch(realms, { detached }) {
  const data = resolve(KEYCLOAK_HOME, 'data');
  rmSync(data, { recursive: true, force: true });
  mkdirSync(resolve(data, 'import'), { recursive: true });
  for (const realm of realms) {
    cpSync(resolve(ROOT, 'identity-service/src/test/resources/sso', realm), resolve(data, 'import', realm));
  }
  const port = await freePort();
  const management = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminPassword = randomUUID();
  const log = openSync(LOG, 'w');
  const server = spawn(resolve(KEYCLOAK_HOME, 'bin/kc.sh'), ['start-dev', `--http-port=${port}`,
    `--http-management-port=${management}`, '--http-host=127.0.0.1', `--hostname=${url}`, '--cache=local',
    ...(realms.length ? ['--import-realm'] : [])], {
    env: {
      ...process.env, JAVA_HOME: javaHome(), JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx512m',
      KC_BOOTSTRAP_ADMIN_USERNAME: 'admin', KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    },
    stdio: ['ignore', log, log], detached: true,
  });
  closeSync(log);
  let exited = false;
  server.on('exit', () => { exited = true; });
  // a shared one outlives this test file: nothing of this process keeps it, nor waits for it
  if (detached) server.unref();
  return { pid: server.pid, url, adminPassword, exited: () => exited };
}

/** Waits until the master realm and every one of `names` answer. */
async function awaitRealms(url, names, { timeoutMs, gone }) {
  const deadline = Date.now() + timeoutMs;
  const answers = (name) => fetch(`${url}/realms/${name}`).then((r) => r.ok, () => false);
  for (;;) {
    if ((await Promise.all(['master', ...names].map(answers))).every(Boolean)) return;
    if (gone() || Date.now() > deadline) {
      throw new Error(`Keycloak did not start within ${timeoutMs} ms (${gone() ? 'it exited' : 'no answer'}; see ${LOG})`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Keycloak with the realms of identity-service/src/test/resources/sso named in `realms`: the suite's
 * one (see above), or one of this test file's own. Resolves to { url, stop, admin } (admin: REST calls
 * as the temporary admin of the master realm; stop: only a Keycloak of this file's own is stopped), or
 * undefined when Keycloak is not available here.
 */
export async function startKeycloak({ realms = [], timeoutMs = 360_000 } = {}) {
  if (!keycloakAvailable()) return undefined;
  if (SHARED) return sharedKeycloak(realms, timeoutMs);
  const own = await launch(realms, { detached: false });
  try {
    await awaitRealms(own.url, realms.map(realmName), { timeoutMs, gone: own.exited });
  } catch (e) {
    stopKeycloak(own.pid);
    throw e;
  }
  return { url: own.url, stop: () => stopKeycloak(own.pid), admin: adminClient(own.url, own.adminPassword) };
}

async function sharedKeycloak(realms, timeoutMs) {
  mkdirSync(SHARED, { recursive: true });
  const file = resolve(SHARED, 'state.json');
  let state = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  if (!state || !alive(state.pid)) {
    const wanted = [...new Set([...SUITE_REALMS, ...realms])];
    const started = await launch(wanted, { detached: true });
    state = { pid: started.pid, url: started.url, adminPassword: started.adminPassword, realms: wanted };
    writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  }
  const gone = () => !alive(state.pid);
  try {
    await awaitRealms(state.url, state.realms.map(realmName), { timeoutMs, gone });
  } catch (e) {
    await stopSharedKeycloak(SHARED);
    throw e;
  }
  const admin = adminClient(state.url, state.adminPassword);
  // a realm this Keycloak was not started with: imported through the admin API
  for (const realm of realms.filter((r) => !state.realms.includes(r))) {
    const body = JSON.parse(readFileSync(resolve(ROOT, 'identity-service/src/test/resources/sso', realm), 'utf8'));
    const imported = await admin('POST', '', body);
    if (imported.status !== 201 && imported.status !== 409) throw new Error(`Keycloak realm ${realm}: ${imported.status} ${imported.text}`);
  }
  return { url: state.url, stop: () => { /* the suite's: run-tests.mjs stops it */ }, admin };
}

/** Keycloak's admin REST API (/admin/realms/...) as the temporary admin; answers { status, json, text, headers }. */
function adminClient(url, password) {
  let token;
  let expiresAt = 0;
  async function accessToken() {
    if (token && Date.now() < expiresAt) return token;
    const res = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password }),
    });
    if (!res.ok) throw new Error(`Keycloak admin token: ${res.status} ${await res.text()}`);
    const body = await res.json();
    token = body.access_token;
    expiresAt = Date.now() + (body.expires_in - 10) * 1000;
    return token;
  }
  return async function admin(method, path, body) {
    const headers = { Authorization: `Bearer ${await accessToken()}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = typeof body === 'string' ? 'application/xml' : 'application/json';
    const res = await fetch(`${url}/admin/realms${path}`, {
      method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
    return { status: res.status, json, text, headers: res.headers };
  };
}
