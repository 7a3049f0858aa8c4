/**
 * Node ranges in the style of pdsh and ClusterShell: `web[01-03]` is web01 web02 web03 and
 * `rack[1-2]-n[1-2]` is rack1-n1 rack1-n2 rack2-n1 rack2-n2. A bound written with leading zeros sets
 * the width of every number of its range, so `node[8-10]` is node8 node9 node10 and `node[08-10]` is
 * node08 node09 node10. Brackets whose content is not a list of numbers and ranges, such as the IPv6
 * address in `[::1]:22`, are kept as written.
 */

/** Upper bound on the hosts one spec expands to, so that a typo such as `[1-10000000]` fails at once. */
export const MAX_EXPANDED_HOSTS = 100_000;

const RANGE_GROUP = /\[(\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*)\]/;

/** Expands every range group of `spec`, in order, the leftmost group varying slowest. */
export function expandRanges(spec: string): string[] | { error: string } {
  const match = RANGE_GROUP.exec(spec);
  if (!match) {
    return [spec];
  }
  const values = expandGroup(match[1] as string);
  if ('error' in values) {
    return { error: `invalid range '${match[0]}' in '${spec}': ${values.error}` };
  }
  const head = spec.slice(0, match.index);
  const tails = expandRanges(spec.slice(match.index + match[0].length));
  if ('error' in tails) {
    return { error: tails.error };
  }
  if (values.length * tails.length > MAX_EXPANDED_HOSTS) {
    return {
      error: `'${spec}' expands to ${values.length * tails.length} hosts, above the limit of ${MAX_EXPANDED_HOSTS}; check the ranges`,
    };
  }
  const hosts: string[] = [];
  for (const value of values) {
    for (const tail of tails) {
      hosts.push(head + value + tail);
    }
  }
  return hosts;
}

/** Expands the inside of one group, such as `1-3,7` or `08-10`, into the numbers as they are written. */
function expandGroup(group: string): string[] | { error: string } {
  const values: string[] = [];
  for (const part of group.split(',')) {
    const [low = '', high = low] = part.split('-');
    const first = Number(low);
    const last = Number(high);
    if (last < first) {
      return { error: `the range ${part} goes down; write the lower bound first, such as ${high}-${low}` };
    }
    if (last - first + 1 + values.length > MAX_EXPANDED_HOSTS) {
      return { error: `the range ${part} holds more than ${MAX_EXPANDED_HOSTS} numbers` };
    }
    // Padding follows the bounds as written: a bound such as 08 pads every number to its width.
    const width = isPadded(low) || isPadded(high) ? Math.max(low.length, high.length) : 0;
    for (let value = first; value <= last; value++) {
      values.push(String(value).padStart(width, '0'));
    }
  }
  return values;
}

function isPadded(bound: string): boolean {
  return bound.length > 1 && bound.startsWith('0');
}
