import type { NodeKind } from '../nodes/node.js';
import type { Transport } from './transport.js';

/** Stands in for a kind of node that this version cannot reach yet: every job gets an error result. */
export function createUnsupportedTransport(kind: NodeKind): Transport {
  return {
    launch() {
      return Promise.resolve({ error: `${kind} nodes are not supported yet by this version of cooperate` });
    },
  };
}
