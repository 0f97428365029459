// The web app's unit tests (src/**/*.test.ts): bundled with esbuild (vite's own, no extra dependency)
// into a temporary directory and run by Node's test runner. They cover the logic that needs no
// browser; the screens are tested in a real Chromium by e2e/browser.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tests = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p); else if (/\.test\.tsx?$/.test(name)) tests.push(p);
  }
})('src');
if (tests.length === 0) {
  console.log('no unit tests');
  process.exit(0);
}
const out = mkdtempSync(join(tmpdir(), 'threshold-webui-tests-'));
try {
  await build({
    entryPoints: tests, outdir: out, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    outExtension: { '.js': '.mjs' }, jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'warning',
    // modules that reach for the browser only when called; tests call what needs none of it
    define: { 'import.meta.env.DEV': 'false' },
  });
  const files = readdirSync(out).filter((f) => f.endsWith('.mjs')).map((f) => join(out, f));
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
