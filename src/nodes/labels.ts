import type { NodeSpec } from './node.js';

/**
 * Returns the names that tell the run's nodes apart in views: the node's name, or `name#N` for the N-th
 * of several nodes given with the same name, such as `--local --local`.
 */
export function nodeLabels(nodes: ReadonlyArray<Pick<NodeSpec, 'name'>>): string[] {
  const totals = new Map<string, number>();
  for (const node of nodes) {
    totals.set(node.name, (totals.get(node.name) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return nodes.map((node) => {
    if ((totals.get(node.name) ?? 0) < 2) {
      return node.name;
    }
    const occurrence = (seen.get(node.name) ?? 0) + 1;
    seen.set(node.name, occurrence);
    return `${node.name}#${occurrence}`;
  });
}
