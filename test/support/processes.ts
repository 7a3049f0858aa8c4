import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * True while process `pid` runs. A zombie counts as ended: it has exited and waits only for its parent,
 * often init, to reap it.
 */
export function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // The state follows the command name, which is in parentheses and may itself contain spaces.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Extracts the process ids in `text`, one a line, as jobs print them with `echo $$`. */
export function pidsIn(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => /^\d+$/.test(line.trim()))
    .map((line) => Number(line.trim()));
}

/** Counts the lines in file `path`, 0 when it does not exist yet; jobs append a line each as they start. */
export function countLines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/**
 * Waits up to `ms` milliseconds for process `pid` to end; returns whether it ended. A process that got
 * SIGKILL still needs the kernel to schedule its exit, which takes a moment on a loaded machine.
 */
export async function hasEnded(pid: number, ms = 1000): Promise<boolean> {
  for (let waited = 0; waited < ms && isRunning(pid); waited += 20) {
    await sleep(20);
  }
  return !isRunning(pid);
}
