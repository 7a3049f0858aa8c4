// Bundles the command-line entry point and everything it imports into one CommonJS file,
// dist/cooperate.cjs, which `bin` names. Node.js 20 loads one file markedly faster than the ~90 modules
// of the compiled tree with commander and yaml, and a CommonJS file faster than an ES module one, as
// it skips the ES module loader; docs/benchmarks.md has the start-up numbers.
//
// yaml goes into a file of its own, dist/yaml.cjs, which the bundle loads only when a result needs it:
// most results need none of it, and compiling it costs every run several milliseconds.
import process from 'node:process';

import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

await build({
  ...common,
  stdin: { contents: "module.exports = require('yaml');", resolveDir: process.cwd(), loader: 'js' },
  outfile: 'dist/yaml.cjs',
});

/** Loads yaml from dist/yaml.cjs, next to the bundle, in place of src/rendering/yaml-package.ts. */
const lazyYaml = {
  name: 'lazy-yaml',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\/yaml\.cjs$/ }, () => ({ path: './yaml.cjs', external: true }));
    bundler.onLoad({ filter: /[\\/]rendering[\\/]yaml-package\.js$/ }, () => ({
      contents:
        "let loaded;\nexport function yamlPackage() {\n  loaded ??= require('./yaml.cjs');\n  return loaded;\n}\n",
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/cooperate.cjs',
  plugins: [lazyYaml],
});
