import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseCommandLine, type ParseIo, type RunRequest } from '../../src/cli/parse.js';
import { UsageError } from '../../src/cli/usage-error.js';

const io: ParseIo = {
  read: () => {
    throw new Error('no argument file in these tests');
  },
  stdinHoldsArguments: () => false,
  writeOut: () => {},
  writeErr: () => {},
};

function parse(...args: string[]): RunRequest {
  const request = parseCommandLine(['--local', '-c', 'true', ...args], io);
  assert.equal(request.action, 'run');
  return request as RunRequest;
}

function usageError(...args: string[]): string {
  try {
    parse(...args);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail(`no error for ${args.join(' ')}`);
}

describe('job control options', () => {
  it('default to no job control', () => {
    assert.deepEqual(parse().jobControl, {
      jobTimeoutSeconds: null,
      retries: 0,
      keepAllAttempts: false,
      maxFailures: null,
      perNodeLimit: null,
      jobLog: null,
      resume: null,
    });
  });

  it('read every value', () => {
    const control = parse(
      '--job-timeout',
      '1.5',
      '--retries',
      '2',
      '--all-attempts',
      '--max-failures',
      '10%',
      '--per-node',
      '3',
      '--joblog',
      'run.log',
    ).jobControl;
    assert.equal(control.jobTimeoutSeconds, 1.5);
    assert.equal(control.retries, 2);
    assert.equal(control.keepAllAttempts, true);
    assert.deepEqual(control.maxFailures, {
      limit: { kind: 'percent', percent: 10 },
      stopRunning: false,
      setting: '--max-failures 10%',
    });
    assert.equal(control.perNodeLimit, 3);
    assert.equal(control.jobLog, 'run.log');
  });

  it('read --fail-fast and --fail-fast=now', () => {
    assert.deepEqual(parse('--fail-fast').jobControl.maxFailures, {
      limit: { kind: 'count', count: 1 },
      stopRunning: false,
      setting: '--fail-fast',
    });
    assert.equal(parse('--fail-fast=now').jobControl.maxFailures?.stopRunning, true);
    assert.equal(
      parse('--max-failures', '3', '--fail-fast=now').jobControl.maxFailures?.setting,
      '--max-failures 3 with --fail-fast=now',
    );
  });

  it('keep -- after --fail-fast as the end of options', () => {
    const request = parseCommandLine(['--local', '--fail-fast', '--', 'echo', 'hi'], io) as RunRequest;
    assert.deepEqual(request.commands, [{ kind: 'argv', argv: ['echo', 'hi'] }]);
    assert.equal(request.jobControl.maxFailures?.stopRunning, false);
  });

  it('log to the resumed file unless --joblog is given', () => {
    assert.deepEqual(parse('--resume', 'a.log').jobControl.resume, { file: 'a.log', rerunFailed: false });
    assert.equal(parse('--resume', 'a.log').jobControl.jobLog, 'a.log');
    assert.equal(parse('--resume-failed', 'a.log', '--joblog', 'b.log').jobControl.jobLog, 'b.log');
    assert.equal(parse('--resume-failed', 'a.log').jobControl.resume?.rerunFailed, true);
  });

  it('reject invalid values with the value named', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--job-timeout', '0'], /^invalid --job-timeout '0': give a number of seconds above 0/],
      [['--job-timeout', 'soon'], /^invalid --job-timeout 'soon'/],
      [['--retries', '-1'], /--retries/],
      [['--retries', '1.5'], /^invalid --retries '1.5': give a whole number of 0 or more/],
      [['--per-node', '0'], /^invalid --per-node '0': give a whole number of 1 or more/],
      [['--max-failures', '0'], /^invalid --max-failures '0'/],
      [
        ['--max-failures', '150%'],
        /^invalid --max-failures '150%': a percentage must be above 0% and at most 100%/,
      ],
      [['--fail-fast=later'], /^invalid --fail-fast 'later': give one of soon, now/],
      [['--all-attempts'], /^--all-attempts needs --retries N/],
      [['--resume', 'a', '--resume-failed', 'b'], /^both --resume and --resume-failed were given/],
    ];
    for (const [args, expected] of cases) {
      assert.match(usageError(...args), expected, args.join(' '));
    }
  });
});
