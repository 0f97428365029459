import { defineConfig, Plugin } from 'vite';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const outDir = process.env.WEBUI_OUT_DIR || 'dist';

/** files.txt: every built file, one per line; the gateway loads exactly these into memory at start-up. */
function fileList(): Plugin {
  return {
    name: 'threshold-file-list',
    apply: 'build',
    closeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const p = join(dir, name);
          if (statSync(p).isDirectory()) walk(p);
          else files.push(relative(outDir, p).split(sep).join('/'));
        }
      };
      walk(outDir);
      writeFileSync(join(outDir, 'files.txt'), files.filter((f) => f !== 'files.txt').sort().join('\n') + '\n');
    },
  };
}

// The gateway serves the build from its classpath (webui/): Maven sets WEBUI_OUT_DIR to
// gateway/target/classes/webui. Everything is bundled: no inline script (the CSP forbids it),
// no third-party origin at runtime.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [fileList()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  server: {
    // npm run dev: the API of a running ./threshold up
    proxy: { '/api': 'http://localhost:8080', '/oauth': 'http://localhost:8080', '/app-config.json': 'http://localhost:8080' },
  },
});
