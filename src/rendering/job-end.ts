import type { JobResult } from '../results/result.js';

/** Describes in one line why a job did not succeed, such as `exit code 3`; null when it succeeded. */
export function describeJobEnd(result: JobResult): string | null {
  if (result.error !== null) {
    return result.error;
  }
  if (result.signal !== null) {
    return `killed by ${result.signal} (exit code ${result.code ?? 'unknown'})`;
  }
  if (result.code !== 0) {
    return `exit code ${result.code ?? 'unknown'}`;
  }
  return null;
}

/** Describes each stream that `--max-output` cut, in one line: where, and how many bytes were dropped. */
export function describeCuts(result: JobResult): string[] {
  const lines: string[] = [];
  for (const [name, output] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    if (output.droppedBytes > 0) {
      lines.push(
        `${name} cut after ${output.byteLength} bytes (--max-output): ${output.droppedBytes} bytes dropped`,
      );
    }
  }
  return lines;
}

/** Builds the `cut` key of the YAML and JSON views: where `--max-output` cut each stream; empty when nothing was. */
export function cutKeys(result: JobResult): { cut?: Record<string, { kept: number; dropped: number }> } {
  if (result.stderr.droppedBytes === 0 && result.stdout.droppedBytes === 0) {
    return {};
  }
  const cut: Record<string, { kept: number; dropped: number }> = {};
  for (const [name, output] of [
    ['stderr', result.stderr],
    ['stdout', result.stdout],
  ] as const) {
    if (output.droppedBytes > 0) {
      cut[name] = { kept: output.byteLength, dropped: output.droppedBytes };
    }
  }
  return Object.keys(cut).length > 0 ? { cut } : {};
}
