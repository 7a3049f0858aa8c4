import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expectLines, type Scenario, type ToolRun } from '../harness/scenario.js';
import type { ScenarioContext } from './context.js';
import { cooperateOverSsh, fleetPath, type Fleet } from './ssh.js';

/** Returns a check that the output file has at least `bytes` bytes. */
function atLeastBytes(bytes: number): (stdoutFile: string) => string | null {
  return (stdoutFile) => {
    const size = statSync(stdoutFile).size;
    return size >= bytes ? null : `expected at least ${bytes} bytes of output, found ${size}`;
  };
}

/**
 * `bytes` of output from one node: lines of 39 characters from `yes`, against plain `ssh node CMD`,
 * which is the floor, and GNU parallel. pdsh, clush and parallel-ssh are left out: on this machine
 * they took from 236 s to over 600 s for 500 MB, past any sensible time limit.
 */
export function bigOutputScenario(
  context: ScenarioContext,
  fleet: Fleet,
  bytes: number,
  withCooperate: boolean,
): Scenario | null {
  const host = fleet.hosts[0];
  if (host === undefined) {
    return null;
  }
  const generator = `yes abcdefghijklmnopqrstuvwxyz0123456789AB | head -c ${bytes}`;
  const tools: ToolRun[] = [];
  if (withCooperate) {
    for (const view of ['raw', 'yaml']) {
      tools.push({
        tool: `cooperate -o ${view}`,
        ...cooperateOverSsh(context, fleet, ['--ssh', host, '-o', view, '-c', generator]),
        checkFile: atLeastBytes(bytes),
      });
    }
  }
  tools.push(
    {
      tool: 'ssh',
      argv: ['ssh', '-F', fleet.sshConfig, host, generator],
      checkFile: atLeastBytes(bytes),
    },
    {
      tool: 'GNU parallel',
      argv: ['parallel', '--nonall', '-S', host, generator],
      env: { PARALLEL_SHELL: '/bin/sh', ...fleetPath(fleet) },
      checkFile: atLeastBytes(bytes),
    },
  );
  const megabytes = Math.round(bytes / 1e6);
  return {
    name: `${megabytes} MB from one ssh node`,
    description: `${megabytes} MB of 39-character lines printed by one node, written to a file.`,
    tools,
  };
}

/**
 * `true` on `size` ssh nodes at once (window = size), cooperate alone, to show how time and memory grow
 * with the number of nodes. The fleet's addresses are used in turn, so past the fleet's size each
 * address is several nodes, each with a connection of its own.
 */
export function scaleScenarios(context: ScenarioContext, fleet: Fleet, sizes: readonly number[]): Scenario[] {
  return sizes.map((size) => {
    const nodeArguments = join(context.workDir, `scale-nodes-${size}.args`);
    const lines = Array.from(
      { length: size },
      (_, index) => `--ssh ${fleet.hosts[index % fleet.hosts.length]}\n`,
    );
    writeFileSync(nodeArguments, lines.join(''));
    const window = String(size);
    return {
      name: `true on ${size} ssh nodes`,
      description: `\`true\` on ${size} ssh nodes, all ${size} at once, over ${Math.min(size, fleet.hosts.length)} loopback addresses.`,
      series: 'scale',
      size,
      tools: [
        {
          tool: 'cooperate',
          ...cooperateOverSsh(context, fleet, [`@${nodeArguments}`, '-b', window, '-c', 'true']),
          check: expectLines(/^exit_code: 0$|^code: 0$/, size),
        },
      ],
    };
  });
}
