import { NODE_OPTION, type NodeKind } from './node.js';

/**
 * Checks a node name given on the command line and returns an error message, or null when it is valid.
 * A name starting with `-` would be read as an option by ssh, docker or lxc-attach, so it is rejected here.
 */
export function checkNodeName(kind: NodeKind, name: string): string | null {
  const option = NODE_OPTION[kind];
  if (name.trim() === '') {
    return `invalid node for ${option}: the name is empty; give a ${kind === 'ssh' ? 'host such as user@host' : 'container name'}`;
  }
  if (name.startsWith('-')) {
    return `invalid node for ${option}: '${name}' starts with '-', which the ${kind} client would read as an option; give a name that starts with a letter or digit`;
  }
  if (/[\0\n\r]/.test(name)) {
    return `invalid node for ${option}: ${JSON.stringify(name)} contains a NUL or line break`;
  }
  return null;
}
