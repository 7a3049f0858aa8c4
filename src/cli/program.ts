import { Command as Program, Option } from 'commander';

import type { NodeKind } from '../nodes/node.js';
import { VIEW_NAMES } from '../rendering/view.js';
import { EXIT_CODE_TABLE } from './exit-codes.js';
import { addJobControlOptions, type JobControlRawOptions } from './job-control-options.js';
import type { ValueOptions } from './tokens.js';

export const VERSION = '1.0.0';

/** Options as commander stores them; nodes are collected apart, in command-line order. */
export interface RawOptions extends JobControlRawOptions {
  command?: string[];
  mode?: string;
  batch?: string;
  concurrence?: string;
  env?: string[];
  timeout?: string;
  stdin?: boolean;
  dryRun?: boolean;
  output?: string;
  prefix?: boolean;
  results?: string;
  quiet?: boolean;
  color?: string;
  summary?: boolean;
  maxOutput?: string;
  sshOption?: string[];
  connectTimeout?: string;
  persist?: string;
}

/** Appends to the list in place, because copying it for each value makes n options cost n²/2 copies. */
const collect = (value: string, previous: string[] | undefined): string[] => {
  const list = previous ?? [];
  list.push(value);
  return list;
};

/**
 * Builds the command-line definition. `onNode` is called for each node option and `onHostsFile` for
 * each `--hosts` file in the order given, because the order of nodes decides the order of jobs and
 * the distribution of commands.
 */
export function buildProgram(
  onNode: (kind: NodeKind, name: string) => void,
  onHostsFile: (file: string) => void = () => {},
): Program {
  const program = new Program('cooperate')
    .usage('[options] NODE... (-c COMMAND... | -- PROGRAM [ARG...])')
    .description(
      'Run shell commands on many nodes at once: this machine, ssh hosts, docker, podman and LXC containers.\n' +
        'By default each result is printed as a YAML document as soon as its job ends (see -o).\n' +
        'Arguments may also come from files: @FILE is replaced by the options in FILE, one a line.',
    )
    .version(VERSION, '-v, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .allowExcessArguments(true)
    .showSuggestionAfterError(true);

  program.optionsGroup('Nodes (at least one; each option may be repeated):');
  program
    .option('-l, --local', 'this machine (give it n times for n local nodes)')
    .option(
      '--ssh <[user@]host[:port]>',
      'a host reached through the OpenSSH client; ranges such as web[01-12] or rack[1-2]-n[1-4]',
    )
    .option('--docker <container>', 'a running docker container')
    .option('--podman <container>', 'a running podman container')
    .option('--lxc <container>', 'a running LXC container')
    .option('--hosts <file>', 'ssh nodes from FILE, one [user@]host[:port] a line, # starts a comment');

  program.optionsGroup('ssh:');
  program
    .option('-O, --ssh-option <option>', 'pass -o OPTION to ssh, such as -O Port=2222 (repeatable)', collect)
    .option(
      '--connect-timeout <seconds>',
      'seconds to wait for an ssh host to connect and greet (default: 10)',
    )
    .option(
      '--persist <seconds>',
      'keep each ssh connection open SECONDS after the run, for the next run to reuse ' +
        '(default: closed with the run)',
    );

  program.optionsGroup('Jobs (either -c or --):');
  program
    .option('-c, --command <line>', 'a shell command line, run by sh -c on the node (repeatable)', collect)
    .option('-e, --env <KEY=VALUE>', 'add KEY=VALUE to every job environment (repeatable)', collect)
    .option('--stdin', "give cooperate's standard input to every job (default: empty standard input)");

  program.optionsGroup('Scheduling:');
  program
    .addOption(
      new Option(
        '-m, --mode <mode>',
        'all: every command on every node; distribute: each command on one node',
      )
        .choices(['all', 'distribute'])
        .default('all'),
    )
    .option(
      '-b, --batch <size>',
      'jobs running at once: a number, or N% of all jobs rounded up; also --concurrence (default: all jobs)',
    )
    .addOption(new Option('--concurrence <size>').hideHelp())
    .option(
      '-t, --timeout <seconds>',
      'stop the whole run after this many seconds, decimals allowed (default: none)',
    );

  addJobControlOptions(program);

  program.optionsGroup('Output:');
  program
    .addOption(
      new Option(
        '-o, --output <view>',
        'yaml: a document per job as it ends; lines: live lines after the node name; ' +
          "gather: identical output once per group of nodes, at the end; json: an object per job a line; raw: the commands' own bytes",
      )
        .choices(VIEW_NAMES)
        .default('yaml'),
    )
    .option('--no-prefix', 'lines without the node name (-o lines), or the raw view when no -o is given')
    .option('--results <dir>', "also write each job's stdout, stderr and status under DIR/NODE/")
    .option(
      '--max-output <bytes>',
      'keep at most this many bytes of each stream of each job, such as 10M (default: all)',
    )
    .addOption(
      new Option('--color <when>', 'colour node names and failures: auto (on a terminal), always or never')
        .choices(['auto', 'always', 'never'])
        .default('auto'),
    )
    .option('-q, --quiet', 'no progress line and no summary on stderr')
    .option('--summary', 'print the summary on stderr even when stderr is not a terminal')
    .option('--dry-run', 'print the jobs that would run (node, command) and run nothing');

  program.addHelpText(
    'after',
    `
Examples:
  cooperate --local -c 'echo FOO' -c 'uname -a'
  cooperate --local --local -m distribute -b 50% -c 'sleep 1' -c 'sleep 2' -c 'sleep 3'
  cooperate --local -e GREETING='hello world' -- sh -c 'echo "$GREETING"'
  cooperate --ssh 'admin@web[01-12]' --ssh '[::1]:2222' -o lines -c 'uptime'
  cooperate --ssh web1 --ssh web2 -o json -c 'uname -r' | jq -r '.node + " " + .stdout'

${EXIT_CODE_TABLE}`,
  );

  for (const kind of ['ssh', 'docker', 'podman', 'lxc'] as const) {
    program.on(`option:${kind}`, (name: string) => onNode(kind, name));
  }
  program.on('option:local', () => onNode('local', 'local'));
  program.on('option:hosts', (file: string) => onHostsFile(file));
  return program;
}

/** Lists the options of `program` that take a value, for splitting the command line before commander reads it. */
export function valueOptionsOf(program: Program): ValueOptions {
  const short = new Set<string>();
  const long = new Set<string>();
  for (const option of program.options) {
    // An optional value, as in --fail-fast=now, never takes the `--` or @FILE that follows the option.
    if (!option.required) {
      continue;
    }
    if (option.short) {
      short.add(option.short.slice(1));
    }
    if (option.long) {
      long.add(option.long.slice(2));
    }
  }
  return { short, long };
}
