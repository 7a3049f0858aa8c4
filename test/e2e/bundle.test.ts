import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CLI_PATH, runCli } from '../support/cli.js';

// The end-to-end tests run the single-file bundle that `bin` names, so these checks cover what the
// bundler could break: the modules of cooperate, commander and yaml joined into one CommonJS file.

test('bundle is the file the tests run', () => {
  assert.match(CLI_PATH, /dist\/cooperate\.cjs$/);
});

test('bundle runs jobs and renders results', async () => {
  const run = await runCli(['--local', '-b', '2', '-c', 'echo hi', '-c', 'exit 3']);
  const results = run.results();

  assert.equal(run.code, 1);
  assert.equal(results.length, 2);
  const byCommand = new Map(results.map((result) => [String(result.command), result]));
  assert.equal(byCommand.get('echo hi')?.stdout, 'hi\n');
  assert.equal(byCommand.get('echo hi')?.code, 0);
  assert.equal(byCommand.get('exit 3')?.code, 3);
});

test('bundle loads yaml for values that need quoting', async () => {
  // A plain value is written without the yaml package; this one needs it, from dist/yaml.cjs.
  const run = await runCli(['--local', '-c', 'echo "key: value"']);
  const [result] = run.results();

  assert.equal(run.code, 0, run.stderr);
  assert.equal(result?.command, 'echo "key: value"');
  assert.equal(result?.stdout, 'key: value\n');
});

test('bundle rejects an unknown option', async () => {
  const run = await runCli(['--no-such-option']);

  assert.equal(run.code, 2);
  assert.match(run.stderr, /^cooperate: unknown option '--no-such-option'/);
});
