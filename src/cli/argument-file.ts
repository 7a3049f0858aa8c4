import { readFileSync } from 'node:fs';

import { describeFileError } from './file-errors.js';
import { UsageError } from './usage-error.js';

/** Reads the text of an argument file; `-` is standard input. */
export type ReadSource = (name: string) => string;

export const readSource: ReadSource = (name) => readFileSync(name === '-' ? 0 : name, 'utf8');

/**
 * Parses the text of an argument file into command-line arguments, one option a line:
 * `--option value` is split at the first space (the value is kept exactly, spaces, quotes and `$`
 * included), `--flag` and `--option=value` stay one argument, and `@OTHER` names another file.
 * Blank lines and lines starting with `#` are skipped; any other line is an error naming FILE:LINE.
 */
export function parseArgumentFile(text: string, fileName: string): string[] {
  return parseArgumentLines(text, fileName).map(({ arg }) => arg);
}

/** An argument read from a file, with the number of its line. */
interface FileArgument {
  arg: string;
  line: number;
}

function parseArgumentLines(text: string, fileName: string): FileArgument[] {
  const args: FileArgument[] = [];
  const push = (arg: string, line: number): number => args.push({ arg, line });
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) {
      return;
    }
    if (trimmed.startsWith('@')) {
      push(trimmed.trimEnd(), index + 1);
      return;
    }
    if (!trimmed.startsWith('-') || trimmed === '-' || trimmed.startsWith('-- ') || trimmed === '--') {
      throw new UsageError(
        `invalid line in argument file ${fileName}:${index + 1}: ${JSON.stringify(line)}; ` +
          `each line must be an option such as '--command echo hi', '--local' or '@OTHER_FILE'`,
      );
    }
    const space = trimmed.indexOf(' ');
    if (space === -1 || trimmed.slice(0, space).includes('=')) {
      push(trimmed, index + 1);
    } else {
      push(trimmed.slice(0, space), index + 1);
      push(trimmed.slice(space + 1), index + 1);
    }
  });
  return args;
}

/**
 * Drops the spaces after an option that takes no value, as in a `--local ` line, which are easy to
 * leave in a hand-edited file and would otherwise be a stray empty argument. The value of an option
 * that takes one is kept exactly, spaces included.
 */
function withoutTrailingSpaces(
  args: readonly FileArgument[],
  takesValue: (arg: string) => boolean,
): FileArgument[] {
  return args.filter((current, index) => {
    const previous = args[index - 1];
    const isSpaces = current.arg.trim() === '' && previous?.line === current.line;
    return !(isSpaces && previous !== undefined && !takesValue(previous.arg));
  });
}

/**
 * Map from an argument to the first FILE:LINE that contains it, so that an error about the argument
 * can name the place in its argument file.
 */
export type ArgumentOrigins = Map<string, string>;

/**
 * Replaces each `@FILE` argument by the arguments in FILE, recursively; `@-` is standard input.
 * An argument that is the value of the option before it (`-c @home`) stays as it is.
 * `takesValue` returns whether an argument is an option whose value is the next argument. The place
 * where each argument from a file was read is recorded in `origins`.
 */
export function expandArgumentFiles(
  args: readonly string[],
  read: ReadSource,
  takesValue: (arg: string) => boolean,
  origins: ArgumentOrigins = new Map(),
  chain: readonly string[] = [],
): string[] {
  const expanded: string[] = [];
  let isValue = false;
  for (const arg of args) {
    if (isValue || !arg.startsWith('@') || arg.length === 1) {
      expanded.push(arg);
      isValue = !isValue && takesValue(arg);
      continue;
    }
    const name = arg.slice(1);
    if (chain.includes(name)) {
      throw new UsageError(
        `argument file ${name} includes itself (${[...chain, name].join(' -> ')}); remove the loop`,
      );
    }
    const text = readNamedFile(read, name, 'argument file', "'@'");
    const fileName = name === '-' ? 'standard input' : name;
    const fileArgs = withoutTrailingSpaces(parseArgumentLines(text, fileName), takesValue);
    for (const { arg: fileArg, line } of fileArgs) {
      if (!origins.has(fileArg)) {
        origins.set(fileArg, `${fileName}:${line}`);
      }
    }
    const nested = fileArgs.map(({ arg: fileArg }) => fileArg);
    expanded.push(...expandArgumentFiles(nested, read, takesValue, origins, [...chain, name]));
  }
  return expanded;
}

/**
 * Reads a file named on the command line, such as an argument file or a hosts file. Throws UsageError
 * naming the file and the option it came from (`after`) when it cannot be read.
 */
export function readNamedFile(read: ReadSource, name: string, kind: string, after: string): string {
  try {
    return read(name);
  } catch (error) {
    throw new UsageError(
      `cannot read ${kind} ${name}: ${describeFileError(error)}; check the path after ${after}`,
    );
  }
}
