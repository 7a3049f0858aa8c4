import { constants } from 'node:os';

import { shellQuote, type Command } from '../jobs/job.js';
import type { JobResult } from '../results/result.js';

/**
 * Columns of the job log. The first eight are those of GNU parallel's --joblog, so that scripts written
 * for it read the same columns. They are the sequence number from 1, the node, the start time in
 * seconds since the Unix epoch, the run time in seconds, the bytes sent to the job's stdin and received
 * from its stdout, the exit status and the signal number. cooperate adds the error before the command,
 * which stays last.
 */
export const JOB_LOG_HEADER =
  'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tError\tCommand';
const FIELD_COUNT = 10;

/** One line of the job log; null fields are written as empty ones. */
export interface JobLogEntry {
  /** Position of the job in the run, from 1. */
  seq: number;
  node: string;
  /** Seconds since the Unix epoch, with milliseconds. */
  startTime: number;
  /** Seconds, with milliseconds. */
  runtime: number;
  /** Bytes given to the job's standard input. */
  sent: number;
  /** Bytes that the job printed on its standard output, those past --max-output included. */
  received: number;
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

/** Builds the entry of a result; `sent` is the size of the run's standard input that each job got. */
export function toJobLogEntry(result: JobResult, sent: number): JobLogEntry {
  return {
    seq: result.seq + 1,
    node: result.node.label,
    startTime: (result.started?.getTime() ?? 0) / 1000,
    runtime: result.durationMs / 1000,
    sent: result.started === null ? 0 : sent,
    received: result.stdout.byteLength + result.stdout.droppedBytes,
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
    String(entry.sent),
    String(entry.received),
    entry.code === null ? '' : String(entry.code),
    String(entry.signal === null ? 0 : (constants.signals[entry.signal as NodeJS.Signals] ?? 0)),
    escapeField(entry.error ?? ''),
    escapeField(entry.command),
  ];
  return `${fields.join('\t')}\n`;
}

/** Parses one line, without its newline. Returns a message that describes the problem when the line is invalid. */
export function parseJobLogLine(line: string): JobLogEntry | { invalid: string } {
  const fields = line.split('\t');
  if (fields.length !== FIELD_COUNT) {
    return { invalid: `expected ${FIELD_COUNT} tab-separated fields, found ${fields.length}` };
  }
  const [seq, node, startTime, runtime, sent, received, code, signal, error, command] = fields as [
    string,
    string,
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
  if (![sent, received, signal].every((field) => /^\d+$/.test(field))) {
    return { invalid: `invalid byte counts '${sent}' and '${received}' or signal number '${signal}'` };
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
    sent: Number(sent),
    received: Number(received),
    code: code === '' ? null : Number(code),
    signal: signalName(Number(signal)),
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

/** Returns the name of signal number `number`, such as SIGTERM for 15, or null for 0 or an unknown one. */
function signalName(number: number): string | null {
  const entry = Object.entries(constants.signals).find(([, value]) => value === number);
  return number === 0 || entry === undefined ? null : entry[0];
}
