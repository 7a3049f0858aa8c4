import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ToolRun } from './scenario.js';

/** One timed run of one command. */
export interface Sample {
  wallSeconds: number;
  /** User plus system CPU time of the command and every child it waited for, from GNU time. */
  cpuSeconds: number;
  /**
   * Largest resident set size of any single process in the tree, in megabytes. GNU time reports
   * the ru_maxrss that wait4 returns, which is a maximum over processes, not a sum.
   */
  peakMegabytes: number;
  /** Null when the run succeeded, else why it did not count. */
  failure: string | null;
}

const TIME_FORMAT = '%U %S %M';

/** Process groups of the commands being measured, so that an interrupted benchmark can stop them. */
const activeGroups = new Set<number>();

/** Sends SIGKILL to every command being measured, with whatever it started. */
export function killActiveRuns(): void {
  for (const group of activeGroups) {
    killGroup(group);
  }
}

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // The group has already ended.
  }
}

/**
 * Runs `run` under GNU time (/usr/bin/time) and measures it. Wall time is taken here around the whole
 * child, so it includes GNU time's own fork and exec, the same for every tool. Output goes to files in
 * `workDir`, so that writing it costs the command what writing to a file costs.
 */
export function measure(run: ToolRun, workDir: string, limitSeconds: number): Promise<Sample> {
  const timeFile = join(workDir, 'time.txt');
  const stdoutFile = join(workDir, 'stdout.txt');
  const stderrFile = join(workDir, 'stderr.txt');
  const stdin = openSync(run.stdinFile ?? '/dev/null', 'r');
  const stdout = openSync(stdoutFile, 'w');
  const stderr = openSync(stderrFile, 'w');

  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', TIME_FORMAT, '-o', timeFile, ...run.argv], {
    env: { ...process.env, ...run.env },
    stdio: [stdin, stdout, stderr],
    // A process group of its own, so that a run past its time limit is stopped with everything it started.
    detached: true,
  });
  closeSync(stdin);
  closeSync(stdout);
  closeSync(stderr);
  const group = child.pid;
  if (group !== undefined) {
    activeGroups.add(group);
  }

  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (group !== undefined) {
        killGroup(group);
      }
    }, limitSeconds * 1000);

    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        wallSeconds: 0,
        cpuSeconds: 0,
        peakMegabytes: 0,
        failure: `could not start: ${error.message}`,
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (group !== undefined) {
        activeGroups.delete(group);
      }
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const usage = readUsage(timeFile);
      let failure: string | null = null;
      if (timedOut) {
        failure = `timed out after ${limitSeconds} s`;
      } else if (code !== 0) {
        failure = `exit status ${code}: ${firstLine(readFileSync(stderrFile, 'utf8'))}`;
      } else if (run.checkFile) {
        failure = run.checkFile(stdoutFile);
      } else if (run.check) {
        failure = run.check(readFileSync(stdoutFile, 'utf8'));
      }
      resolve({ wallSeconds, ...usage, failure });
    });
  });
}

/** Reads the last line that GNU time wrote; a line before it may report that the command failed. */
function readUsage(file: string): { cpuSeconds: number; peakMegabytes: number } {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    return { cpuSeconds: 0, peakMegabytes: 0 };
  }
  const [user = 0, system = 0, maxRssKilobytes = 0] = (lines.at(-1) ?? '').split(' ').map(Number);
  return { cpuSeconds: user + system, peakMegabytes: maxRssKilobytes / 1024 };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}
