import { parseHostsFile } from '../nodes/hosts-file.js';
import type { NodeKind } from '../nodes/node.js';
import { expandSshSpec } from '../nodes/ssh-nodes.js';
import { checkNodeName } from '../nodes/validate.js';
import { defaultSshSettings, type SshSettings } from '../transports/ssh/settings.js';
import { readNamedFile, type ReadSource } from './argument-file.js';
import type { RawOptions } from './program.js';
import { UsageError } from './usage-error.js';

/** A node as given; `source` names the hosts file line it came from, for error messages. */
export interface GivenNode {
  kind: NodeKind;
  name: string;
  source?: string;
}

/** Reads the ssh nodes of a `--hosts` file, in order, each spec still unexpanded. */
export function readHostsFile(file: string, read: ReadSource): GivenNode[] {
  const text = readNamedFile(read, file, 'hosts file', '--hosts');
  return parseHostsFile(text).map(({ spec, line }) => ({
    kind: 'ssh',
    name: spec,
    source: `${file}:${line}`,
  }));
}

/**
 * Checks every node name and expands the ranges of ssh specs, so that each host is a node of its own.
 * Throws UsageError naming the first invalid node.
 */
export function expandNodes(nodes: readonly GivenNode[]): Array<{ kind: NodeKind; name: string }> {
  const expanded: Array<{ kind: NodeKind; name: string }> = [];
  for (const node of nodes) {
    const where = node.source === undefined ? '' : ` (hosts file ${node.source})`;
    const problem = checkNodeName(node.kind, node.name);
    if (problem) {
      throw new UsageError(problem + where);
    }
    if (node.kind !== 'ssh') {
      expanded.push({ kind: node.kind, name: node.name });
      continue;
    }
    const names = expandSshSpec(node.name);
    if ('error' in names) {
      throw new UsageError(names.error + where);
    }
    expanded.push(...names.map((name) => ({ kind: node.kind, name })));
  }
  return expanded;
}

/** Reads `-O`, `--connect-timeout` and `--persist` into the ssh transport's settings. */
export function parseSshSettings(raw: RawOptions, env: NodeJS.ProcessEnv = process.env): SshSettings {
  const settings = defaultSshSettings(env);
  for (const option of raw.sshOption ?? []) {
    if (!/^[A-Za-z]+\s*[= ]/.test(option)) {
      throw new UsageError(
        `invalid --ssh-option '${option}': expected an ssh option as NAME=VALUE, such as -O Port=2222`,
      );
    }
  }
  let connectTimeoutSeconds = settings.connectTimeoutSeconds;
  if (raw.connectTimeout !== undefined) {
    const text = raw.connectTimeout;
    connectTimeoutSeconds = /^\d+$/.test(text) ? Number(text) : 0;
    // ssh reads ConnectTimeout as whole seconds.
    if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > 86_400) {
      throw new UsageError(
        `invalid --connect-timeout '${text}': give a whole number of seconds from 1 to 86400, such as 5`,
      );
    }
  }
  return {
    ...settings,
    options: raw.sshOption ?? [],
    connectTimeoutSeconds,
    persistSeconds: parsePersist(raw.persist),
  };
}

/** The longest --persist, one week: ssh takes any length, but a longer one is more likely a mistake. */
const MAX_PERSIST_SECONDS = 604_800;

function parsePersist(text: string | undefined): number | null {
  if (text === undefined) {
    return null;
  }
  const seconds = /^\d+$/.test(text) ? Number(text) : 0;
  if (seconds < 1 || seconds > MAX_PERSIST_SECONDS) {
    throw new UsageError(
      `invalid --persist '${text}': give a whole number of seconds from 1 to ${MAX_PERSIST_SECONDS}, such as 600`,
    );
  }
  return seconds;
}
