import type { SshDestination } from '../../nodes/ssh-spec.js';
import type { SshSettings } from './settings.js';

/**
 * Options that cooperate adds to every ssh connection. ssh keeps the first value it gets for each
 * option, so these come after the user's `-O` options and before `~/.ssh/config`.
 */
function defaultOptions(settings: SshSettings): string[] {
  return [
    // No password or host key prompt can hang a run: such a host fails at once with a reason.
    'BatchMode=yes',
    // A host that is down or a listener that never sends its greeting costs at most this long.
    `ConnectTimeout=${settings.connectTimeoutSeconds}`,
    // A peer that dies while a job runs is noticed within about 30 s.
    'ServerAliveInterval=10',
    'ServerAliveCountMax=3',
  ];
}

function destinationArgs(destination: SshDestination): string[] {
  const args: string[] = [];
  if (destination.user !== null) {
    args.push('-l', destination.user);
  }
  if (destination.port !== null) {
    args.push('-p', String(destination.port));
  }
  return args;
}

function commonArgs(settings: SshSettings, extraDefaults: readonly string[] = []): string[] {
  const args: string[] = [];
  if (settings.configFile !== null) {
    args.push('-F', settings.configFile);
  }
  for (const option of settings.options) {
    args.push('-o', option);
  }
  for (const option of [...defaultOptions(settings), ...extraDefaults]) {
    args.push('-o', option);
  }
  return args;
}

/** Options that make a client the master of the control socket at `controlPath`. */
function masterControl(controlPath: string, persist: string): string[] {
  return ['-o', 'ControlMaster=yes', '-o', `ControlPath=${controlPath}`, '-o', `ControlPersist=${persist}`];
}

/**
 * Arguments for the master connection of one node: it authenticates once, then serves every job of
 * the node through the control socket until cooperate stops it. The control options come first so
 * that no `-O` option or configuration can move the socket out of cooperate's private directory.
 */
export function masterArgs(
  destination: SshDestination,
  controlPath: string,
  settings: SshSettings,
): string[] {
  // With ControlPersist set, ssh forks the master into the background once it has authenticated, and
  // the process that cooperate started exits 0.
  const persist = settings.persistSeconds === null ? 'no' : `${settings.persistSeconds}s`;
  return [
    ...masterControl(controlPath, persist),
    '-N',
    ...destinationArgs(destination),
    ...commonArgs(settings),
    '--',
    destination.host,
  ];
}

/**
 * Arguments for the only job of a node: a connection of its own, as pdsh makes, which saves starting
 * a master and then a client. It still listens on a control socket, which appears once it has
 * authenticated and so marks the end of the handshake. Its own messages go to `logFile`, apart from
 * the job's stderr, where they distinguish a lost connection from the command's own exit status 255.
 */
export function singleJobArgs(
  destination: SshDestination,
  controlPath: string,
  logFile: string,
  settings: SshSettings,
  remoteCommand: string,
): string[] {
  return [
    ...masterControl(controlPath, 'no'),
    '-E',
    logFile,
    '-T',
    ...destinationArgs(destination),
    // VERBOSE logs "Authenticated to", which shows that a session may have started. A configuration's
    // `LogLevel QUIET` would hide every failure. The log file is private, so the level changes no
    // output of the run.
    ...commonArgs(settings, ['LogLevel=VERBOSE']),
    '--',
    destination.host,
    remoteCommand,
  ];
}

/** Arguments for one job: a session through the node's master connection, with no tty. */
export function jobArgs(
  destination: SshDestination,
  controlPath: string,
  settings: SshSettings,
  remoteCommand: string,
): string[] {
  return [
    '-o',
    'ControlMaster=no',
    '-o',
    `ControlPath=${controlPath}`,
    '-T',
    ...destinationArgs(destination),
    ...commonArgs(settings),
    '--',
    destination.host,
    remoteCommand,
  ];
}
