import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expectLines, type Scenario, type ToolRun } from '../harness/scenario.js';
import type { ScenarioContext } from './context.js';

/** The lean fleet that bench/fleet/fleet.sh started. */
export interface Fleet {
  directory: string;
  sshConfig: string;
  hosts: string[];
}

const XARGS_CONTROLMASTER = fileURLToPath(
  new URL('../../../bench/fleet/xargs-controlmaster.sh', import.meta.url),
);

/** Reads the fleet's state directory; returns null when no fleet was started there. */
export function readFleet(directory: string): Fleet | null {
  const hostsFile = join(directory, 'hosts');
  const sshConfig = join(directory, 'ssh_config');
  if (!existsSync(hostsFile) || !existsSync(sshConfig)) {
    return null;
  }
  const hosts = readFileSync(hostsFile, 'utf8').split('\n').filter(Boolean);
  return { directory, sshConfig, hosts };
}

/**
 * Environment that puts the fleet's bin/ssh, which adds `-F ssh_config`, first on PATH, for tools that
 * start `ssh` from PATH with no way to pass it options. The wrapper costs one exec of /bin/sh per
 * connection. GNU parallel needs it too: given `--ssh 'ssh -F FILE'`, its `-M` mode (20221122) printed
 * a few results and then hung.
 */
export function fleetPath(fleet: Fleet): Record<string, string> {
  return { PATH: `${join(fleet.directory, 'bin')}:${process.env.PATH ?? ''}` };
}

/**
 * Runs cooperate's ssh transport with the fleet's private ssh configuration, given as
 * COOPERATE_SSH_CONFIG (`ssh -F`), as pdsh, clush and parallel-ssh get it, with no wrapper.
 */
export function cooperateOverSsh(
  context: ScenarioContext,
  fleet: Fleet,
  args: string[],
  env: Record<string, string> = {},
): Pick<ToolRun, 'argv' | 'env'> {
  return { argv: [...context.cooperate, ...args], env: { COOPERATE_SSH_CONFIG: fleet.sshConfig, ...env } };
}

/** Seconds that `--persist` keeps the connections in the benchmark: long enough for every round. */
const PERSIST_SECONDS = '120';

/** Scenarios of `hostname` on `size` nodes, all at once (window = size); sizes beyond the fleet are skipped. */
export function hostnameScenarios(
  context: ScenarioContext,
  fleet: Fleet,
  sizes: readonly number[],
  withCooperate: boolean,
): Scenario[] {
  return sizes
    .filter((size) => size <= fleet.hosts.length)
    .map((size) => {
      const hosts = fleet.hosts.slice(0, size);
      const hostsFile = join(context.workDir, `hosts-${size}`);
      const nodeArguments = join(context.workDir, `ssh-nodes-${size}.args`);
      writeFileSync(hostsFile, `${hosts.join('\n')}\n`);
      writeFileSync(nodeArguments, hosts.map((host) => `--ssh ${host}\n`).join(''));
      const window = String(size);

      // A runtime directory of the benchmark's own, so that the persistent sockets are found only here.
      const runtime = join(context.workDir, 'runtime');
      mkdirSync(runtime, { recursive: true, mode: 0o700 });

      const tools: ToolRun[] = [];
      if (withCooperate) {
        tools.push(
          {
            tool: 'cooperate',
            ...cooperateOverSsh(context, fleet, [`@${nodeArguments}`, '-b', window, '-c', 'hostname']),
            check: expectLines(/^---$/, size),
          },
          {
            // The warm-up round opens the connections, so every measured run is a later run.
            tool: 'cooperate --persist',
            ...cooperateOverSsh(
              context,
              fleet,
              [`@${nodeArguments}`, '-b', window, '--persist', PERSIST_SECONDS, '-c', 'hostname'],
              { XDG_RUNTIME_DIR: runtime },
            ),
            check: expectLines(/^---$/, size),
          },
        );
      }
      tools.push(
        {
          tool: 'pdsh',
          argv: ['pdsh', '-R', 'ssh', '-f', window, '-w', `^${hostsFile}`, 'hostname'],
          // pdsh's ssh module builds the ssh command line from this template; %h is the node.
          env: { PDSH_SSH_ARGS: `-F ${fleet.sshConfig} %h` },
          check: expectLines(/^127\.0\.0\.\d+: /, size),
        },
        {
          tool: 'clush',
          argv: ['clush', '-f', window, '--hostfile', hostsFile, '-o', `-F ${fleet.sshConfig}`, 'hostname'],
          check: expectLines(/^127\.0\.0\.\d+: /, size),
        },
        {
          tool: 'parallel-ssh',
          argv: [
            'parallel-ssh',
            '-h',
            hostsFile,
            '-p',
            window,
            '-x',
            `-F ${fleet.sshConfig}`,
            '-i',
            'hostname',
          ],
          check: expectLines(/\[SUCCESS\]/, size),
        },
        {
          tool: 'GNU parallel',
          argv: ['parallel', '--nonall', '-j', window, '--slf', hostsFile, 'hostname'],
          env: { PARALLEL_SHELL: '/bin/sh', ...fleetPath(fleet) },
          check: expectLines(/./, size),
        },
      );
      return {
        name: `hostname on ${size} ssh nodes`,
        description: `\`hostname\` on ${size} nodes of the lean fleet, all ${size} at once.`,
        series: 'ssh',
        size,
        tools,
      };
    });
}

/**
 * Many short commands distributed over a few nodes, `perNode` at a time on each: the case where
 * sharing one connection per node matters most. pdsh, clush and parallel-ssh run one command on every
 * node and cannot distribute, so they are not in it.
 */
export function distributeScenario(
  context: ScenarioContext,
  fleet: Fleet,
  commands: number,
  nodes: number,
  perNode: number,
  withCooperate: boolean,
): Scenario | null {
  if (nodes > fleet.hosts.length) {
    return null;
  }
  const hostsFile = join(context.workDir, `distribute-hosts-${nodes}`);
  const commandsFile = join(context.workDir, `distribute-${commands}.txt`);
  const argumentFile = join(context.workDir, `distribute-${commands}x${nodes}.args`);
  const lines = Array.from({ length: commands }, (_, index) => `echo job-${index}`);
  const hosts = fleet.hosts.slice(0, nodes);
  writeFileSync(hostsFile, `${hosts.join('\n')}\n`);
  writeFileSync(commandsFile, `${lines.join('\n')}\n`);
  writeFileSync(
    argumentFile,
    [...hosts.map((host) => `--ssh ${host}`), ...lines.map((line) => `-c ${line}`)].join('\n') + '\n',
  );
  const parallel = ['parallel', '-j', String(perNode), '--slf', hostsFile];
  const parallelEnv = { PARALLEL_SHELL: '/bin/sh', ...fleetPath(fleet) };
  const output = expectLines(/^job-\d+$/, commands);

  const tools: ToolRun[] = [];
  if (withCooperate) {
    tools.push({
      tool: 'cooperate',
      ...cooperateOverSsh(context, fleet, [
        `@${argumentFile}`,
        '-m',
        'distribute',
        '-b',
        String(nodes * perNode),
      ]),
      check: expectLines(/^---$/, commands),
    });
  }
  tools.push(
    {
      tool: 'GNU parallel',
      argv: [...parallel, '-a', commandsFile],
      env: parallelEnv,
      check: output,
    },
    {
      tool: 'GNU parallel -M',
      argv: [...parallel, '-M', '-a', commandsFile],
      env: parallelEnv,
      check: output,
    },
    {
      tool: 'xargs + ControlMaster',
      argv: [XARGS_CONTROLMASTER, fleet.sshConfig, hostsFile, commandsFile, String(perNode)],
      check: output,
    },
  );
  return {
    name: `${commands} commands over ${nodes} ssh nodes`,
    description: `${commands} \`echo\` commands distributed over ${nodes} nodes, ${perNode} at a time on each.`,
    tools,
  };
}
