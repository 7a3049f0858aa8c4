import { isUtf8 as isUtf8Buffer } from 'node:buffer';

import { displayCommand } from '../jobs/job.js';
import type { CapturedOutput } from '../results/output.js';
import type { AttemptResult, JobResult, RunEvent } from '../results/result.js';
import { cutKeys } from './job-end.js';
import type { Sink } from './sink.js';
import { writeBase64, writeJsonStringBody } from './stream-encoding.js';
import type { View } from './view.js';

/**
 * Writes one result as one line of JSON. Keys: attempts (only with --retries), code, command, duration
 * (seconds), error, kind (of node), node, previous_attempts (only with --all-attempts), signal, started
 * (ISO 8601, null when the job never started), status, and `cut` when `--max-output` dropped bytes; then
 * stderr and stdout last, so they can be streamed. Output that is
 * valid UTF-8 is a string; other output is `{"base64": "..."}`; no output is null.
 */
export async function writeJsonResult(result: JobResult, sink: Sink): Promise<void> {
  const head: Record<string, unknown> = {
    ...(result.attempts !== undefined ? { attempts: result.attempts } : {}),
    code: result.code,
    command: displayCommand(result.command),
    duration: result.durationMs / 1000,
    error: result.error,
    kind: result.node.kind,
    node: result.node.label,
    ...(result.previousAttempts !== undefined
      ? { previous_attempts: result.previousAttempts.map(attemptValue) }
      : {}),
    signal: result.signal,
    started: result.started?.toISOString() ?? null,
    status: result.status,
    ...cutKeys(result),
  };
  await sink.write(JSON.stringify(head).slice(0, -1));
  await sink.write(',"stderr":');
  await writeJsonOutput(result.stderr, sink);
  await sink.write(',"stdout":');
  await writeJsonOutput(result.stdout, sink);
  await sink.write('}\n');
}

/** Converts an earlier attempt to its JSON value, with its output in memory as text or base64. */
function attemptValue(attempt: AttemptResult): Record<string, unknown> {
  return {
    code: attempt.code,
    error: attempt.error,
    node: attempt.node.label,
    signal: attempt.signal,
    stderr: outputJsonValue(attempt.stderr.toBuffer()),
    stdout: outputJsonValue(attempt.stdout.toBuffer()),
  };
}

function outputJsonValue(bytes: Buffer): string | { base64: string } | null {
  if (bytes.length === 0) {
    return null;
  }
  return isUtf8Buffer(bytes) ? bytes.toString('utf8') : { base64: bytes.toString('base64') };
}

async function writeJsonOutput(output: CapturedOutput, sink: Sink): Promise<void> {
  if (output.byteLength === 0) {
    await sink.write('null');
    return;
  }
  const isUtf8 = output.textProfile?.isUtf8 ?? isUtf8Buffer(output.toBuffer());
  if (isUtf8) {
    await sink.write('"');
    await writeJsonStringBody(output, sink);
    await sink.write('"');
    return;
  }
  await sink.write('{"base64":"');
  await writeBase64(output, sink, null);
  await sink.write('"}');
}

/** JSON lines: one object per job, written as the job ends, for `jq` and other programs. */
export function createJsonView(sink: Sink): View {
  return {
    async handle(event: RunEvent) {
      if (event.kind === 'job-finished') {
        await writeJsonResult(event.result, sink);
      }
    },
  };
}
