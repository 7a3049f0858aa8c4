import { readFileSync } from 'node:fs';

import type { Job } from '../jobs/job.js';
import type { Mode } from '../scheduling/queue.js';
import { commandText, isFailedEntry, JOB_LOG_HEADER, parseJobLogLine, type JobLogEntry } from './format.js';

/**
 * Reads the entries of job log `path`; an absent file is an empty log, so that the same command with
 * --resume can start a run and continue it. Throws an Error naming FILE:LINE for an invalid line.
 */
export function readJobLog(path: string): JobLogEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw new Error(`cannot read job log ${path}: ${(error as Error).message}`);
  }
  const lines = text.split('\n');
  if (lines[0] !== JOB_LOG_HEADER) {
    throw new Error(
      `${path} is not a cooperate job log: its first line is not the header '${JOB_LOG_HEADER}'`,
    );
  }
  const entries: JobLogEntry[] = [];
  // A last line without its newline is one that a crash cut short, so it is left out.
  for (let index = 1; index < lines.length - 1; index++) {
    const parsed = parseJobLogLine(lines[index] ?? '');
    if ('invalid' in parsed) {
      throw new Error(`invalid line in job log ${path}:${index + 1}: ${parsed.invalid}`);
    }
    entries.push(parsed);
  }
  return entries;
}

/**
 * Sequence numbers (from 0, as jobs have them) of the jobs that a resumed run skips: those that the log
 * shows as finished, or with `rerunFailed` only those that succeeded. When a job has several lines, as
 * after an earlier resumed run, the last one counts. Throws an Error when the log does not belong to this
 * run: another command, or in `all` mode another node, at the same position.
 */
export function jobsToSkip(
  entries: readonly JobLogEntry[],
  plannedJobs: readonly Job[],
  mode: Mode,
  rerunFailed: boolean,
  path: string,
): Set<number> {
  const last = new Map<number, JobLogEntry>();
  for (const entry of entries) {
    const job = plannedJobs[entry.seq - 1];
    if (job === undefined) {
      throw new Error(
        `job log ${path} has job ${entry.seq}, but this run has ${plannedJobs.length === 1 ? '1 job' : `${plannedJobs.length} jobs`}; ` +
          'resume with the same nodes and commands as the logged run',
      );
    }
    const command = commandText(job.command);
    if (entry.command !== command || (mode === 'all' && entry.node !== job.node.label)) {
      throw new Error(
        `job log ${path} does not match this run: its job ${entry.seq} is ${JSON.stringify(entry.command)} ` +
          `on ${entry.node}, this run's is ${JSON.stringify(command)} on ${job.node.label}; ` +
          'resume with the same nodes, commands and mode as the logged run',
      );
    }
    last.set(entry.seq - 1, entry);
  }
  const skip = new Set<number>();
  for (const [seq, entry] of last) {
    if (!rerunFailed || !isFailedEntry(entry)) {
      skip.add(seq);
    }
  }
  return skip;
}
