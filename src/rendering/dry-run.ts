import { shellQuote } from '../jobs/job.js';
import type { Job } from '../jobs/job.js';

/** One line per job that would run, in order: the node, a tab, then the command as a shell would read it. */
export function renderDryRunLine(job: Job): string {
  const command = job.command.kind === 'shell' ? job.command.line : shellQuote(job.command.argv);
  return `${job.node.name}\t${command}\n`;
}
