import { Document, isScalar } from 'yaml';

import { displayCommand } from '../jobs/job.js';
import type { JobResult } from '../results/result.js';

// `ignoreBOM` keeps a leading byte order mark in the text: it is part of the output.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Output as YAML shows it: null when empty, a string when it is valid UTF-8, else the bytes themselves,
 * which the yaml package writes as `!!binary` base64 so that no byte is lost.
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

/**
 * Renders one result as a YAML document that starts with `---`. Keys come in alphabetical order, as the
 * original tool printed them: code, command, error, node, signal (only when a signal killed the
 * command), stderr, stdout.
 */
export function renderYamlResult(result: JobResult): string {
  const value: Record<string, unknown> = {
    code: result.code,
    command: displayCommand(result.command),
    error: result.error,
    node: result.node.name,
  };
  if (result.signal) {
    value.signal = result.signal;
  }
  value.stderr = outputValue(result.stderr);
  value.stdout = outputValue(result.stdout);

  const document = new Document(value, { customTags: ['binary'] });
  for (const key of ['stdout', 'stderr']) {
    const node = document.get(key, true);
    // A byte order mark at the start of a block scalar line is dropped by YAML readers; quotes keep it.
    if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\uFEFF')) {
      node.type = 'QUOTE_DOUBLE';
    }
  }
  // `binary` makes Uint8Array values `!!binary`. A line width this large never folds a line, which keeps
  // long output lines whole and easy to grep; 0 would mean the same but breaks the binary writer.
  return `---\n${document.toString({ lineWidth: Number.MAX_SAFE_INTEGER, minContentWidth: 0 })}`;
}
