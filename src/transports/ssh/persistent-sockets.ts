import { lstatSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

import type { SshDestination } from '../../nodes/ssh-spec.js';
import type { SshSettings } from './settings.js';

/**
 * Finds or creates the directory of control sockets that outlive a run: `$XDG_RUNTIME_DIR/cooperate`,
 * else `/tmp/cooperate-UID`. A later run connects through any socket it finds there, so the directory
 * must be a real directory, owned by this user and closed to everyone else (mode 0700). Returns an
 * error message when it is not, without changing it.
 */
export function persistentSocketDirectory(env: NodeJS.ProcessEnv): string | { error: string } {
  const uid = process.getuid?.() ?? 0;
  const runtime = env.XDG_RUNTIME_DIR;
  const directory =
    runtime !== undefined && isAbsolute(runtime) ? join(runtime, 'cooperate') : `/tmp/cooperate-${uid}`;
  try {
    mkdirSync(directory, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      return { error: `cannot create the directory for --persist ${directory}: ${(error as Error).message}` };
    }
  }
  const stats = lstatSync(directory);
  const problem = !stats.isDirectory()
    ? 'is not a directory'
    : stats.uid !== uid
      ? `is owned by uid ${stats.uid}, not ${uid}`
      : (stats.mode & 0o077) !== 0
        ? `has mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}, not 0700`
        : null;
  if (problem !== null) {
    return {
      error:
        `the directory for --persist ${directory} ${problem}; ` +
        'remove it so that cooperate creates it again, or run without --persist',
    };
  }
  return directory;
}

/**
 * Names the control socket of one destination, the same in every run that reaches the node the same
 * way: user, host, port, ssh configuration file and -O options. A hash keeps the path short, because
 * Linux limits a socket path to 107 bytes (sun_path).
 */
export async function persistentSocketName(
  destination: SshDestination,
  settings: SshSettings,
): Promise<string> {
  // Loaded on first use, because every run pays for a module loaded at start-up.
  const { createHash } = await import('node:crypto');
  const identity = JSON.stringify([
    destination.user,
    destination.host,
    destination.port,
    settings.configFile,
    settings.options,
  ]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 24);
}
