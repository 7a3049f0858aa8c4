import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { parseAllDocuments } from 'yaml';

/** The bundled command-line entry point that `bin` names, which the end-to-end tests run as a child process. */
export const CLI_PATH = fileURLToPath(new URL('../../cooperate.cjs', import.meta.url));

/** A result document as the YAML view prints it. */
export interface YamlResult {
  code: number | null;
  command: string | string[];
  error: string | null;
  node: string;
  signal?: string;
  stderr: string | Uint8Array | null;
  stdout: string | Uint8Array | null;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  durationMs: number;
  /** The YAML documents on stdout, read back with the yaml package. */
  results(): YamlResult[];
}

export interface CliOptions {
  /** Bytes written to cooperate's stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * Sends this signal to cooperate after the given number of milliseconds. With `toGroup`, cooperate
   * runs in a process group of its own and the signal goes to the whole group, as a terminal sends
   * Ctrl-C, so it reaches the clients that cooperate started too.
   */
  signalAfter?: { signal: NodeJS.Signals; ms: number; again?: boolean; toGroup?: boolean };
  /**
   * Sends this signal to cooperate once `ready` returns true, checked every 50 ms, and with `again` a
   * second time 100 ms later. Unlike a fixed delay, this holds on a loaded machine where startup is slow.
   */
  signalWhen?: { signal: NodeJS.Signals; ready: () => boolean; again?: boolean };
  /** Kills cooperate and fails the test after this many milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Runs cooperate under this limit on open files, as `ulimit -n` sets it. */
  openFileLimit?: number;
}

/** Reads YAML documents printed by cooperate, turning `!!binary` values into Uint8Array. */
export function parseYamlResults(text: string): YamlResult[] {
  return parseAllDocuments(text, { customTags: ['binary'] }).map((document) => {
    if (document.errors.length > 0) {
      throw new Error(`invalid YAML from cooperate: ${document.errors[0]?.message}`);
    }
    return document.toJS() as YamlResult;
  });
}

/** Runs the built cooperate with `args` and collects everything it printed. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const command: [string, string[]] =
      options.openFileLimit === undefined
        ? [process.execPath, [CLI_PATH, ...args]]
        : [
            '/bin/sh',
            [
              '-c',
              `ulimit -n ${options.openFileLimit} && exec "$@"`,
              'sh',
              process.execPath,
              CLI_PATH,
              ...args,
            ],
          ];
    const child = spawn(...command, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: options.signalAfter?.toGroup === true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    if (options.input !== undefined) {
      child.stdin?.end(options.input);
    }
    const timers: NodeJS.Timeout[] = [];
    if (options.signalAfter) {
      const { signal, ms, again, toGroup } = options.signalAfter;
      const send = (): void => {
        if (toGroup === true && child.pid !== undefined) {
          process.kill(-child.pid, signal);
        } else {
          child.kill(signal);
        }
      };
      timers.push(setTimeout(send, ms));
      if (again) {
        timers.push(setTimeout(send, ms + 100));
      }
    }
    if (options.signalWhen) {
      const { signal, ready, again } = options.signalWhen;
      const poll = setInterval(() => {
        if (!ready()) {
          return;
        }
        clearInterval(poll);
        child.kill(signal);
        if (again) {
          timers.push(setTimeout(() => child.kill(signal), 100));
        }
      }, 50);
      child.on('close', () => clearInterval(poll));
    }
    const limit = options.timeoutMs ?? 60_000;
    timers.push(
      setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`cooperate ${args.join(' ')} did not end within ${limit} ms`));
      }, limit),
    );
    child.on('error', reject);
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      const out = Buffer.concat(stdout);
      resolve({
        code,
        signal,
        stdout: out,
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Date.now() - started,
        results: () => parseYamlResults(out.toString('utf8')),
      });
    });
  });
}
