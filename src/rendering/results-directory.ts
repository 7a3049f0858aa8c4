import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { displayCommand, type Job } from '../jobs/job.js';
import type { JobResult, RunEvent } from '../results/result.js';
import { writeAll } from '../results/write-all.js';
import { yamlPackage } from './yaml-package.js';

/** Open files of a running job. */
interface JobFiles {
  stdout: number;
  stderr: number;
}

/**
 * Writes each job's output under DIR/NODE/ as it arrives, as GNU parallel's `--results` and pssh's
 * `-o`/`-e` do: `stdout`, `stderr`, and a `status` file in YAML once the job ends. When the run has
 * several commands, each job gets its own folder DIR/NODE/N/, N being the job's number from 1 in the
 * order that `--dry-run` lists. Existing files of the same names are replaced.
 */
export class ResultsDirectory {
  private perJob = false;
  private readonly open = new Map<number, JobFiles>();

  constructor(private readonly root: string) {}

  handle(event: RunEvent, commandCount: number): void {
    if (event.kind === 'run-started') {
      this.perJob = commandCount > 1;
    } else if (event.kind === 'job-started') {
      this.openJob(event.job);
    } else if (event.kind === 'output') {
      const files = this.open.get(event.job.seq);
      if (files) {
        writeAll(files[event.stream], event.chunk);
      }
    } else if (event.kind === 'job-finished') {
      this.finishJob(event.result);
    }
  }

  private folderOf(job: Pick<Job, 'seq' | 'node'>): string {
    const node = job.node.label;
    // A name such as `user@host:22` or `..` must stay one folder inside the root.
    const safe = node.replaceAll('/', '_').replace(/^\.\.?$/, (dots) => dots.replaceAll('.', '_'));
    return this.perJob ? join(this.root, safe, String(job.seq + 1)) : join(this.root, safe);
  }

  private openJob(job: Job): JobFiles {
    const folder = this.folderOf(job);
    mkdirSync(folder, { recursive: true });
    const files = {
      stdout: openSync(join(folder, 'stdout'), 'w'),
      stderr: openSync(join(folder, 'stderr'), 'w'),
    };
    this.open.set(job.seq, files);
    return files;
  }

  private finishJob(result: JobResult): void {
    const files = this.open.get(result.seq) ?? this.openJob(result);
    this.open.delete(result.seq);
    closeSync(files.stdout);
    closeSync(files.stderr);
    const status = {
      node: result.node.label,
      command: displayCommand(result.command),
      status: result.status,
      code: result.code,
      signal: result.signal,
      error: result.error,
      started: result.started?.toISOString() ?? null,
      duration: result.durationMs / 1000,
    };
    writeFileSync(join(this.folderOf(result), 'status'), yamlPackage().stringify(status, { lineWidth: 0 }));
  }
}
