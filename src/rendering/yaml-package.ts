import { createRequire } from 'node:module';

import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * Returns the yaml package, loaded on first use. Most results need none of it, because flat-yaml.ts
 * writes them, and loading it would cost every run several milliseconds at start-up. The bundle of the
 * command line (scripts/bundle.js) replaces this module with one that loads yaml from a file of its own.
 */
export function yamlPackage(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
