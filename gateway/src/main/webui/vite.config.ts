import { defineConfig } from 'vite';

// The gateway serves the build from its classpath (webui/): Maven sets WEBUI_OUT_DIR to
// gateway/target/classes/webui. Everything is bundled: no inline script (the CSP forbids it),
// no third-party origin at runtime.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    outDir: process.env.WEBUI_OUT_DIR || 'dist',
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    // npm run dev: the API through a running ./threshold up
    proxy: { '/api': 'http://localhost:8080', '/oauth': 'http://localhost:8080', '/app-config.json': 'http://localhost:8080' },
  },
});
