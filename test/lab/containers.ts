import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test lab for container nodes: real docker, podman and LXC containers that the tests create and remove
 * themselves. Containers have no network at all, and images come from a busybox root filesystem built
 * on this machine, never from a registry.
 */

/** Image imported from the local busybox root filesystem into docker and podman. */
export const IMAGE = 'cooperate-busybox:latest';

const ROOTFS_SCRIPT = fileURLToPath(new URL('../../../test/lab/busybox-rootfs.sh', import.meta.url));

export type ContainerKind = 'docker' | 'podman' | 'lxc';

/** A running container of the lab, or why none could be started. */
export type LabContainer =
  { kind: ContainerKind; name: string; missing: null } | { kind: ContainerKind; name: null; missing: string };

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from an argument array and collects its output; never rejects. */
export function runCommand(file: string, args: readonly string[], input?: Buffer): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        // A non-numeric code means the command could not start or was killed, with no status of its own.
        const code = typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr: stderr || (code === null ? error.message : '') });
      },
    );
    child.stdin?.end(input);
  });
}

async function mustRun(file: string, args: readonly string[], input?: Buffer): Promise<string> {
  const result = await runCommand(file, args, input);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed with status ${result.code}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

function uniqueName(kind: ContainerKind): string {
  return `cooperate-test-${kind}-${randomBytes(4).toString('hex')}`;
}

/**
 * Reports a component the tests need that is missing. In CI (CI=true) nothing may be skipped, so this
 * throws; on a developer's machine it prints a loud message and returns the reason to skip with.
 */
export function reportMissing(kind: ContainerKind, reason: string): string {
  const message = `${kind} nodes cannot be tested: ${reason}`;
  if (process.env.CI === 'true') {
    throw new Error(`${message}; CI must provide it (see .ci/setup)`);
  }
  process.stderr.write(`\n*** SKIPPING ${kind.toUpperCase()} TESTS: ${message} ***\n\n`);
  return message;
}

/** Builds the busybox image from the local root filesystem, unless the engine already has it. */
async function ensureImage(engine: 'docker' | 'podman'): Promise<void> {
  const inspected = await runCommand(engine, ['image', 'inspect', IMAGE]);
  if (inspected.code === 0) {
    return;
  }
  const tar = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('sh', [ROOTFS_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks))
        : reject(new Error(`${ROOTFS_SCRIPT} failed with status ${code}`)),
    );
  });
  await mustRun(engine, ['import', '--change', 'CMD ["/bin/sh"]', '-', IMAGE], tar);
}

/** Starts a docker or podman container from the busybox image, with no network. */
export async function startEngineContainer(engine: 'docker' | 'podman'): Promise<LabContainer> {
  const info = await runCommand(engine, ['info']);
  if (info.code !== 0) {
    const reason = info.code === null ? `${engine} is not installed` : `the ${engine} engine does not answer`;
    return { kind: engine, name: null, missing: reportMissing(engine, `${reason}: ${info.stderr.trim()}`) };
  }
  await ensureImage(engine);
  const name = uniqueName(engine);
  // podman's default open-files limit is above this machine's hard limit, so it gets explicit ones.
  const limits = engine === 'podman' ? ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'] : [];
  await mustRun(engine, [
    'run',
    '-d',
    '--network',
    'none',
    ...limits,
    '--name',
    name,
    IMAGE,
    'sleep',
    '86400',
  ]);
  return { kind: engine, name, missing: null };
}

/** Creates and starts an LXC container from the busybox template, with an empty network. */
export async function startLxcContainer(): Promise<LabContainer> {
  const version = await runCommand('lxc-create', ['--version']);
  if (version.code !== 0) {
    return {
      kind: 'lxc',
      name: null,
      missing: reportMissing('lxc', 'lxc-create is not installed; install lxc'),
    };
  }
  if (process.getuid?.() !== 0) {
    return { kind: 'lxc', name: null, missing: reportMissing('lxc', 'creating LXC containers needs root') };
  }
  const name = uniqueName('lxc');
  const configDir = mkdtempSync(join(tmpdir(), 'cooperate-lxc-'));
  const config = join(configDir, 'config');
  writeFileSync(config, 'lxc.net.0.type = empty\n');
  try {
    await mustRun('lxc-create', ['-n', name, '-t', 'busybox', '-f', config]);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  await mustRun('lxc-start', ['-n', name]);
  await mustRun('lxc-wait', ['-n', name, '-s', 'RUNNING', '-t', '30']);
  return { kind: 'lxc', name, missing: null };
}

/** Stops and removes a container that the lab started. */
export async function removeContainer(container: LabContainer): Promise<void> {
  if (container.name === null) {
    return;
  }
  if (container.kind === 'lxc') {
    await runCommand('lxc-stop', ['-n', container.name, '-k']);
    await mustRun('lxc-destroy', ['-n', container.name]);
    return;
  }
  await mustRun(container.kind, ['rm', '-f', container.name]);
}

/** Runs `argv` inside a lab container, without cooperate. */
export function execInContainer(container: LabContainer, argv: readonly string[]): Promise<CommandResult> {
  if (container.name === null) {
    throw new Error(`no ${container.kind} container: ${container.missing}`);
  }
  if (container.kind === 'lxc') {
    return runCommand('lxc-attach', ['-n', container.name, '--clear-env', '--', ...argv]);
  }
  return runCommand(container.kind, ['exec', container.name, ...argv]);
}

/** Lists the command lines of the processes running in a container, zombies left out. */
export async function listProcesses(container: LabContainer): Promise<string[]> {
  const script = 'for d in /proc/[0-9]*; do tr "\\0" " " <"$d/cmdline"; echo; done 2>/dev/null';
  const result = await execInContainer(container, ['sh', '-c', script]);
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}

/** Returns cooperate's node option and name for a lab container, such as `--lxc NAME`. */
export function nodeOption(container: LabContainer): string[] {
  if (container.name === null) {
    throw new Error(`no ${container.kind} container: ${container.missing}`);
  }
  return [`--${container.kind}`, container.name];
}
