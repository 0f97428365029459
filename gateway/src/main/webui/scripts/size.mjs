// Prints the raw and gzip size of every built file and the total (what README reports).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = process.argv[2] ?? process.env.WEBUI_OUT_DIR ?? 'dist';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p); else files.push(p);
  }
})(root);
let raw = 0, gz = 0, eager = 0;
const index = readFileSync(join(root, 'index.html'), 'utf8');
for (const f of files.sort()) {
  const b = readFileSync(f);
  const g = gzipSync(b, { level: 9 }).length;
  raw += b.length; gz += g;
  const rel = relative(root, f);
  const loadedFirst = rel === 'index.html' || index.includes('/' + rel);
  if (loadedFirst) eager += g;
  console.log(`${rel.padEnd(40)} ${String(b.length).padStart(8)} B  ${String(g).padStart(7)} B gzip${loadedFirst ? '  (first load)' : ''}`);
}
console.log(`total ${raw} B, ${gz} B gzip; first load (index + entry + css) ${eager} B gzip`);
