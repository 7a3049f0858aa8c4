import type { ColorMode } from '../rendering/color.js';
import type { ViewName } from '../rendering/view.js';
import type { RawOptions } from './program.js';
import { UsageError } from './usage-error.js';

/** How the run's results are shown and kept. */
export interface OutputRequest {
  view: ViewName;
  /** False with `--no-prefix`. */
  prefix: boolean;
  resultsDir: string | null;
  color: ColorMode;
  quiet: boolean;
  /** True with `--summary`: print the summary even when stderr is not a terminal. */
  summary: boolean;
  /** Bytes kept of each stream of each job, or null for all of them. */
  maxOutputBytes: number | null;
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parses a byte count such as `4096`, `64K`, `10M` or `1G` (powers of 1024). */
export function parseByteCount(text: string): number {
  const match = /^(\d+)([KMG]?)$/i.exec(text);
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? Number.NaN) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(
      `invalid --max-output '${text}': give a number of bytes above 0, such as 4096, 64K, 10M or 1G`,
    );
  }
  return bytes;
}

/** Checks the output options and fills in what they imply: `--no-prefix` alone selects the raw view. */
export function parseOutputOptions(raw: RawOptions, outputGiven: boolean): OutputRequest {
  let view = (raw.output ?? 'yaml') as ViewName;
  const prefix = raw.prefix !== false;
  if (!prefix && !outputGiven) {
    view = 'raw';
  } else if (!prefix && view !== 'lines' && view !== 'raw') {
    throw new UsageError(`--no-prefix does not apply to -o ${view}; use it with -o lines or -o raw`);
  }
  if (raw.results === '') {
    throw new UsageError('invalid --results: the directory name is empty; give a directory such as ./out');
  }
  return {
    view,
    prefix,
    resultsDir: raw.results ?? null,
    color: (raw.color ?? 'auto') as ColorMode,
    quiet: raw.quiet === true,
    summary: raw.summary === true,
    maxOutputBytes: raw.maxOutput === undefined ? null : parseByteCount(raw.maxOutput),
  };
}
