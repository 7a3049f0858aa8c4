import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Launch } from '../../engine/launch.js';
import type { ProcessOutcome } from '../../engine/process.js';
import type { Job } from '../../jobs/job.js';
import type { NodeSpec } from '../../nodes/node.js';
import { parseSshSpec, type SshDestination } from '../../nodes/ssh-spec.js';
import type { LaunchFailure, Settled, Transport, TransportContext } from '../transport.js';
import { HandshakePacer } from './handshake-pacer.js';
import { MasterConnection } from './master-connection.js';
import { persistentSocketDirectory, persistentSocketName } from './persistent-sockets.js';
import { JobInputs } from './job-inputs.js';
import { buildRemoteCommand, REMOTE_STOP_MS } from './remote-command.js';
import { defaultSshSettings } from './settings.js';
import { SingleJobConnections } from './single-job-connections.js';
import { jobArgs } from './ssh-args.js';
import { describeKilledClient } from './ssh-errors.js';

/**
 * Handshakes in progress at once, as the fanout of pdsh. A server that drops handshakes halves it, down
 * to 8, below the 10 unauthenticated connections that sshd allows by default.
 */
const CONCURRENT_HANDSHAKES = 32;
const MIN_CONCURRENT_HANDSHAKES = 8;
/** Milliseconds after which a handshake gives its slot to the next node, as from a host that is down. */
const SLOW_HANDSHAKE_MS = 1000;
/**
 * Milliseconds to wait for the master to exit after a job's ssh client exits with 255. A master that
 * exits too means a lost connection, else the remote command itself exited with 255.
 */
const LOSS_GRACE_MS = 300;

/**
 * Runs jobs on ssh nodes through the OpenSSH client: one master connection per node for the whole
 * run, in a private directory of control sockets that `close` removes, or, when each node runs a
 * single job, that job's own connection. With `persistSeconds` set, the sockets are in a directory
 * that later runs find again, and the masters outlive the run.
 */
export function createSshTransport(context: TransportContext): Transport {
  const settings = context.ssh ?? defaultSshSettings(context.baseEnv);
  const inputs = new JobInputs();
  const pacer = new HandshakePacer(CONCURRENT_HANDSHAKES, SLOW_HANDSHAKE_MS, MIN_CONCURRENT_HANDSHAKES);
  const connections = new Map<number, MasterConnection>();
  const connectionsByPath = new Map<string, MasterConnection>();
  let controlDirectory: string | null = null;
  let persistentDirectory: string | { error: string } | null = null;
  // Owner-only (mode 0700), as mkdtemp creates it, so that no other user can reach the sockets.
  const privateDirectory = (): string => (controlDirectory ??= mkdtempSync(join(tmpdir(), 'cooperate-ssh-')));
  // A node with one job connects through that job's client; a master pays off from the second job, or
  // for a later run with --persist.
  const singleJobs =
    context.jobsPerNode === 1 && settings.persistSeconds === null
      ? new SingleJobConnections(settings, context.baseEnv, pacer, privateDirectory, inputs)
      : null;

  // A second Ctrl-C ends cooperate with process.exit, which skips `close`: stop the masters anyway.
  // NOTE: after SIGKILL of cooperate itself, the masters keep running until their server goes away.
  const onExit = (): void => {
    for (const connection of connectionsByPath.values()) {
      const pid = connection.pid;
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // It has just exited.
        }
      }
    }
    if (controlDirectory !== null) {
      rmSync(controlDirectory, { recursive: true, force: true });
    }
  };
  process.on('exit', onExit);

  // The socket name is awaited first, so that the rest runs without a pause: two jobs of one node
  // that launch at once then share one connection.
  const connectionFor = async (node: NodeSpec): Promise<MasterConnection | LaunchFailure> => {
    const destination = parseSshSpec(node.name);
    const socketName =
      settings.persistSeconds !== null && !('error' in destination)
        ? await persistentSocketName(destination, settings)
        : null;
    const existing = connections.get(node.index);
    if (existing) {
      return existing;
    }
    if ('error' in destination) {
      return { error: destination.error };
    }
    let controlPath: string;
    if (socketName !== null) {
      persistentDirectory ??= persistentSocketDirectory(context.baseEnv);
      if (typeof persistentDirectory !== 'string') {
        return persistentDirectory;
      }
      controlPath = join(persistentDirectory, socketName);
      // A node given twice shares its socket, and so its master, with itself.
      const shared = connectionsByPath.get(controlPath);
      if (shared) {
        connections.set(node.index, shared);
        return shared;
      }
    } else {
      controlPath = join(privateDirectory(), String(node.index));
    }
    const connection = new MasterConnection(
      node.name,
      destination,
      controlPath,
      settings,
      context.baseEnv,
      pacer,
    );
    connections.set(node.index, connection);
    connectionsByPath.set(controlPath, connection);
    return connection;
  };

  /** Parses the job's node and quotes its command for ssh, or returns why either cannot be done. */
  const prepare = (job: Job): { destination: SshDestination; remoteCommand: string } | LaunchFailure => {
    const remoteCommand = buildRemoteCommand(job.command, context.env);
    if (typeof remoteCommand !== 'string') {
      return remoteCommand;
    }
    const destination = parseSshSpec(job.node.name);
    if ('error' in destination) {
      return { error: destination.error };
    }
    return { destination, remoteCommand };
  };

  return {
    async launch(job: Job): Promise<Launch | LaunchFailure> {
      if (singleJobs) {
        const prepared = prepare(job);
        return 'error' in prepared
          ? prepared
          : singleJobs.launch(job, prepared.destination, prepared.remoteCommand);
      }
      const connection = await connectionFor(job.node);
      if (!(connection instanceof MasterConnection)) {
        return connection;
      }
      const state = await connection.ready;
      if (!state.ok) {
        return { error: state.error, unreachable: true };
      }
      if (!connection.isAlive) {
        return { error: connection.describeLoss(), unreachable: true };
      }
      const prepared = prepare(job);
      if ('error' in prepared) {
        return prepared;
      }
      return {
        file: 'ssh',
        args: jobArgs(prepared.destination, connection.controlPath, settings, prepared.remoteCommand),
        env: context.baseEnv,
        isUserProgram: false,
        feedStdin: inputs.feeder(job),
        // ssh may not act on SIGTERM while it waits on its master. Killing it closes the channel,
        // and the remote wrapper then gives the job SIGTERM and a grace period of its own.
        stopSignal: 'SIGKILL',
        reportGraceMs: REMOTE_STOP_MS,
      };
    },

    async settle(job: Job, outcome: ProcessOutcome, stderr: Buffer): Promise<Settled> {
      if (singleJobs) {
        return singleJobs.settle(job, outcome, stderr);
      }
      // The client was killed, as when the run stops the job: the remote status never arrived.
      if (outcome.signal !== null) {
        return { code: null, error: describeKilledClient(outcome.signal) };
      }
      // ssh exits with 255 for its own errors and passes on every other status of the remote command.
      if (outcome.code !== 255) {
        return { code: outcome.code, error: null };
      }
      const connection = connections.get(job.node.index);
      if (connection && (await connection.waitForExit(LOSS_GRACE_MS))) {
        return { code: null, error: connection.describeLoss() };
      }
      return { code: 255, error: null };
    },

    // Closing the channel's input stops the job on the node, and the client stays to report the job's
    // status. A client that has not ended within the grace period after this is killed.
    stopRemote(job: Job): Promise<void> {
      inputs.close(job);
      return Promise.resolve();
    },

    // A node still connecting is given up, so that a stopped run does not wait for its connect timeout.
    cancelLaunch(job: Job): Promise<void> {
      singleJobs?.cancel(job);
      const connection = connections.get(job.node.index);
      return connection ? stopIfConnecting(connection) : Promise.resolve();
    },

    async close(): Promise<void> {
      await Promise.all([...connectionsByPath.values()].map((connection) => connection.stop()));
      process.removeListener('exit', onExit);
      if (controlDirectory !== null) {
        rmSync(controlDirectory, { recursive: true, force: true });
      }
    },
  };
}

async function stopIfConnecting(connection: MasterConnection): Promise<void> {
  const settledSoon = await Promise.race([
    connection.ready.then(() => true),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
  if (!settledSoon) {
    await connection.stop();
  }
}
