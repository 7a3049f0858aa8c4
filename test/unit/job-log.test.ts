import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import fc from 'fast-check';

import type { Job } from '../../src/jobs/job.js';
import {
  escapeField,
  formatJobLogLine,
  JOB_LOG_HEADER,
  parseJobLogLine,
  unescapeField,
  type JobLogEntry,
} from '../../src/joblog/format.js';
import { jobsToSkip, readJobLog } from '../../src/joblog/resume.js';
import { JobLogWriter } from '../../src/joblog/writer.js';
import type { JobResult } from '../../src/results/result.js';
import { capturedFrom } from '../../src/results/output.js';

const directory = mkdtempSync(join(tmpdir(), 'cooperate-joblog-test-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const entry = (
  seq: number,
  command: string,
  code: number | null,
  error: string | null = null,
): JobLogEntry => ({
  seq,
  node: 'local',
  startTime: 1700000000.5,
  runtime: 0.25,
  sent: 0,
  received: 3,
  code,
  signal: null,
  error,
  command,
});

const plannedJob = (seq: number, line: string, name = 'local'): Job => ({
  seq,
  node: { kind: 'local', name, index: 0, label: name },
  command: { kind: 'shell', line },
});

describe('job log format', () => {
  it('escapes fields without losing a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeField(text);
        assert.ok(!/[\t\n\r]/.test(escaped));
        assert.equal(unescapeField(escaped), text);
      }),
    );
  });

  it('reads back every line it writes', () => {
    const entryArbitrary = fc.record({
      seq: fc.integer({ min: 1, max: 1e6 }),
      node: fc.string({ minLength: 1 }),
      startTime: fc.integer({ min: 0, max: 4e12 }).map((ms) => ms / 1000),
      runtime: fc.integer({ min: 0, max: 1e9 }).map((ms) => ms / 1000),
      sent: fc.nat(),
      received: fc.nat(),
      code: fc.option(fc.integer({ min: 0, max: 255 })),
      signal: fc.option(fc.constantFrom('SIGTERM', 'SIGKILL')),
      error: fc.option(fc.string({ minLength: 1 })),
      command: fc.string(),
    });
    fc.assert(
      fc.property(entryArbitrary, (original) => {
        const line = formatJobLogLine(original);
        assert.ok(line.endsWith('\n'));
        assert.deepEqual(parseJobLogLine(line.slice(0, -1)), { ...original });
      }),
    );
  });

  it('rejects a line with missing fields', () => {
    assert.deepEqual(parseJobLogLine('1\tlocal'), { invalid: 'expected 10 tab-separated fields, found 2' });
  });

  it('writes signals as numbers, as GNU parallel does', () => {
    const line = formatJobLogLine({ ...entry(1, 'sleep 9', 143), signal: 'SIGTERM' });
    assert.equal(line.split('\t')[7], '15');
    assert.equal((parseJobLogLine(line.slice(0, -1)) as JobLogEntry).signal, 'SIGTERM');
  });

  it('rejects a bad sequence number', () => {
    const line = formatJobLogLine(entry(1, 'true', 0))
      .slice(0, -1)
      .replace(/^1/, 'x');
    assert.deepEqual(parseJobLogLine(line), { invalid: "invalid sequence number 'x'" });
  });
});

describe('job log files', () => {
  it('writes a header and finished jobs only', () => {
    const path = join(directory, 'written.log');
    const writer = JobLogWriter.open(path);
    const base: JobResult = {
      seq: 0,
      node: { kind: 'local', name: 'local', index: 0, label: 'local' },
      command: { kind: 'argv', argv: ['echo', 'a b'] },
      status: 'succeeded',
      code: 0,
      signal: null,
      error: null,
      stdout: capturedFrom(Buffer.from('a b\n')),
      stderr: capturedFrom(Buffer.alloc(0)),
      started: new Date(1_700_000_000_000),
      durationMs: 1500,
    };
    writer.append(base, 12);
    writer.append({ ...base, seq: 1, status: 'interrupted', code: 143, signal: 'SIGTERM' });
    writer.append({ ...base, seq: 2, status: 'not-started', code: null, started: null });
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines[0], JOB_LOG_HEADER);
    assert.equal(lines[1], "1\tlocal\t1700000000.000\t1.500\t12\t4\t0\t0\t\techo 'a b'");
    assert.equal(lines.length, 3);
  });

  it('refuses to append to a file that is not a job log', () => {
    const path = join(directory, 'other.txt');
    writeFileSync(path, 'precious data\n');
    assert.throws(() => JobLogWriter.open(path), /other\.txt exists and is not a cooperate job log/);
    assert.equal(readFileSync(path, 'utf8'), 'precious data\n');
  });

  it('reads an absent log as empty', () => {
    assert.deepEqual(readJobLog(join(directory, 'absent.log')), []);
  });

  it('leaves out a last line cut short', () => {
    const path = join(directory, 'cut.log');
    writeFileSync(path, `${JOB_LOG_HEADER}\n${formatJobLogLine(entry(1, 'true', 0))}2\tloc`);
    assert.deepEqual(readJobLog(path), [entry(1, 'true', 0)]);
  });

  it('names the file and line of an invalid line', () => {
    const path = join(directory, 'bad.log');
    writeFileSync(path, `${JOB_LOG_HEADER}\nnot a line\n`);
    assert.throws(() => readJobLog(path), /invalid line in job log .*bad\.log:2: expected 10/);
  });
});

describe('resume', () => {
  const planned = [plannedJob(0, 'echo a'), plannedJob(1, 'exit 2'), plannedJob(2, 'echo c')];

  it('skips finished jobs', () => {
    const skip = jobsToSkip([entry(1, 'echo a', 0), entry(2, 'exit 2', 2)], planned, 'all', false, 'log');
    assert.deepEqual([...skip].sort(), [0, 1]);
  });

  it('runs failed jobs again with rerun', () => {
    const entries = [entry(1, 'echo a', 0), entry(2, 'exit 2', 2), entry(3, 'echo c', null, 'timed out')];
    assert.deepEqual([...jobsToSkip(entries, planned, 'all', true, 'log')], [0]);
  });

  it('takes the last line of a job', () => {
    const entries = [entry(2, 'exit 2', 2), entry(2, 'exit 2', 0)];
    assert.deepEqual([...jobsToSkip(entries, planned, 'all', true, 'log')], [1]);
  });

  it('rejects a log of another run', () => {
    assert.throws(
      () => jobsToSkip([entry(1, 'echo b', 0)], planned, 'all', false, 'run.log'),
      /job log run\.log does not match this run: its job 1 is "echo b" on local, this run's is "echo a"/,
    );
    assert.throws(
      () => jobsToSkip([entry(4, 'echo d', 0)], planned, 'all', false, 'run.log'),
      /this run has 3 jobs/,
    );
  });

  it('checks nodes in all mode only', () => {
    const moved = [{ ...entry(1, 'echo a', 0), node: 'elsewhere' }];
    assert.throws(() => jobsToSkip(moved, planned, 'all', false, 'log'), /does not match this run/);
    assert.deepEqual([...jobsToSkip(moved, planned, 'distribute', false, 'log')], [0]);
  });
});
