// npm test: Node's test runner over tests/ (or the files given), one file at a time, with one Keycloak
// for every test file that needs it (keycloak.mjs: the first such file starts it in a folder made here,
// the next ones use it); stopped here at the end, also when the run is interrupted.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopSharedKeycloak } from './keycloak.mjs';

const shared = mkdtempSync(join(tmpdir(), 'threshold-browser-keycloak-'));
const files = process.argv.slice(2);
const run = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...(files.length ? files : ['tests/'])],
  { stdio: 'inherit', env: { ...process.env, THRESHOLD_KEYCLOAK_SHARED: shared } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => run.kill(signal));
const status = await new Promise((done) => run.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
await stopSharedKeycloak(shared);
rmSync(shared, { recursive: true, force: true });
process.exitCode = status;
