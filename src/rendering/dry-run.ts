import { shellQuote } from '../jobs/job.js';
import type { Job } from '../jobs/job.js';

/**
 * Renders one line per job that would run: the node, a tab, then the command as a shell would read it.
 * A command that contains a line break or a tab is written as a JSON string, so that it stays one line,
 * and so is one that starts with a double quote, so that no command reads like such a string.
 */
export function renderDryRunLine(job: Job): string {
  const command = job.command.kind === 'shell' ? job.command.line : shellQuote(job.command.argv);
  const oneLine = /[\n\r\t]/.test(command) || command.startsWith('"') ? JSON.stringify(command) : command;
  return `${job.node.label}\t${oneLine}\n`;
}
