// Bundles the command-line entry point and everything it imports into one file, dist/cooperate.js,
// which `bin` points to. Node.js 20 loads one file markedly faster than the ~90 modules of the
// compiled tree with commander and yaml; docs/benchmarks.md has the start-up numbers.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/cooperate.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // commander and yaml are CommonJS and call require() for Node's own modules; an ES module has no
  // require of its own, so the bundle makes one.
  banner: {
    js: "import { createRequire as cooperateCreateRequire } from 'node:module'; const require = cooperateCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
