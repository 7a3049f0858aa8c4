import type { Launch } from '../engine/launch.js';
import type { ProcessOutcome } from '../engine/process.js';
import type { Job } from '../jobs/job.js';
import { createRunToken, jobKey, stopContainerCommand, wrapContainerCommand } from './container-job.js';
import { runClient, startDetachedClient } from './run-client.js';
import type { Transport, TransportContext } from './transport.js';

/**
 * Runs jobs in running LXC containers with `lxc-attach`. The command runs under a job script (see
 * container-job.ts) that lets `stopRemote` stop it inside the container, because ending the local
 * client does not.
 */
export function createLxcTransport(context: TransportContext): Transport {
  const runToken = createRunToken();
  // `--clear-env` keeps cooperate's own environment out of the container, as `docker exec` does;
  // lxc-attach then sets a default PATH. `--set-var` splits each value at its first `=` only.
  const envOptions = [
    '--clear-env',
    ...Object.entries(context.env).flatMap(([key, value]) => ['--set-var', `${key}=${value}`]),
  ];
  const attachArgs = (container: string, argv: string[]): string[] => [
    '-n',
    container,
    ...envOptions,
    '--',
    ...argv,
  ];

  return {
    launch(job: Job): Promise<Launch> {
      // Without a terminal, lxc-attach hands its own stdin, stdout and stderr to the command.
      const argv = wrapContainerCommand(jobKey(runToken, job.seq), job.command);
      return Promise.resolve({
        file: 'lxc-attach',
        args: attachArgs(job.node.name, argv),
        env: context.baseEnv,
        isUserProgram: false,
      });
    },

    settle(job: Job, outcome: ProcessOutcome, stderr: Buffer) {
      const error = describeAttachFailure(job.node.name, outcome, stderr.toString('utf8'));
      return error === null ? { code: outcome.code, error: null } : { code: null, error };
    },

    async stopRemote(job: Job): Promise<void> {
      // NOTE: a failure here (the container was stopped meanwhile) leaves nothing to stop, so it is ignored.
      const argv = stopContainerCommand(jobKey(runToken, job.seq));
      await runClient('lxc-attach', attachArgs(job.node.name, argv), context.baseEnv);
    },

    abandon(job: Job): void {
      const argv = stopContainerCommand(jobKey(runToken, job.seq));
      startDetachedClient('lxc-attach', attachArgs(job.node.name, argv), context.baseEnv);
    },
  };
}

/**
 * Returns why lxc-attach itself failed to run the job, or null when the exit status is the command's.
 * lxc-attach 5.0 reports its own failures with exit status 1 and stderr lines that all start with
 * `lxc-attach: NAME: `; a stopped or missing container gives "Failed to get init pid".
 */
export function describeAttachFailure(
  container: string,
  outcome: ProcessOutcome,
  stderr: string,
): string | null {
  const prefix = `lxc-attach: ${container}: `;
  const lines = stderr.split('\n').filter((line) => line !== '');
  if (outcome.code !== 1 || lines.length === 0 || !lines.every((line) => line.startsWith(prefix))) {
    return null;
  }
  const first = lines[0] ?? '';
  if (/Failed to get init pid/.test(first)) {
    return `LXC container '${container}' does not exist or is not running; check it with \`lxc-info -n ${container}\``;
  }
  return `lxc-attach failed on container '${container}': ${first.slice(prefix.length)}`;
}
