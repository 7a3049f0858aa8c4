import { readFileSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Launch } from '../../engine/launch.js';
import type { ProcessOutcome } from '../../engine/process.js';
import type { Job } from '../../jobs/job.js';
import type { SshDestination } from '../../nodes/ssh-spec.js';
import type { LaunchFailure, Settled } from '../transport.js';
import { MAX_CONNECT_ATTEMPTS, reconnectDelayMs, type HandshakePacer } from './handshake-pacer.js';
import type { JobInputs } from './job-inputs.js';
import { REMOTE_STOP_MS } from './remote-command.js';
import type { SshSettings } from './settings.js';
import { singleJobArgs } from './ssh-args.js';
import {
  describeConnectFailure,
  describeKilledClient,
  describeLoss,
  hasAuthenticated,
  isConnectFailure,
  isHandshakeDropped,
  isLostDuringSession,
} from './ssh-errors.js';

/** How often the control socket is looked for while a connection authenticates. */
const SOCKET_POLL_MS = 10;

/** The connection of one node that runs a single job, while that job runs. */
interface Connection {
  attempt: number;
  /** True once the control socket appeared, which ssh creates only after authenticating. */
  authenticated: boolean;
  ended: boolean;
  controlPath: string;
  logFile: string;
  releaseHandshake: () => void;
}

/** A launch that waits for a handshake slot or its next try, with the means to give it up. */
interface Waiting {
  cancel: () => void;
}

/**
 * Connections for nodes that run one job each, as `hostname` on every node does: the job's own ssh
 * client connects, so that no master is started first. Handshakes are paced like those of master
 * connections, and one that the server dropped is tried again, which is safe because no session
 * started.
 */
export class SingleJobConnections {
  private readonly connections = new Map<number, Connection>();
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    private readonly settings: SshSettings,
    private readonly env: NodeJS.ProcessEnv,
    private readonly pacer: HandshakePacer,
    private readonly controlDirectory: () => string,
    private readonly inputs: JobInputs,
  ) {}

  /** Waits for a handshake slot, then returns how to run the job over a connection of its own. */
  async launch(
    job: Job,
    destination: SshDestination,
    remoteCommand: string,
  ): Promise<Launch | LaunchFailure> {
    const index = job.node.index;
    const attempt = (this.connections.get(index)?.attempt ?? 0) + 1;
    if (
      attempt > 1 &&
      !(await this.wait(
        index,
        sleep(reconnectDelayMs(attempt - 1)).then(() => true),
      ))
    ) {
      return { error: `the run was stopped before ${job.node.name} was tried again` };
    }
    const slot = this.pacer.acquire();
    if (
      !(await this.wait(
        index,
        slot.then(() => true),
      ))
    ) {
      void slot.then((release) => release());
      return { error: `the run was stopped before connecting to ${job.node.name}` };
    }
    const controlPath = join(this.controlDirectory(), String(index));
    const logFile = `${controlPath}.log`;
    // A socket left by a client that was killed would keep the new one from listening.
    rmSync(controlPath, { force: true });
    rmSync(logFile, { force: true });
    const connection: Connection = {
      attempt,
      authenticated: false,
      ended: false,
      controlPath,
      logFile,
      releaseHandshake: await slot,
    };
    this.connections.set(index, connection);
    void watchHandshake(connection);
    return {
      file: 'ssh',
      args: singleJobArgs(destination, controlPath, logFile, this.settings, remoteCommand),
      env: this.env,
      isUserProgram: false,
      feedStdin: this.inputs.feeder(job),
      // Killing the client closes the channel, and the remote wrapper then stops the job.
      stopSignal: 'SIGKILL',
      reportGraceMs: REMOTE_STOP_MS,
    };
  }

  /**
   * Reads ssh's exit status 255 with its messages: a connection that failed before the session
   * started, one that was lost while the job ran, or else the command's own status.
   */
  settle(job: Job, outcome: ProcessOutcome, stderr: Buffer): Settled {
    const connection = this.connections.get(job.node.index);
    if (!connection) {
      return { code: outcome.code, error: null };
    }
    connection.ended = true;
    connection.releaseHandshake();
    const messages = readMessages(connection.logFile) + closedByServer(stderr);
    rmSync(connection.logFile, { force: true });
    const settled = this.read(job, connection, outcome, messages);
    if (settled.connectAgain !== true) {
      this.connections.delete(job.node.index);
    }
    return settled;
  }

  /** Gives up a launch that still waits for a handshake slot or for its next try. */
  cancel(job: Job): void {
    this.waiting.get(job.node.index)?.cancel();
  }

  private read(job: Job, connection: Connection, outcome: ProcessOutcome, messages: string): Settled {
    const name = job.node.name;
    if (outcome.signal !== null) {
      return { code: null, error: describeKilledClient(outcome.signal) };
    }
    if (outcome.code !== 255) {
      return { code: outcome.code, error: null };
    }
    // Without authentication no session opened, so the command cannot have run and may run again.
    if (connection.authenticated || hasAuthenticated(messages) || !isConnectFailure(messages)) {
      return isLostDuringSession(messages)
        ? { code: null, error: describeLoss(name, messages) }
        : { code: 255, error: null };
    }
    const error = describeConnectFailure(name, messages, outcome.code);
    if (isHandshakeDropped(messages) && connection.attempt < MAX_CONNECT_ATTEMPTS) {
      this.pacer.reportDropped();
      return { code: null, error, connectAgain: true };
    }
    return { code: null, error, unreachable: true };
  }

  /** Waits for `ready` unless the job is cancelled first; returns false when it was. */
  private async wait(index: number, ready: Promise<true>): Promise<boolean> {
    const cancelled = new Promise<false>((resolve) =>
      this.waiting.set(index, { cancel: () => resolve(false) }),
    );
    try {
      return await Promise.race([ready, cancelled]);
    } finally {
      this.waiting.delete(index);
    }
  }
}

/** Polls for the control socket, which ends the handshake and so frees its slot for the next node. */
async function watchHandshake(connection: Connection): Promise<void> {
  while (!connection.ended) {
    try {
      await stat(connection.controlPath);
      connection.authenticated = true;
      connection.releaseHandshake();
      return;
    } catch {
      await sleep(SOCKET_POLL_MS);
    }
  }
}

/**
 * Returns ssh's line for a connection that the server closed without a status, or ''. ssh writes that
 * line to its stderr rather than to the log file, so it ends the job's stderr.
 * NOTE: the line stays in the job's stderr, as with plain ssh; live views have shown it already.
 */
function closedByServer(stderr: Buffer): string {
  const tail = stderr.subarray(-300).toString('latin1');
  return /Connection to \S+ closed by remote host\.\r?\n$/.exec(tail)?.[0] ?? '';
}

function readMessages(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
}
