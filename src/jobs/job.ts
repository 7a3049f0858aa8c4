import type { NodeSpec } from '../nodes/node.js';

/**
 * A command as the user gave it: a shell command line (`-c`), run by `sh -c` on the node,
 * or an argument vector (after `--`), which reaches the program with exactly these bytes.
 */
export type Command = { kind: 'shell'; line: string } | { kind: 'argv'; argv: string[] };

/** One command on one node: the unit that the window schedules and that gets one result. */
export interface Job {
  /** Order of the job in the run, from 0; results may arrive in another order. */
  seq: number;
  command: Command;
  node: NodeSpec;
}

/** The command in the form that results show: the string for `-c`, the list of words for `--`. */
export function displayCommand(command: Command): string | string[] {
  return command.kind === 'shell' ? command.line : [...command.argv];
}

/** Quotes an argument vector for a POSIX shell, so that `sh -c` gets exactly these words back. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) {
    return word;
  }
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
