import { execFile, spawn } from 'node:child_process';

/** Maximum wait for a client started to stop a job, because a hung engine must not hang the run. */
const CLIENT_TIMEOUT_MS = 15_000;

/** Exit status and stderr of a client run by `runClient`. */
export interface ClientResult {
  code: number | null;
  stderr: string;
}

/**
 * Runs an engine client such as `docker` to its end, from an argument array (never a local shell), with
 * an empty stdin and a time limit. Resolves with its exit status and stderr; never rejects.
 */
export function runClient(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ClientResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env, timeout: CLIENT_TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, _stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          resolve({ code: null, stderr: stderr || error.message });
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr });
      },
    );
    child.stdin?.end();
  });
}

/**
 * Starts an engine client in a process group of its own and does not wait for it, so that it goes on
 * after cooperate exits and a Ctrl-C at the terminal does not reach it. Failures are ignored.
 */
export function startDetachedClient(file: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(file, args, { env, stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}
