import { constants } from 'node:os';

/** Exit status that a POSIX shell reports for a process killed by `signal`: 128 plus its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  const number = constants.signals[signal] as number | undefined;
  return 128 + (number ?? 0);
}

/** The signal whose shell exit status is `code`, when `code` is above 128 and names one. */
export function signalFromExitCode(code: number): NodeJS.Signals | null {
  if (code <= 128) {
    return null;
  }
  const wanted = code - 128;
  for (const [name, number] of Object.entries(constants.signals)) {
    if (number === wanted) {
      return name as NodeJS.Signals;
    }
  }
  return null;
}
