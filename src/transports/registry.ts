import type { NodeKind } from '../nodes/node.js';
import { createLocalTransport } from './local.js';
import { createSshTransport } from './ssh/ssh-transport.js';
import type { Transport, TransportContext } from './transport.js';
import { createUnsupportedTransport } from './unsupported.js';

/** Creates the transport for one kind of node; one instance serves every node of that kind in a run. */
export function createTransport(kind: NodeKind, context: TransportContext): Transport {
  switch (kind) {
    case 'local':
      return createLocalTransport(context);
    case 'ssh':
      return createSshTransport(context);
    case 'docker':
    case 'podman':
    case 'lxc':
      return createUnsupportedTransport(kind);
  }
}
