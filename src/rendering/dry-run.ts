import { displayCommand, shellQuote } from '../jobs/job.js';
import type { Job } from '../jobs/job.js';

/**
 * Renders one line per job that would run: the node, a tab, then the command as a shell would read it.
 * A command that contains a line break or a tab is written as a JSON string, so that it stays one line.
 * A command that starts with a double quote is written as one too, so that it cannot pass for such a
 * string.
 */
export function renderDryRunLine(job: Job): string {
  const command = job.command.kind === 'shell' ? job.command.line : shellQuote(job.command.argv);
  const oneLine = /[\n\r\t]/.test(command) || command.startsWith('"') ? JSON.stringify(command) : command;
  return `${job.node.label}\t${oneLine}\n`;
}

/**
 * Renders one job that would run as a line of JSON, for `--dry-run -o json`: its number from 1, the
 * kind and label of its node, and the command as the json view writes it.
 */
export function renderDryRunJson(job: Job): string {
  const line = {
    seq: job.seq + 1,
    kind: job.node.kind,
    node: job.node.label,
    command: displayCommand(job.command),
  };
  return `${JSON.stringify(line)}\n`;
}
