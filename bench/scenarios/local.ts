import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expectLines, type Scenario } from '../harness/scenario.js';
import type { ScenarioContext } from './context.js';

const WINDOW = 8;
const SPAWN_LOOP = fileURLToPath(new URL('./spawn-loop.js', import.meta.url));

/**
 * Local scenarios: start-up against Node.js itself, and many jobs of `true` with a window of 8, where
 * every tool starts one `/bin/sh -c true` per job (cooperate runs `-c` lines through sh, as xargs and
 * GNU parallel are set up to here).
 */
export function localScenarios(context: ScenarioContext, jobCounts: readonly number[]): Scenario[] {
  const startup: Scenario = {
    name: 'start-up',
    description: '`cooperate --local -- true` against `node -e 0`, the floor of any Node.js program.',
    runs: 30,
    tools: [
      {
        tool: 'cooperate',
        argv: [...context.cooperate, '--local', '--', 'true'],
        check: expectLines(/^---$/, 1),
      },
      { tool: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      // The compiled modules before bundling, to show what the bundle saves.
      {
        tool: 'cooperate, unbundled',
        argv: [process.execPath, context.unbundledCli, '--local', '--', 'true'],
        check: expectLines(/^---$/, 1),
      },
    ],
  };
  return [startup, ...jobCounts.map((count) => manyTrue(context, count))];
}

function manyTrue(context: ScenarioContext, count: number): Scenario {
  const jobList = join(context.workDir, `true-${count}.txt`);
  const argumentFile = join(context.workDir, `true-${count}.args`);
  writeFileSync(jobList, 'true\n'.repeat(count));
  writeFileSync(argumentFile, '-c true\n'.repeat(count));

  return {
    name: `${count} local true, window ${WINDOW}`,
    description: `${count} jobs of \`true\` on this machine, ${WINDOW} at a time, each through /bin/sh.`,
    series: 'local',
    size: count,
    tools: [
      {
        tool: 'cooperate',
        argv: [...context.cooperate, '--local', '-b', String(WINDOW), `@${argumentFile}`],
        check: expectLines(/^---$/, count),
      },
      { tool: 'xargs', argv: ['xargs', '-a', jobList, '-P', String(WINDOW), '-L', '1', 'sh', '-c'] },
      // The minimum that any Node.js program pays for these jobs: spawn with pipes, and nothing else.
      {
        tool: 'node spawn loop',
        argv: [process.execPath, SPAWN_LOOP, String(WINDOW), String(count), 'true'],
      },
      {
        tool: 'GNU parallel',
        argv: ['parallel', '-j', String(WINDOW), '-a', jobList],
        // Otherwise GNU parallel guesses the shell from its parent process and may pick bash.
        env: { PARALLEL_SHELL: '/bin/sh' },
      },
    ],
  };
}
