import { foldNames } from '../nodes/fold.js';
import type { JobResult, JobStatus, RunSummary } from '../results/result.js';
import { paintFailure } from './color.js';

/** Labels of the nodes whose jobs ended with each status other than success. */
export type NodesByStatus = Partial<Record<JobStatus, string[]>>;

const WORDS: Array<[JobStatus, string]> = [
  ['failed', 'failed'],
  ['error', 'could not reach their node'],
  ['timed-out', 'timed out'],
  ['interrupted', 'interrupted'],
  ['not-started', 'not started'],
];

/** Adds a finished job's node label under its status, for the summary. */
export function recordStatus(nodes: NodesByStatus, result: JobResult, label: string): void {
  if (result.status !== 'succeeded') {
    (nodes[result.status] ??= []).push(label);
  }
}

/**
 * The summary printed on stderr at the end, such as
 * `cooperate: 50 jobs in 3.2 s: 47 succeeded, 2 failed, 1 could not reach their node, 0 timed out`,
 * then one line per kind of failure with its nodes folded into ranges.
 */
export function renderSummary(summary: RunSummary, nodes: NodesByStatus, color: boolean): string {
  const { counts } = summary;
  const parts = [`${counts.succeeded} succeeded`, `${counts.failed} failed`];
  parts.push(`${counts.error} could not reach their node`, `${counts['timed-out']} timed out`);
  for (const status of ['interrupted', 'not-started'] as const) {
    if (counts[status] > 0) {
      parts.push(`${counts[status]} ${status === 'interrupted' ? 'interrupted' : 'not started'}`);
    }
  }
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const jobs = summary.total === 1 ? '1 job' : `${summary.total} jobs`;
  const lines = [`cooperate: ${jobs} in ${seconds} s: ${parts.join(', ')}`];
  for (const [status, words] of WORDS) {
    const labels = nodes[status];
    if (labels && labels.length > 0) {
      lines.push(paintFailure(`cooperate: ${words}: ${foldNames(labels)}`, color));
    }
  }
  return `${lines.join('\n')}\n`;
}
