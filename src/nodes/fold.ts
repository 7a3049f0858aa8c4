/** A name split around its last run of digits: `rack2-node07.lan` is `rack2-node`, `07`, `.lan`. */
interface SplitName {
  prefix: string;
  digits: string;
  suffix: string;
}

const LAST_NUMBER = /^(.*?)(\d+)(\D*)$/s;

/**
 * Folds node names into ranges on their last number, as ClusterShell's node sets print them:
 * `node1 node2 node3 node4 node7` becomes `node[1-4,7]`. Zero-padded numbers keep their width
 * (`node[01-03]`), a name without digits stays as it is, repeated names count once, and groups come
 * in the order their first name appears.
 */
export function foldNames(names: Iterable<string>): string {
  const groups = new Map<string, { prefix: string; suffix: string; width: number; values: Set<number> }>();
  const plain = new Set<string>();
  const order: string[] = [];

  for (const name of names) {
    const split = splitName(name);
    // A number too large to be exact stays as written.
    if (split === null || !Number.isSafeInteger(Number(split.digits))) {
      if (!plain.has(name)) {
        plain.add(name);
        order.push(`=${name}`);
      }
      continue;
    }
    const width = split.digits.length > 1 && split.digits.startsWith('0') ? split.digits.length : 0;
    const key = JSON.stringify([split.prefix, split.suffix, width]);
    let group = groups.get(key);
    if (!group) {
      group = { prefix: split.prefix, suffix: split.suffix, width, values: new Set() };
      groups.set(key, group);
      order.push(`#${key}`);
    }
    group.values.add(Number(split.digits));
  }

  // An unpadded number as wide as a padded group of the same name joins it: web01,web10 is web[01,10].
  for (const group of groups.values()) {
    if (group.width === 0) {
      continue;
    }
    const unpadded = groups.get(JSON.stringify([group.prefix, group.suffix, 0]));
    for (const value of unpadded?.values ?? []) {
      if (String(value).length === group.width) {
        group.values.add(value);
        unpadded?.values.delete(value);
      }
    }
  }

  return order
    .map((entry) => {
      if (entry.startsWith('=')) {
        return entry.slice(1);
      }
      const group = groups.get(entry.slice(1));
      if (!group) {
        return null;
      }
      const values = [...group.values].sort((a, b) => a - b);
      if (values.length === 0) {
        return null;
      }
      const pad = (value: number): string => String(value).padStart(group.width, '0');
      if (values.length === 1) {
        return `${group.prefix}${pad(values[0] ?? 0)}${group.suffix}`;
      }
      return `${group.prefix}[${foldValues(values, pad)}]${group.suffix}`;
    })
    .filter((text) => text !== null)
    .join(',');
}

function splitName(name: string): SplitName | null {
  const match = LAST_NUMBER.exec(name);
  if (!match) {
    return null;
  }
  return { prefix: match[1] ?? '', digits: match[2] ?? '', suffix: match[3] ?? '' };
}

/** Sorted distinct numbers as ranges: 1,2,3,4,7 becomes `1-4,7`. */
function foldValues(values: readonly number[], pad: (value: number) => string): string {
  const ranges: string[] = [];
  let start = values[0] ?? 0;
  let end = start;
  for (const value of values.slice(1)) {
    if (value === end + 1) {
      end = value;
      continue;
    }
    ranges.push(start === end ? pad(start) : `${pad(start)}-${pad(end)}`);
    start = end = value;
  }
  ranges.push(start === end ? pad(start) : `${pad(start)}-${pad(end)}`);
  return ranges.join(',');
}
