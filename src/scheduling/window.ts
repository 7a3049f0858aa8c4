/** A number of jobs, or a percentage of all the run's jobs, as `-b/--batch` and `--max-failures` take it. */
export type CountOrPercent = { kind: 'count'; count: number } | { kind: 'percent'; percent: number };

/** The `-b/--batch` setting. */
export type WindowSpec = CountOrPercent;

/**
 * Parses a `-b/--batch` value: a whole number ≥ 1, or `N%` with 0 < N ≤ 100.
 * Returns the error message when the value is invalid.
 */
export function parseWindow(text: string): WindowSpec | { error: string } {
  const hint =
    'give a whole number of jobs of at least 1, such as 8, or a percentage of the jobs, such as 25%';
  return parseCountOrPercent(text, 'batch size (-b)', hint);
}

/**
 * Parses a whole number ≥ 1, or `N%` with 0 < N ≤ 100. Returns the error message, which names the
 * setting as `label` and ends with `hint`, when the value is invalid.
 */
export function parseCountOrPercent(
  text: string,
  label: string,
  hint: string,
): CountOrPercent | { error: string } {
  const percentMatch = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percentMatch) {
    const percent = Number(percentMatch[1]);
    if (percent > 0 && percent <= 100) {
      return { kind: 'percent', percent };
    }
    return { error: `invalid ${label} '${text}': a percentage must be above 0% and at most 100%; ${hint}` };
  }
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count >= 1 && Number.isSafeInteger(count)) {
      return { kind: 'count', count };
    }
  }
  return { error: `invalid ${label} '${text}': ${hint}` };
}

/**
 * Number of jobs allowed to run at once for a run of `totalJobs` jobs: never below 1, never above the total.
 * A percentage is rounded up, so that 33% of 3 jobs is 1 job and 1% of 1000 jobs is 10.
 */
export function resolveWindow(spec: WindowSpec | null, totalJobs: number): number {
  const total = Math.max(1, totalJobs);
  if (spec === null) {
    return total;
  }
  if (spec.kind === 'count') {
    return Math.min(spec.count, total);
  }
  // Round the product first so that float error (such as 0.29 * 100) cannot push an exact value up by one.
  const exact = Math.round(spec.percent * total * 1e6) / 1e8;
  return Math.min(total, Math.max(1, Math.ceil(exact)));
}
