import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, stat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { SshDestination } from '../../nodes/ssh-spec.js';
import { MAX_CONNECT_ATTEMPTS, reconnectDelayMs, type HandshakePacer } from './handshake-pacer.js';
import type { SshSettings } from './settings.js';
import { masterArgs } from './ssh-args.js';
import { describeConnectFailure, describeLoss, isHandshakeDropped } from './ssh-errors.js';

/** How often the control socket is looked for while the master authenticates. */
const SOCKET_POLL_MS = 10;
/** ssh's own stderr kept for error messages; more than this is cut from the front. */
const MAX_STDERR_BYTES = 16_384;

export type ConnectionState = { ok: true } | { ok: false; error: string };

/**
 * The master connection of one node: one authenticated ssh connection that every job of the node
 * uses through its control socket. `ready` settles once the socket exists or connecting failed.
 *
 * With `settings.persistSeconds` set, the master runs in the background, apart from cooperate, and
 * ends by itself that many seconds after its last job. A master already running behind the socket,
 * left by an earlier run, is used as it is.
 */
export class MasterConnection {
  readonly ready: Promise<ConnectionState>;
  private child: ChildProcess | null = null;
  private backgroundLost = false;
  private exited: Promise<void> = Promise.resolve();
  private stderr = '';
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly destination: SshDestination,
    readonly controlPath: string,
    private readonly settings: SshSettings,
    private readonly env: NodeJS.ProcessEnv,
    pacer: HandshakePacer,
  ) {
    this.ready = this.connect(pacer);
  }

  private get isPersistent(): boolean {
    return this.settings.persistSeconds !== null;
  }

  private get isChildRunning(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** True while the master process runs, so that jobs can still use its socket. */
  get isAlive(): boolean {
    return this.isPersistent ? !this.backgroundLost : this.isChildRunning;
  }

  /**
   * PID of the master process that cooperate started and must stop when it exits abruptly. A
   * persistent master has none, because it is meant to outlive cooperate.
   */
  get pid(): number | undefined {
    return !this.isPersistent && this.isChildRunning ? this.child?.pid : undefined;
  }

  /** ssh's last messages, for the error of a job whose connection was lost. */
  describeLoss(): string {
    return describeLoss(this.name, this.stderr);
  }

  /** Waits up to `ms` milliseconds for the master to exit; returns whether it has. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.isAlive) {
      return true;
    }
    if (this.isPersistent) {
      return this.waitForBackgroundExit(ms);
    }
    // The timer is cancelled once the master exits, so that it keeps no library caller waiting.
    const cancel = new AbortController();
    const timer = sleep(ms, false, { signal: cancel.signal }).catch(() => false);
    const hasExited = await Promise.race([this.exited.then(() => true), timer]);
    cancel.abort();
    return hasExited;
  }

  /**
   * Ends the master connection, with SIGKILL if it has not ended 2 s after SIGTERM. A persistent
   * master is left running, and only a connection attempt still in progress is ended.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (child && this.isChildRunning) {
      child.kill('SIGTERM');
      if (!(await this.waitForExit(2000))) {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
  }

  private async connect(pacer: HandshakePacer): Promise<ConnectionState> {
    // NOTE: two runs that start at once on a node without a master both start one. Both runs then use
    // the first socket, and the second master, which ssh runs without multiplexing, is left untested.
    if (this.isPersistent && (await this.isBackgroundRunning())) {
      return { ok: true };
    }
    let failure = '';
    for (let attempt = 1; attempt <= MAX_CONNECT_ATTEMPTS; attempt++) {
      const release = await pacer.acquire();
      let outcome;
      try {
        outcome = await this.attempt();
      } finally {
        release();
      }
      if (outcome === 'ready') {
        return { ok: true };
      }
      failure = describeConnectFailure(this.name, this.stderr, outcome.code);
      if (this.stopped) {
        return { ok: false, error: `${failure}: the run was stopped while connecting` };
      }
      if (!isHandshakeDropped(this.stderr) || attempt === MAX_CONNECT_ATTEMPTS) {
        break;
      }
      pacer.reportDropped();
      await sleep(reconnectDelayMs(attempt));
      if (this.stopped) {
        break;
      }
    }
    return { ok: false, error: failure };
  }

  /**
   * Checks whether a master listens on the socket, by connecting to it: a socket left by a master
   * that was killed refuses the connection. Such a socket is removed, so that a new master can take
   * its place. Connecting costs far less than starting `ssh -O check`.
   */
  private async isBackgroundRunning(): Promise<boolean> {
    if (!(await isSocket(this.controlPath))) {
      return false;
    }
    const isListening = await new Promise<boolean>((resolve) => {
      const socket = connect(this.controlPath, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (!isListening) {
      await unlink(this.controlPath).catch(() => undefined);
    }
    return isListening;
  }

  /** Polls for the socket that a persistent master removes when it exits, then asks the master. */
  private async waitForBackgroundExit(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!(await isSocket(this.controlPath))) {
        this.backgroundLost = true;
        return true;
      }
      await sleep(SOCKET_POLL_MS);
    }
    this.backgroundLost = !(await this.isBackgroundRunning());
    return this.backgroundLost;
  }

  /** Starts the master once and waits until its socket exists or it exits. */
  private attempt(): Promise<'ready' | { code: number | null }> {
    this.stderr = '';
    const child = spawn('ssh', masterArgs(this.destination, this.controlPath, this.settings), {
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-MAX_STDERR_BYTES);
    });
    let exitCode: number | null | undefined;
    this.exited = new Promise((resolve) => {
      child.on('close', (code) => {
        exitCode = code;
        resolve();
      });
      child.on('error', (error) => {
        this.stderr += `${error.message}\n`;
        exitCode = null;
        resolve();
      });
    });

    return new Promise((resolve) => {
      const poll = async (): Promise<void> => {
        while (exitCode === undefined && !this.stopped) {
          try {
            await stat(this.controlPath);
            resolve('ready');
            return;
          } catch {
            await Promise.race([sleep(SOCKET_POLL_MS), this.exited]);
          }
        }
        if (this.stopped && exitCode === undefined) {
          child.kill('SIGTERM');
          await this.exited;
        }
        // A persistent master forks into the background and its first process exits 0, which may
        // happen before the poll above has seen the socket.
        if (this.isPersistent && exitCode === 0 && (await isSocket(this.controlPath))) {
          resolve('ready');
          return;
        }
        resolve({ code: exitCode ?? null });
      };
      void poll();
    });
  }
}

async function isSocket(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSocket();
  } catch {
    return false;
  }
}
