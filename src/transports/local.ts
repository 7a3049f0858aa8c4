import type { Launch } from '../engine/launch.js';
import type { Job } from '../jobs/job.js';
import type { Transport, TransportContext } from './transport.js';

/** Runs jobs on this machine: `-c` lines through `/bin/sh -c`, argument vectors directly, with no shell. */
export function createLocalTransport(context: TransportContext): Transport {
  const env = { ...context.baseEnv, ...context.env };

  return {
    launch(job: Job): Promise<Launch> {
      const { command } = job;
      if (command.kind === 'shell') {
        // `--` keeps a line that starts with '-', such as '-n', from being read as an option of sh.
        return Promise.resolve({
          file: '/bin/sh',
          args: ['-c', '--', command.line],
          env,
          isUserProgram: false,
        });
      }
      const [file = '', ...args] = command.argv;
      return Promise.resolve({ file, args, env, isUserProgram: true });
    },
  };
}
