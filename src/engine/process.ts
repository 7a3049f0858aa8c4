import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

import type { Launch } from './launch.js';
import { signalExitCode } from './signals.js';

/** Outcome of a process: its exit status, signal or spawn failure. */
export interface ProcessOutcome {
  /** Exit status, or 128+N when signal N killed it; null when it could not be spawned. */
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: NodeJS.ErrnoException | null;
}

export interface ProcessHandlers {
  onOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void;
}

/** A started process and the means to stop it. */
export interface RunningProcess {
  pid: number | undefined;
  outcome: Promise<ProcessOutcome>;
  /** Sends `signal` to the whole process group, then SIGKILL after `graceMs` if it has not ended. */
  terminate(signal: NodeJS.Signals, graceMs: number): void;
  /** Sends SIGKILL to the whole process group at once. */
  kill(): void;
  /** Stops reading stdout and stderr until `resumeOutput`, so a fast writer waits for a slow reader. */
  pauseOutput(): void;
  resumeOutput(): void;
}

/**
 * After the main process exits, a background child may still hold its stdout or stderr open.
 * The job ends with its main process: output that arrives within this many milliseconds is kept,
 * then the rest of the process group is killed and the pipes are closed.
 */
const DRAIN_AFTER_EXIT_MS = 200;

/** Writes a process's standard input through a pipe; the engine destroys the pipe when the process exits. */
export type StdinFeeder = (pipe: Writable) => void;

/**
 * Spawns `launch` in a process group of its own, so that stopping the job stops every process it
 * started. `stdin` is a file descriptor to read from, 'ignore' for an empty standard input, or a
 * function that feeds a pipe.
 */
export function startProcess(
  launch: Launch,
  stdin: number | 'ignore' | StdinFeeder,
  handlers: ProcessHandlers,
): RunningProcess {
  const child = spawn(launch.file, launch.args, {
    env: launch.env,
    stdio: [typeof stdin === 'function' ? 'pipe' : stdin, 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (typeof stdin === 'function' && child.stdin) {
    // A process that ends without reading all of its input closes the pipe: that is not an error.
    child.stdin.on('error', () => {});
    stdin(child.stdin);
  }
  // A spawn that failed, as on EMFILE when no file descriptor is left for the pipes, may come without them.
  const { stdout, stderr } = child;
  if (pid === undefined || !stdout || !stderr) {
    return failedProcess(child);
  }
  let exited = false;
  let paused = false;
  let killTimer: NodeJS.Timeout | undefined;

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      // ESRCH: the group is already gone, so every process in it has ended.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
        throw error;
      }
    }
  };

  stdout.on('data', (chunk: Buffer) => handlers.onOutput('stdout', chunk));
  stderr.on('data', (chunk: Buffer) => handlers.onOutput('stderr', chunk));

  const outcome = new Promise<ProcessOutcome>((resolve) => {
    let result: ProcessOutcome | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const finish = (): void => {
      clearTimeout(drainTimer);
      clearTimeout(killTimer);
      if (result) {
        resolve(result);
      }
    };

    child.on('exit', (code, signal) => {
      exited = true;
      child.stdin?.destroy();
      result = {
        code: signal ? signalExitCode(signal) : (code ?? 0),
        signal,
        spawnError: null,
      };
      const endDrain = (): void => {
        // Output held back for a slow reader is still the command's own: wait until it is read.
        if (paused) {
          drainTimer = setTimeout(endDrain, DRAIN_AFTER_EXIT_MS);
          return;
        }
        signalGroup('SIGKILL');
        stdout.destroy();
        stderr.destroy();
        finish();
      };
      // Unless a background child keeps a pipe open, both pipes are closed by now and `close` follows at once.
      if (!stdout.closed || !stderr.closed) {
        drainTimer = setTimeout(endDrain, DRAIN_AFTER_EXIT_MS);
      }
    });
    child.on('close', finish);
  });

  return {
    pid,
    outcome,
    terminate(signal, graceMs) {
      if (exited) {
        return;
      }
      signalGroup(signal);
      clearTimeout(killTimer);
      killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    },
    kill() {
      signalGroup('SIGKILL');
    },
    pauseOutput() {
      paused = true;
      stdout.pause();
      stderr.pause();
    },
    resumeOutput() {
      paused = false;
      stdout.resume();
      stderr.resume();
    },
  };
}

/**
 * Wraps a spawn that failed: its outcome carries the spawn error, which node reports in an
 * `error` event, and stopping it does nothing.
 */
function failedProcess(child: ChildProcess): RunningProcess {
  child.stdout?.destroy();
  child.stderr?.destroy();
  const outcome = new Promise<ProcessOutcome>((resolve) => {
    if (child.pid !== undefined) {
      // Started, but without the pipes that carry its output: a job whose output would be lost is ended.
      child.kill('SIGKILL');
      const error: NodeJS.ErrnoException = new Error(`spawn ${child.spawnfile}: no pipe for the output`);
      resolve({ code: null, signal: null, spawnError: error });
      return;
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ code: null, signal: null, spawnError: error });
    });
  });
  return {
    pid: undefined,
    outcome,
    terminate: () => {},
    kill: () => {},
    pauseOutput: () => {},
    resumeOutput: () => {},
  };
}
