// Bundles the command-line entry point and everything it imports into one CommonJS file,
// dist/cooperate.cjs, which `bin` names. Node.js 20 loads one file markedly faster than the ~90 modules
// of the compiled tree with commander and yaml, and a CommonJS file faster than an ES module one, as
// it skips the ES module loader; docs/benchmarks.md has the start-up numbers.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/cooperate.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
