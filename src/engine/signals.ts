import { constants } from 'node:os';

/** Exit status that a POSIX shell reports for a process killed by `signal`: 128 plus its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  const number = constants.signals[signal] as number | undefined;
  return 128 + (number ?? 0);
}

/** Returns the signal whose shell exit status is `code`, or null when `code` names none. */
export function signalFromExitCode(code: number): NodeJS.Signals | null {
  if (code <= 128) {
    return null;
  }
  const signalNumber = code - 128;
  for (const [name, number] of Object.entries(constants.signals)) {
    if (number === signalNumber) {
      return name as NodeJS.Signals;
    }
  }
  return null;
}
