import type { NodeKind } from '../nodes/node.js';
import { createContainerEngineTransport } from './docker.js';
import { createLocalTransport } from './local.js';
import { createLxcTransport } from './lxc.js';
import { createSshTransport } from './ssh/ssh-transport.js';
import type { Transport, TransportContext } from './transport.js';

/** Creates the transport for one kind of node; one instance serves every node of that kind in a run. */
export function createTransport(kind: NodeKind, context: TransportContext): Transport {
  switch (kind) {
    case 'local':
      return createLocalTransport(context);
    case 'docker':
    case 'podman':
      return createContainerEngineTransport(kind, context);
    case 'lxc':
      return createLxcTransport(context);
    case 'ssh':
      return createSshTransport(context);
  }
}
