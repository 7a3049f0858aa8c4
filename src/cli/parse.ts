import { fstatSync } from 'node:fs';

import { CommanderError } from 'commander';

import type { Command } from '../jobs/job.js';
import type { NodeKind } from '../nodes/node.js';
import type { Mode } from '../scheduling/queue.js';
import { parseWindow, type WindowSpec } from '../scheduling/window.js';
import { parseJobControl, type JobControlRequest } from './job-control-options.js';
import { expandArgumentFiles, readSource, type ArgumentOrigins, type ReadSource } from './argument-file.js';
import { parseOutputOptions, type OutputRequest } from './output-options.js';
import { buildProgram, valueOptionsOf, type RawOptions } from './program.js';
import { splitAtDoubleDash, takesSeparateValue } from './tokens.js';
import { expandNodes, parseSshSettings, readHostsFile, type GivenNode } from './ssh-options.js';
import { UsageError } from './usage-error.js';
import type { SshSettings } from '../transports/ssh/settings.js';

/** A valid command line, ready to run. */
export interface RunRequest {
  action: 'run';
  nodes: Array<{ kind: NodeKind; name: string }>;
  commands: Command[];
  mode: Mode;
  window: WindowSpec | null;
  env: Record<string, string>;
  timeoutSeconds: number | null;
  stdin: boolean;
  dryRun: boolean;
  jobControl: JobControlRequest;
  output: OutputRequest;
  ssh: SshSettings;
}

/** Help or the version was printed; nothing else to do. */
export interface PrintedRequest {
  action: 'printed';
}

export interface ParseIo {
  read: ReadSource;
  /** True when standard input is a pipe, socket or regular file, so it may hold arguments. */
  stdinHoldsArguments: () => boolean;
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
}

export const processIo: ParseIo = {
  read: readSource,
  stdinHoldsArguments: () => {
    try {
      const stat = fstatSync(0);
      // A socket is how Node.js and some supervisors pass a pipe to a child process.
      return stat.isFIFO() || stat.isFile() || stat.isSocket();
    } catch {
      return false;
    }
  },
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads the command line (without the program name) into a run request.
 * Throws UsageError, with one line that names the bad value, for anything invalid.
 */
export function parseCommandLine(
  argv: readonly string[],
  io: ParseIo = processIo,
): RunRequest | PrintedRequest {
  const definition = buildProgram(() => {});
  const valueOptions = valueOptionsOf(definition);
  const takesValue = (arg: string): boolean => takesSeparateValue(arg, valueOptions);
  const split = splitAtDoubleDash(argv, valueOptions);
  const origins: ArgumentOrigins = new Map();
  const optionArgs = expandArgumentFiles(split.options, io.read, takesValue, origins);
  try {
    return parseExpanded(optionArgs, split, io, origins, takesValue, optionFlagsOf(definition));
  } catch (error) {
    throw error instanceof UsageError ? withOrigin(error, origins) : error;
  }
}

/**
 * Adds the argument file and line of the first quoted value in `error`'s message, when that value was
 * read from an argument file.
 */
function withOrigin(error: UsageError, origins: ArgumentOrigins): UsageError {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  const origin = quoted === undefined ? undefined : origins.get(quoted);
  if (quoted === undefined || origin === undefined || error.message.includes('argument file')) {
    return error;
  }
  return new UsageError(error.message.replace(`'${quoted}'`, `'${quoted}' (in argument file ${origin})`));
}

function parseExpanded(
  expanded: readonly string[],
  split: ReturnType<typeof splitAtDoubleDash>,
  io: ParseIo,
  origins: ArgumentOrigins,
  takesValue: (arg: string) => boolean,
  flags: ReadonlySet<string>,
): RunRequest | PrintedRequest {
  let optionArgs = expanded;
  rejectOptionsAsValues(optionArgs, takesValue, flags);

  let parsed = parseOptions(optionArgs, io);
  if (parsed === 'printed') {
    return { action: 'printed' };
  }
  // A command line that already names a node and a job never waits on standard input.
  const needsMore = parsed.nodes.length === 0 || (parsed.raw.command === undefined && split.argv === null);
  const namesStdin = split.options.includes('@-');
  if (namesStdin && parsed.raw.stdin === true) {
    throw new UsageError(
      "standard input cannot be both an argument file (@-) and the jobs' input (--stdin); put the arguments in a file",
    );
  }
  const readsStdin = namesStdin || parsed.raw.stdin === true;
  if (needsMore && !readsStdin && io.stdinHoldsArguments()) {
    optionArgs = [...optionArgs, ...expandArgumentFiles(['@-'], io.read, takesValue, origins)];
    parsed = parseOptions(optionArgs, io);
    if (parsed === 'printed') {
      return { action: 'printed' };
    }
  }
  return validate(parsed, split.argv);
}

/** Collects every spelling of every option of `program`, such as `-c` and `--command`. */
function optionFlagsOf(program: ReturnType<typeof buildProgram>): Set<string> {
  const flags = new Set<string>(['--']);
  for (const option of program.options) {
    for (const flag of [option.short, option.long]) {
      if (flag) {
        flags.add(flag);
      }
    }
  }
  return flags;
}

/**
 * Rejects an option whose value is missing, so that the next option is not taken as its value:
 * `-e -c true` would otherwise set the variable '-c' and blame 'true' as a stray argument.
 */
function rejectOptionsAsValues(
  args: readonly string[],
  takesValue: (arg: string) => boolean,
  flags: ReadonlySet<string>,
): void {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!takesValue(arg)) {
      continue;
    }
    const value = args[index + 1];
    if (value === undefined) {
      return;
    }
    if (flags.has(value.split('=')[0] as string)) {
      throw new UsageError(
        `option '${arg}' needs a value, but the next argument '${value}' is an option; give the value right after ${arg}`,
      );
    }
    index++;
  }
}

interface ParsedOptions {
  raw: RawOptions;
  nodes: GivenNode[];
  operands: string[];
  /** True when -o/--output was given, rather than left at its default. */
  outputGiven: boolean;
}

function parseOptions(args: readonly string[], io: ParseIo): ParsedOptions | 'printed' {
  const nodes: GivenNode[] = [];
  const program = buildProgram(
    (kind, name) => nodes.push({ kind, name }),
    (file) => nodes.push(...readHostsFile(file, io.read)),
  );
  program.exitOverride();
  program.configureOutput({
    writeOut: io.writeOut,
    writeErr: io.writeErr,
    // Errors are reported by the caller in cooperate's own one-line form.
    outputError: () => {},
  });
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return 'printed';
      }
      // Commander's own wording, made one line: "error: " dropped and its suggestion folded in. A value
      // outside an option's choices is reported in the form of cooperate's other invalid values.
      const message = error.message
        .replace(/^error: /, '')
        .replace(/\.$/, '')
        .replace(/\n\(Did you mean (.*)\?\)$/, '; did you mean $1?')
        .replace(
          /^option '(?:-\w, )?(--[\w-]+)[^']*' argument '(.*)' is invalid\. Allowed choices are (.*)$/s,
          "invalid $1 '$2': give one of $3",
        );
      throw new UsageError(`${message}; run 'cooperate --help' to see the options`);
    }
    throw error;
  }
  return {
    raw: program.opts<RawOptions>(),
    nodes,
    operands: program.args,
    outputGiven: program.getOptionValueSource('output') === 'cli',
  };
}

function validate(parsed: ParsedOptions, argv: string[] | null): RunRequest {
  const { raw, operands } = parsed;
  const [stray] = operands;
  if (stray !== undefined) {
    throw new UsageError(
      `unexpected argument '${stray}'; give a shell command with -c '...' or put the program and its arguments after --`,
    );
  }
  const nodes = expandNodes(parsed.nodes);
  if (nodes.length === 0) {
    throw new UsageError(
      "no node given; add --local, --ssh HOST, --docker CONTAINER, --podman CONTAINER or --lxc CONTAINER (see 'cooperate --help')",
    );
  }
  if (raw.command !== undefined && argv !== null) {
    throw new UsageError('both -c/--command and a command after -- were given; use one or the other');
  }
  if (argv !== null && argv.length === 0) {
    throw new UsageError(
      "nothing after '--'; put the program and its arguments after --, such as -- echo hello",
    );
  }
  const commands: Command[] =
    argv !== null ? [{ kind: 'argv', argv }] : (raw.command ?? []).map((line) => ({ kind: 'shell', line }));
  if (commands.some((command) => command.kind === 'shell' && command.line.trim() === '')) {
    throw new UsageError("a -c command is empty; give the shell command to run, such as -c 'uptime'");
  }
  if (commands.length === 0) {
    throw new UsageError("no command given; add -c 'COMMAND' or put a program and its arguments after --");
  }

  return {
    action: 'run',
    nodes,
    commands,
    mode: (raw.mode ?? 'all') as Mode,
    window: parseWindowOption(raw),
    env: parseEnv(raw.env ?? []),
    timeoutSeconds: raw.timeout === undefined ? null : parseTimeout(raw.timeout),
    stdin: raw.stdin === true,
    dryRun: raw.dryRun === true,
    jobControl: parseJobControl(raw),
    output: parseOutputOptions(raw, parsed.outputGiven),
    ssh: parseSshSettings(raw),
  };
}

function parseWindowOption(raw: RawOptions): WindowSpec | null {
  if (raw.batch !== undefined && raw.concurrence !== undefined) {
    throw new UsageError('both --batch and --concurrence were given; they are the same option, so give one');
  }
  const text = raw.batch ?? raw.concurrence;
  if (text === undefined) {
    return null;
  }
  const spec = parseWindow(text);
  if ('error' in spec) {
    throw new UsageError(spec.error);
  }
  return spec;
}

/** Parses `-e KEY=VALUE` options: the value is everything after the first `=`, kept exactly. */
export function parseEnv(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals === -1) {
      throw new UsageError(`invalid --env '${entry}': expected KEY=VALUE, such as -e MODE=fast`);
    }
    const key = entry.slice(0, equals);
    if (!ENV_NAME.test(key)) {
      throw new UsageError(
        `invalid --env '${entry}': the name '${key}' must start with a letter or _ and contain only letters, digits and _`,
      );
    }
    env[key] = entry.slice(equals + 1);
  }
  return env;
}

/** Parses a number of seconds above 0, decimals allowed, such as `30` or `1.5`, given to `option`. */
export function parseTimeout(text: string, option = '--timeout'): number {
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  // setTimeout cannot wait longer than 2^31 - 1 ms, about 24.8 days.
  if (!(seconds > 0) || seconds * 1000 > 2 ** 31 - 1) {
    throw new UsageError(
      `invalid ${option} '${text}': give a number of seconds above 0 and below 24 days, such as 30 or 1.5`,
    );
  }
  return seconds;
}
