import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A set of real sshd servers on loopback addresses for end-to-end tests, with generated keys, a
 * known_hosts file and a private ssh configuration: the tester's own ~/.ssh is never read. The
 * servers run as children of the test process and are stopped by PID.
 *
 * Hosts, as aliases of the configuration:
 * - node1, node2, node3: working servers on 127.0.0.2-4, each in its own UTS namespace named after it
 *   when `unshare` can make one;
 * - ipv6: a working server on ::1;
 * - stranger: a working server whose host key is not in known_hosts;
 * - passwordonly: a server that accepts passwords only;
 * - refused: a port where nothing listens;
 * - silent: a listener that accepts connections and never speaks.
 */
export interface SshLab {
  /** Environment for cooperate: the lab's ssh configuration, no agent. */
  env: NodeJS.ProcessEnv;
  /** The test user that jobs run as. */
  user: string;
  /** The ssh configuration file, for running ssh directly. */
  configFile: string;
  /** Whether each working server has its own host name (node1, node2, ...). */
  hasOwnHostnames: boolean;
  /** Port of the working server on the IPv6 loopback address ::1. */
  ipv6Port: number;
  stop(): Promise<void>;
}

/** The dedicated test user: its shell is /bin/sh, and its home has no start-up files. */
export const TEST_USER = 'cooperate-test';

const SSHD = '/usr/sbin/sshd';
const WORKING_NODES = ['node1', 'node2', 'node3'] as const;

/** Why the lab cannot run on this machine, or null when it can. */
export function sshLabMissing(): string | null {
  if (process.getuid?.() !== 0) {
    return 'the ssh tests must run as root, to create the test user and start sshd';
  }
  for (const program of [SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen']) {
    if (!existsSync(program)) {
      return `${program} is missing; install openssh-server and openssh-client`;
    }
  }
  return null;
}

/**
 * Returns the reason to skip the ssh tests, or null to run them. In CI (CI=true) nothing may be
 * skipped, so a missing component throws instead.
 */
export function sshLabSkipReason(): string | null {
  const missing = sshLabMissing();
  if (missing === null) {
    return null;
  }
  if (process.env.CI === 'true') {
    throw new Error(`cannot run the ssh tests in CI: ${missing}`);
  }
  process.stderr.write(`\n*** SKIPPING ssh tests: ${missing} ***\n\n`);
  return missing;
}

/** Creates the test user if it does not exist yet; running it again changes nothing. */
export function ensureTestUser(): void {
  try {
    execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
  } catch {
    const emptySkeleton = mkdtempSync(join(tmpdir(), 'cooperate-skel-'));
    try {
      // '*' disables passwords without locking the account, which sshd without PAM would refuse.
      execFileSync('useradd', [
        '--create-home',
        '--skel',
        emptySkeleton,
        '--shell',
        '/bin/sh',
        '--password',
        '*',
        TEST_USER,
      ]);
    } finally {
      rmSync(emptySkeleton, { recursive: true, force: true });
    }
  }
  const entry = execFileSync('getent', ['passwd', TEST_USER], { encoding: 'utf8' });
  if (!entry.trimEnd().endsWith(':/bin/sh')) {
    throw new Error(`the test user ${TEST_USER} exists with another shell than /bin/sh: ${entry.trim()}`);
  }
}

function keygen(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cooperate-lab', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** Finds a free TCP port on `address` by letting the kernel pick one. */
async function freePort(address: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until a server at address:port sends its SSH greeting. */
async function waitForGreeting(
  address: string,
  port: number,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`sshd on ${address}:${port} exited with status ${child.exitCode}: ${log()}`);
    }
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: address, port });
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (greeted) {
      return;
    }
    await sleep(50);
  }
  throw new Error(`sshd on ${address}:${port} did not start within 10 s: ${log()}`);
}

interface ServerSpec {
  alias: string;
  address: string;
  hostKey: string;
  passwordOnly: boolean;
}

/** Starts the lab; stop it with `stop()` in an `after` hook. */
export async function startSshLab(): Promise<SshLab> {
  ensureTestUser();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const directory = mkdtempSync(join(tmpdir(), 'cooperate-lab-'));
  // sshd reads authorized_keys as the test user, which must be able to reach it.
  chmodSync(directory, 0o755);

  const hostKey = join(directory, 'host_key');
  const strangerKey = join(directory, 'stranger_host_key');
  const userKey = join(directory, 'user_key');
  const hostPublic = keygen(hostKey);
  keygen(strangerKey);
  const userPublic = keygen(userKey);
  const authorizedKeys = join(directory, 'authorized_keys');
  writeFileSync(authorizedKeys, `${userPublic}\n`, { mode: 0o644 });

  const specs: ServerSpec[] = [
    ...WORKING_NODES.map((alias, index) => ({
      alias,
      address: `127.0.0.${index + 2}`,
      hostKey,
      passwordOnly: false,
    })),
    { alias: 'stranger', address: '127.0.0.5', hostKey: strangerKey, passwordOnly: false },
    { alias: 'passwordonly', address: '127.0.0.6', hostKey, passwordOnly: true },
    { alias: 'ipv6', address: '::1', hostKey, passwordOnly: false },
  ];
  const children: ChildProcess[] = [];
  const sockets = new Set<Socket>();
  let silent: Server | null = null;

  const stop = async (): Promise<void> => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
      }
    }
    await Promise.all(
      children.map((child) =>
        child.exitCode === null && child.signalCode === null
          ? new Promise((resolve) => child.once('close', resolve))
          : undefined,
      ),
    );
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(undefined)));
    rmSync(directory, { recursive: true, force: true });
  };

  try {
    const canUnshare = canMakeUtsNamespace();
    const knownHosts: string[] = [];
    let ipv6Port = 0;
    const hostEntries: string[] = [];
    for (const spec of specs) {
      const port = await freePort(spec.address);
      const configFile = join(directory, `sshd_${spec.alias}.conf`);
      writeFileSync(configFile, sshdConfig(spec, port, authorizedKeys));
      const command = `exec ${SSHD} -D -e -f ${configFile}`;
      const child = canUnshare
        ? spawn('unshare', ['--uts', '--', 'sh', '-c', `hostname ${spec.alias} && ${command}`], {
            stdio: ['ignore', 'ignore', 'pipe'],
          })
        : spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let log = '';
      child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
      await waitForGreeting(spec.address, port, child, () => log);
      if (spec.hostKey === hostKey) {
        knownHosts.push(`[${spec.address}]:${port} ${hostPublic}`);
      }
      hostEntries.push(`Host ${spec.alias}\n  HostName ${spec.address}\n  Port ${port}\n`);
      if (spec.alias === 'ipv6') {
        ipv6Port = port;
      }
    }

    hostEntries.push(`Host refused\n  HostName 127.0.0.1\n  Port ${await freePort('127.0.0.1')}\n`);
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    hostEntries.push(`Host silent\n  HostName 127.0.0.1\n  Port ${silentPort}\n`);

    const knownHostsFile = join(directory, 'known_hosts');
    writeFileSync(knownHostsFile, `${knownHosts.join('\n')}\n`);
    const configFile = join(directory, 'ssh_config');
    writeFileSync(
      configFile,
      [
        ...hostEntries,
        'Host *',
        `  User ${TEST_USER}`,
        `  IdentityFile ${userKey}`,
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        `  UserKnownHostsFile ${knownHostsFile}`,
        '  GlobalKnownHostsFile /dev/null',
        '  CheckHostIP no',
        '',
      ].join('\n'),
    );

    const env: NodeJS.ProcessEnv = { ...process.env, COOPERATE_SSH_CONFIG: configFile };
    delete env.SSH_AUTH_SOCK;
    return { env, user: TEST_USER, configFile, hasOwnHostnames: canUnshare, ipv6Port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function canMakeUtsNamespace(): boolean {
  try {
    execFileSync('unshare', ['--uts', '--', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function sshdConfig(spec: ServerSpec, port: number, authorizedKeys: string): string {
  return [
    `ListenAddress ${spec.address.includes(':') ? `[${spec.address}]` : spec.address}:${port}`,
    `HostKey ${spec.hostKey}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    'PidFile none',
    'StrictModes no',
    'UsePAM no',
    `PubkeyAuthentication ${spec.passwordOnly ? 'no' : 'yes'}`,
    `PasswordAuthentication ${spec.passwordOnly ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    `AllowUsers ${TEST_USER}`,
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel ERROR',
    '',
  ].join('\n');
}
