import { displayCommand } from '../jobs/job.js';
import type { CapturedOutput } from '../results/output.js';
import type { AttemptResult, JobResult, RunEvent } from '../results/result.js';
import { renderFlatMap } from './flat-yaml.js';
import { cutKeys } from './job-end.js';
import type { Sink } from './sink.js';
import {
  base64Lines,
  jsonStringBody,
  writeBase64,
  writeJsonStringBody,
  writeLiteralBlockBody,
} from './stream-encoding.js';
import type { View } from './view.js';
import { yamlPackage } from './yaml-package.js';

// `ignoreBOM` keeps a leading byte order mark in the text: it is part of the output.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Output as YAML shows it: null when empty, a string when it is valid UTF-8, else the bytes themselves,
 * which are written as `!!binary` base64 so that no byte is lost.
 */
export function outputValue(bytes: Buffer): string | Uint8Array | null {
  if (bytes.length === 0) {
    return null;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // A copy, because the yaml package encodes the whole underlying ArrayBuffer of a view.
    return new Uint8Array(bytes);
  }
}

function toYaml(value: Record<string, unknown>): string {
  // Most results contain only short plain values, which are written by hand for speed, exactly as the
  // yaml package would write them. No line width keeps long lines whole and easy to grep.
  return (
    renderFlatMap(value) ?? new (yamlPackage().Document)(value).toString({ lineWidth: 0, minContentWidth: 0 })
  );
}

/**
 * Renders one output key. Bytes that are not UTF-8 are written here as `!!binary` rather than by the yaml
 * package, whose base64 writer fails when the line width is unlimited.
 */
function renderOutputKey(key: string, bytes: Buffer): string {
  const value = outputValue(bytes);
  if (value instanceof Uint8Array) {
    return `${key}: !!binary |\n${base64Lines(bytes, '  ')}`;
  }
  // The yaml package (2.x) reads a line of only spaces in its own block scalars back as an empty line.
  // A byte order mark is quoted as a precaution, because YAML 1.2 gives it a meaning at a document start.
  if (value !== null && (value.includes('\uFEFF') || /(^|\n)[ \t]+(\n|$)/.test(value))) {
    return `${key}: "${jsonStringBody(value)}"\n`;
  }
  return toYaml({ [key]: value });
}

/**
 * Picks the keys before the output, in the alphabetical order that the original tool printed:
 * attempts (only with --retries), code, command, error, node, previous_attempts (only with
 * --all-attempts), signal (only when a signal killed the command).
 */
function headKeys(result: JobResult): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  if (result.attempts !== undefined) {
    value.attempts = result.attempts;
  }
  Object.assign(value, {
    code: result.code,
    command: displayCommand(result.command),
    error: result.error,
    node: result.node.label,
  });
  if (result.previousAttempts !== undefined) {
    value.previous_attempts = result.previousAttempts.map(attemptValue);
  }
  if (result.signal) {
    value.signal = result.signal;
  }
  return value;
}

/** Converts an earlier attempt to the value that YAML shows, with the same keys as a result, in the same order. */
function attemptValue(attempt: AttemptResult): Record<string, unknown> {
  const value: Record<string, unknown> = {
    code: attempt.code,
    error: attempt.error,
    node: attempt.node.label,
  };
  if (attempt.signal) {
    value.signal = attempt.signal;
  }
  value.stderr = outputValue(attempt.stderr.toBuffer());
  value.stdout = outputValue(attempt.stdout.toBuffer());
  return value;
}

/**
 * Renders one result whose output is in memory as a YAML document that starts with `---`. Keys: code,
 * command, error, node, signal (only when a signal killed the command), stderr, stdout, and `cut` only
 * when `--max-output` dropped bytes.
 */
export function renderYamlResult(result: JobResult): string {
  const cut = cutKeys(result);
  return [
    '---\n',
    toYaml(headKeys(result)),
    renderOutputKey('stderr', result.stderr.toBuffer()),
    renderOutputKey('stdout', result.stdout.toBuffer()),
    cut.cut ? toYaml(cut) : '',
  ].join('');
}

/**
 * Writes one result as a YAML document. Output in memory goes through the yaml package. Output that
 * spilled to disk is streamed as a literal block, a double-quoted string or `!!binary`, whichever
 * carries its bytes exactly, so that a result of any size is written in bounded memory.
 */
export async function writeYamlResult(result: JobResult, sink: Sink): Promise<void> {
  if (!result.stdout.isSpilled && !result.stderr.isSpilled) {
    await sink.write(renderYamlResult(result));
    return;
  }
  await sink.write(`---\n${toYaml(headKeys(result))}`);
  await writeYamlOutput('stderr', result.stderr, sink);
  await writeYamlOutput('stdout', result.stdout, sink);
  const cut = cutKeys(result);
  if (cut.cut) {
    await sink.write(toYaml(cut));
  }
}

async function writeYamlOutput(key: string, output: CapturedOutput, sink: Sink): Promise<void> {
  const profile = output.textProfile;
  if (profile === null) {
    await sink.write(renderOutputKey(key, output.toBuffer()));
    return;
  }
  if (profile.isBlockSafe) {
    // An explicit indentation indicator keeps a first line that starts with spaces exact.
    // Chomping: `-` strips the final line feed, none keeps one, `+` keeps them all.
    let chomping = '+';
    if (profile.trailingNewlines === 0) {
      chomping = '-';
    } else if (profile.trailingNewlines === 1) {
      chomping = '';
    }
    await sink.write(`${key}: |2${chomping}\n`);
    await writeLiteralBlockBody(output, sink, '  ');
    return;
  }
  if (profile.isUtf8) {
    // A JSON string is a valid YAML double-quoted scalar, and JSON.stringify escapes every control character.
    await sink.write(`${key}: "`);
    await writeJsonStringBody(output, sink);
    await sink.write('"\n');
    return;
  }
  await sink.write(`${key}: !!binary |\n`);
  await writeBase64(output, sink, '  ');
}

/** Creates the default view: one YAML document per job, written as the job ends. */
export function createYamlView(sink: Sink): View {
  return {
    async handle(event: RunEvent) {
      if (event.kind === 'job-finished') {
        await writeYamlResult(event.result, sink);
      }
    },
  };
}
