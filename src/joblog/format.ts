import { shellQuote, type Command } from '../jobs/job.js';
import type { JobResult } from '../results/result.js';

/**
 * Columns of the job log, after GNU parallel's --joblog: sequence number from 1, node, start time in
 * seconds since the Unix epoch, run time in seconds, exit status, signal name, error and command.
 */
export const JOB_LOG_HEADER = 'Seq\tNode\tStarttime\tJobRuntime\tExitval\tSignal\tError\tCommand';

/** One line of the job log; null fields are written as empty ones. */
export interface JobLogEntry {
  /** Position of the job in the run, from 1. */
  seq: number;
  node: string;
  /** Seconds since the Unix epoch, with milliseconds. */
  startTime: number;
  /** Seconds, with milliseconds. */
  runtime: number;
  code: number | null;
  signal: string | null;
  error: string | null;
  /** The command as a shell reads it: a `-c` line as given, an argument vector quoted. */
  command: string;
}

/** Formats the command as the job log writes it, which is what resuming compares with the run's own commands. */
export function commandText(command: Command): string {
  return command.kind === 'shell' ? command.line : shellQuote(command.argv);
}

/**
 * True for a result that the job log records: a job that ended by itself, failures and its own timeout
 * (--job-timeout) included. A job stopped by a signal, by `--fail-fast=now` or by the run's time limit
 * (-t), or never started, did not finish, so a resumed run starts it again.
 */
export function isFinished(result: JobResult): boolean {
  return (
    result.status !== 'interrupted' && result.status !== 'not-started' && result.cutByRunTimeout !== true
  );
}

/** True for an entry of a job that failed: a non-zero exit status, or an error such as a timeout. */
export function isFailedEntry(entry: JobLogEntry): boolean {
  return entry.code !== 0 || entry.error !== null;
}

export function toJobLogEntry(result: JobResult): JobLogEntry {
  return {
    seq: result.seq + 1,
    node: result.node.name,
    startTime: (result.started?.getTime() ?? 0) / 1000,
    runtime: result.durationMs / 1000,
    code: result.code,
    signal: result.signal,
    error: result.error,
    command: commandText(result.command),
  };
}

/** Formats one entry as a line, newline included; tabs, newlines and backslashes in a field are escaped. */
export function formatJobLogLine(entry: JobLogEntry): string {
  const fields = [
    String(entry.seq),
    escapeField(entry.node),
    entry.startTime.toFixed(3),
    entry.runtime.toFixed(3),
    entry.code === null ? '' : String(entry.code),
    entry.signal ?? '',
    escapeField(entry.error ?? ''),
    escapeField(entry.command),
  ];
  return `${fields.join('\t')}\n`;
}

/** Parses one line, without its newline. Returns a message that describes the problem when the line is invalid. */
export function parseJobLogLine(line: string): JobLogEntry | { invalid: string } {
  const fields = line.split('\t');
  if (fields.length !== 8) {
    return { invalid: `expected 8 tab-separated fields, found ${fields.length}` };
  }
  const [seq, node, startTime, runtime, code, signal, error, command] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^[1-9]\d*$/.test(seq)) {
    return { invalid: `invalid sequence number '${seq}'` };
  }
  if (code !== '' && !/^\d+$/.test(code)) {
    return { invalid: `invalid exit status '${code}'` };
  }
  const numbers = [Number(startTime), Number(runtime)];
  if (numbers.some((value) => !Number.isFinite(value))) {
    return { invalid: `invalid start time '${startTime}' or run time '${runtime}'` };
  }
  return {
    seq: Number(seq),
    node: unescapeField(node),
    startTime: Number(startTime),
    runtime: Number(runtime),
    code: code === '' ? null : Number(code),
    signal: signal === '' ? null : signal,
    error: error === '' ? null : unescapeField(error),
    command: unescapeField(command),
  };
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** Escapes a field so that it contains no tab or line break. */
export function escapeField(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] ?? char);
}

export function unescapeField(text: string): string {
  return text.replace(/\\(.)/gs, (whole, char: string) => UNESCAPES[char] ?? whole);
}
