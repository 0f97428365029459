// A real identity provider for the browser suite: the Keycloak distribution the Java e2e suite's
// SsoJourneyTest unpacks under e2e/target/keycloak (from the local Maven repository), started in dev
// mode on a free loopback port with a temporary admin, and the few admin REST calls the tests need.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ROOT } from './lib.mjs';

export const KEYCLOAK_VERSION = process.env.THRESHOLD_KEYCLOAK_VERSION ?? '26.7.3';
export const KEYCLOAK_HOME = resolve(ROOT, `e2e/target/keycloak/keycloak-${KEYCLOAK_VERSION}`);
/** Why a test that needs Keycloak skips, when it cannot be started here. */
export const KEYCLOAK_MISSING = `no Keycloak to sign in at (${KEYCLOAK_HOME} is unpacked by the Java e2e suite's`
  + ' SsoJourneyTest, or by hand from ~/.m2/repository/org/keycloak/keycloak-quarkus-dist; Java 21+ needed)';

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

/**
 * Starts Keycloak with the realms of identity-service/src/test/resources/sso named in `realms`
 * (imported at start-up) and waits until it answers. Resolves to { url, stop, admin } (admin: REST
 * calls as the temporary admin of the master realm), or undefined when Keycloak is not available here.
 */
export async function startKeycloak({ realms = [], timeoutMs = 360_000 } = {}) {
  if (!keycloakAvailable()) return undefined;
  const data = resolve(KEYCLOAK_HOME, 'data');
  rmSync(data, { recursive: true, force: true });
  mkdirSync(resolve(data, 'import'), { recursive: true });
  const names = [];
  for (const realm of realms) {
    const file = resolve(ROOT, 'identity-service/src/test/resources/sso', realm);
    cpSync(file, resolve(data, 'import', realm));
    names.push(JSON.parse(readFileSync(file, 'utf8')).realm);
  }
  const port = await freePort();
  const management = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminPassword = randomUUID();
  const server = spawn(resolve(KEYCLOAK_HOME, 'bin/kc.sh'), ['start-dev', `--http-port=${port}`,
    `--http-management-port=${management}`, '--http-host=127.0.0.1', `--hostname=${url}`,
    ...(realms.length ? ['--import-realm'] : [])], {
    env: { ...process.env, JAVA_HOME: javaHome(), KC_BOOTSTRAP_ADMIN_USERNAME: 'admin', KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword },
    stdio: 'ignore', detached: true,
  });
  let exited = false;
  server.on('exit', () => { exited = true; });
  const stop = () => {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
  };
  // every realm answers: the master realm, and each imported one
  const deadline = Date.now() + timeoutMs;
  const answers = (name) => fetch(`${url}/realms/${name}`).then((r) => r.ok, () => false);
  for (;;) {
    if ((await Promise.all(['master', ...names].map(answers))).every(Boolean)) break;
    if (exited || Date.now() > deadline) {
      stop();
      throw new Error(`Keycloak did not start within ${timeoutMs} ms (${exited ? 'it exited' : 'no answer'})`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { url, stop, admin: adminClient(url, adminPassword) };
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
