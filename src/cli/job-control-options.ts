import { Option, type Command as Program } from 'commander';

import type { FailureLimit } from '../run/policy/failure-limit.js';
import type { JobControlOptions } from '../run/policy/from-options.js';
import { parseCountOrPercent } from '../scheduling/window.js';
import { parseTimeout } from './parse.js';
import { UsageError } from './usage-error.js';

/** The job-control options as commander stores them. */
export interface JobControlRawOptions {
  jobTimeout?: string;
  retries?: string;
  allAttempts?: boolean;
  failFast?: 'soon' | 'now';
  maxFailures?: string;
  perNode?: string;
  joblog?: string;
  resume?: string;
  resumeFailed?: string;
}

/** The job-control part of a valid command line. */
export interface JobControlRequest extends JobControlOptions {
  /** File that gets one line per finished job, or null for none. */
  jobLog: string | null;
  /** Job log whose finished jobs are skipped; with `rerunFailed`, its failed jobs run again. */
  resume: { file: string; rerunFailed: boolean } | null;
}

/** Adds the job-control options to the command-line definition, under their own heading. */
export function addJobControlOptions(program: Program): void {
  program.optionsGroup('Job control:');
  program
    .option(
      '--job-timeout <seconds>',
      'stop any job that runs longer than this many seconds, decimals allowed; its result says it timed out (default: none)',
    )
    .option(
      '--retries <count>',
      'run a failed job again, up to this many more times; in distribute mode on another node when one has room (default: 0)',
    )
    .option('--all-attempts', "with --retries, report every attempt's output, not only the last one's")
    .addOption(
      new Option(
        '--fail-fast [when]',
        'stop starting jobs after the first failed job (or after --max-failures); running jobs finish, or with --fail-fast=now are stopped',
      )
        .choices(['soon', 'now'])
        .preset('soon'),
    )
    .option(
      '--max-failures <limit>',
      'stop starting jobs once this many jobs failed: a number, or N% of all jobs rounded up (default: no limit)',
    )
    .option('--per-node <count>', 'jobs running at once on any one node, beside -b (default: no limit)')
    .option('--joblog <file>', 'append one tab-separated line to FILE as each job finishes')
    .option(
      '--resume <file>',
      'skip the jobs that job log FILE shows as finished; new lines go to FILE unless --joblog is given',
    )
    .option('--resume-failed <file>', 'like --resume, but also run again the jobs that FILE shows as failed');
}

/** Checks the job-control options; throws UsageError naming the bad value. */
export function parseJobControl(raw: JobControlRawOptions): JobControlRequest {
  const retries = raw.retries === undefined ? 0 : parseCount(raw.retries, '--retries', 0);
  if (raw.allAttempts === true && retries === 0) {
    throw new UsageError(
      '--all-attempts needs --retries N with N of 1 or more; add --retries or drop --all-attempts',
    );
  }
  if (raw.resume !== undefined && raw.resumeFailed !== undefined) {
    throw new UsageError('both --resume and --resume-failed were given; give one of them');
  }
  const resumeFile = raw.resume ?? raw.resumeFailed;
  const resume =
    resumeFile === undefined ? null : { file: resumeFile, rerunFailed: raw.resumeFailed !== undefined };
  return {
    jobTimeoutSeconds: raw.jobTimeout === undefined ? null : parseTimeout(raw.jobTimeout, '--job-timeout'),
    retries,
    keepAllAttempts: raw.allAttempts === true,
    maxFailures: parseMaxFailures(raw),
    perNodeLimit: raw.perNode === undefined ? null : parseCount(raw.perNode, '--per-node', 1),
    jobLog: raw.joblog ?? resume?.file ?? null,
    resume,
  };
}

function parseMaxFailures(raw: JobControlRawOptions): JobControlOptions['maxFailures'] {
  if (raw.maxFailures === undefined && raw.failFast === undefined) {
    return null;
  }
  const stopRunning = raw.failFast === 'now';
  const failFast = raw.failFast === 'now' ? '--fail-fast=now' : '--fail-fast';
  if (raw.maxFailures === undefined) {
    return { limit: { kind: 'count', count: 1 }, stopRunning, setting: failFast };
  }
  const limit = parseFailureLimit(raw.maxFailures);
  const setting = `--max-failures ${raw.maxFailures}` + (stopRunning ? ` with ${failFast}` : '');
  return { limit, stopRunning, setting };
}

/** Parses a `--max-failures` value: a whole number of at least 1, or `N%` with 0 < N ≤ 100. */
export function parseFailureLimit(text: string): FailureLimit {
  const hint =
    'give a whole number of failed jobs of at least 1, such as 3, or a percentage of the jobs, such as 10%';
  const limit = parseCountOrPercent(text, '--max-failures', hint);
  if ('error' in limit) {
    throw new UsageError(limit.error);
  }
  return limit;
}

/** Parses a whole number of at least `min`. */
export function parseCount(text: string, option: string, min: number): number {
  const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < min) {
    throw new UsageError(
      `invalid ${option} '${text}': give a whole number of ${min} or more, such as ${min + 2}`,
    );
  }
  return count;
}
