import type { Launch } from '../engine/launch.js';
import type { ProcessOutcome } from '../engine/process.js';
import type { Job } from '../jobs/job.js';
import { createRunToken, jobKey, stopContainerCommand, wrapContainerCommand } from './container-job.js';
import { runClient, startDetachedClient } from './run-client.js';
import type { Transport, TransportContext } from './transport.js';

/** The engines whose `exec` command this transport drives; podman's `exec` takes docker's options. */
export type ContainerEngine = 'docker' | 'podman';

/**
 * Runs jobs in running docker or podman containers with `ENGINE exec`. The command runs under a job
 * script (see container-job.ts) that lets `stopRemote` stop it inside the container, because ending
 * the local client does not.
 */
export function createContainerEngineTransport(
  engine: ContainerEngine,
  context: TransportContext,
): Transport {
  const runToken = createRunToken();
  // `-e` values go to the engine as separate arguments: it splits each at its first `=` only.
  const envOptions = Object.entries(context.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);

  const stopArgs = (job: Job): string[] => [
    'exec',
    job.node.name,
    ...stopContainerCommand(jobKey(runToken, job.seq)),
  ];

  return {
    launch(job: Job): Promise<Launch> {
      // `-i` passes stdin on. With no --stdin it is empty, so a command that reads it gets end-of-file at
      // once. Without `-t`, stdout and stderr stay apart, byte for byte.
      const args = [
        'exec',
        '-i',
        ...envOptions,
        job.node.name,
        ...wrapContainerCommand(jobKey(runToken, job.seq), job.command),
      ];
      return Promise.resolve({ file: engine, args, env: context.baseEnv, isUserProgram: false });
    },

    settle(job: Job, outcome: ProcessOutcome, stderr: Buffer) {
      const error = describeEngineFailure(engine, job.node.name, outcome, stderr.toString('utf8'));
      return error === null ? { code: outcome.code, error: null } : { code: null, error };
    },

    async stopRemote(job: Job): Promise<void> {
      // NOTE: a failure here (the container was removed meanwhile) leaves nothing to stop, so it is ignored.
      await runClient(engine, stopArgs(job), context.baseEnv);
    },

    abandon(job: Job): void {
      startDetachedClient(engine, stopArgs(job), context.baseEnv);
    },
  };
}

/**
 * Returns why the engine itself failed to run the job, or null when the exit status is the command's.
 * The job script prints nothing before the command starts, so a failure of the engine is a single
 * line on stderr. Docker 20.10 exits 1 for a missing or stopped container and 126 when the job script
 * cannot start. Podman 4.3 exits 125 for its own errors. A command that prints one of these messages
 * itself and exits with the same status would be taken for an engine failure, an unlikely case.
 */
export function describeEngineFailure(
  engine: ContainerEngine,
  container: string,
  outcome: ProcessOutcome,
  stderr: string,
): string | null {
  const engineCodes = engine === 'docker' ? [1, 125, 126] : [125, 126, 127];
  const message = stderr.trim();
  if (
    outcome.code === null ||
    !engineCodes.includes(outcome.code) ||
    message === '' ||
    message.includes('\n')
  ) {
    return null;
  }
  if (/no such container/i.test(message)) {
    return `${engine} container '${container}' does not exist; check the name with \`${engine} ps -a\` (${message})`;
  }
  if (/is not running|state improper|is paused|is restarting/i.test(message)) {
    return `${engine} container '${container}' is not running; start it with \`${engine} start ${container}\` (${message})`;
  }
  if (/^(Error|OCI runtime|Cannot connect to the Docker daemon)/.test(message)) {
    return `${engine} exec failed on container '${container}': ${message}`;
  }
  return null;
}
