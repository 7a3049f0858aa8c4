/* eslint-disable no-control-regex -- terminal control sequences are what these tests check. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { CLI_PATH } from '../support/cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) {
  const message =
    'SKIPPED: terminal tests need script(1) from util-linux to run cooperate on a pseudo-terminal';
  if (process.env.CI === 'true') {
    throw new Error(message.replace('SKIPPED', 'FAILED'));
  }
  process.stderr.write(`\n*** ${message} ***\n\n`);
}

/** Runs cooperate on a pseudo-terminal, as a person at a terminal would, and returns what it showed. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const quoted = [process.execPath, CLI_PATH, ...args]
    .map((word) => `'${word.replaceAll("'", `'\\''`)}'`)
    .join(' ');
  const result = spawnSync('script', ['-q', '-e', '-c', quoted, '/dev/null'], {
    env: { ...env, COLUMNS: '120' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return result.stdout;
}

test('terminal shows progress, colour and summary', { skip: !hasScript }, () => {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const shown = onTerminal(['--local', '--local', '-o', 'lines', '-c', 'sleep 0.7; echo hi; exit 1'], env);
  assert.match(shown, /\r\x1b\[Kcooperate: 0\/2 done, 2 running, 0 failed, 0:0\d elapsed/);
  assert.match(shown, /\x1b\[36mlocal#1:\x1b\[0m hi\r\n/);
  assert.match(
    shown,
    /cooperate: 2 jobs in \d+\.\d s: 0 succeeded, 2 failed, 0 could not reach their node, 0 timed out\r\n/,
  );
  assert.match(shown, /\x1b\[31mcooperate: failed: local#\[1-2\]\x1b\[0m\r\n/);
});

test('terminal with quiet and NO_COLOR', { skip: !hasScript }, () => {
  const shown = onTerminal(['--local', '-q', '-o', 'lines', '-c', 'sleep 0.5; echo hi'], {
    ...process.env,
    NO_COLOR: '1',
  });
  assert.equal(shown, 'local: hi\r\n');
});
