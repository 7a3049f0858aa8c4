import { expandRanges } from './ranges.js';
import { parseSshSpec } from './ssh-spec.js';

/**
 * Expands the ranges of one `--ssh` spec and checks every host it names. Returns the node names,
 * each written as the user would write that one host, or an error message.
 */
export function expandSshSpec(spec: string): string[] | { error: string } {
  const names = expandRanges(spec);
  if ('error' in names) {
    return names;
  }
  for (const name of names) {
    const parsed = parseSshSpec(name);
    if ('error' in parsed) {
      return parsed;
    }
  }
  return names;
}
