import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';

import type { Job } from '../../src/jobs/job.js';
import type { NodeSpec } from '../../src/nodes/node.js';
import { createLinesView } from '../../src/rendering/lines.js';
import { Sink } from '../../src/rendering/sink.js';
import { CapturedOutput } from '../../src/results/output.js';
import type { JobResult, RunEvent } from '../../src/results/result.js';

function collector(): { sink: Sink; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink: new Sink(stream), text: () => Buffer.concat(chunks).toString() };
}

const nodes: NodeSpec[] = ['web1', 'db10', 'x'].map((name, index) => ({
  kind: 'local',
  name,
  index,
  label: name,
}));
const jobs: Job[] = nodes.map((node, seq) => ({ seq, node, command: { kind: 'shell', line: 'true' } }));

function finished(job: Job, code: number): RunEvent {
  const result: JobResult = {
    seq: job.seq,
    node: job.node,
    command: job.command,
    status: code === 0 ? 'succeeded' : 'failed',
    code,
    signal: null,
    error: null,
    stdout: new CapturedOutput(),
    stderr: new CapturedOutput(),
    started: new Date(),
    durationMs: 1,
  };
  return { kind: 'job-finished', result };
}

function output(job: Job | undefined, stream: 'stdout' | 'stderr', text: string): RunEvent {
  if (!job) {
    throw new Error('no such job');
  }
  return { kind: 'output', job, stream, chunk: Buffer.from(text) };
}

test('lines view pads names to align', async () => {
  const stdout = collector();
  const stderr = collector();
  const view = createLinesView({
    stdout: stdout.sink,
    stderr: stderr.sink,
    color: { stdout: false, stderr: false },
    prefix: true,
  });
  const [web, db, x] = jobs;
  const events: RunEvent[] = [
    { kind: 'run-started', nodes, total: 3 },
    output(web, 'stdout', 'one\ntw'),
    output(db, 'stdout', 'alpha\n'),
    output(web, 'stdout', 'o\n\nthree'),
    output(x, 'stderr', 'warning\n'),
  ];
  for (const event of events) {
    await view.handle(event);
  }
  for (const job of jobs) {
    await view.handle(finished(job, job.seq === 2 ? 4 : 0));
  }
  assert.equal(stdout.text(), 'web1: one\ndb10: alpha\nweb1: two\nweb1: \nweb1: three\n');
  assert.equal(stderr.text(), 'x!    warning\nx!    cooperate: exit code 4\n');
});
