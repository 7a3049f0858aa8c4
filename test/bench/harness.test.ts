import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { renderChart } from '../../bench/harness/chart.js';
import type { ScenarioResult, ToolSummary } from '../../bench/harness/interleave.js';
import { expectLines } from '../../bench/harness/scenario.js';
import { median } from '../../bench/harness/stats.js';
import { renderTable } from '../../bench/harness/table.js';

function summary(tool: string, wallSeconds: number, runs = 5): ToolSummary {
  return { tool, runs, wallSeconds, cpuSeconds: wallSeconds / 2, peakMegabytes: 10, failure: null };
}

function scenario(size: number, tools: ToolSummary[]): ScenarioResult {
  return { name: `s${size}`, description: 'd', series: 'ssh', size, subject: 'cooperate', tools };
}

test('median of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('median lies between min and max', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { minLength: 1 }), (values) => {
      const middle = median(values);
      assert.ok(middle >= Math.min(...values));
      assert.ok(middle <= Math.max(...values));
    }),
  );
});

test('table ratios against best peer', () => {
  const table = renderTable(scenario(8, [summary('cooperate', 1), summary('pdsh', 2), summary('clush', 4)]));

  assert.match(table, /\| cooperate \| 5 \| 1\.000 \| 0\.50× \|/);
  assert.match(table, /\| pdsh \| 5 \| 2\.000 \| 1\.00× \|/);
  assert.match(table, /\| clush \| 5 \| 4\.000 \| 2\.00× \|/);
});

test('table names a tool with no run', () => {
  const failed: ToolSummary = { ...summary('pdsh', NaN, 0), failure: 'exit status 1: boom' };
  const table = renderTable(scenario(8, [summary('cooperate', 1), failed, summary('clush', 2)]));

  assert.match(table, /\| pdsh \| 0 \| failed \|/);
  assert.match(table, /pdsh failed at least once: exit status 1: boom/);
  assert.match(table, /\| cooperate \| 5 \| 1\.000 \| 0\.50× \|/);
});

test('chart has one line per tool', () => {
  const svg = renderChart('t', 'nodes', [
    scenario(100, [summary('pdsh', 5), summary('clush', 6)]),
    scenario(8, [summary('pdsh', 0.5), summary('clush', 0.7)]),
  ]);

  assert.match(svg, /^<svg /);
  assert.equal(svg.match(/<polyline /g)?.length, 2);
  assert.equal(svg.match(/<circle /g)?.length, 4);
  assert.match(svg, />pdsh</);
});

test('expectLines counts matching lines', () => {
  const check = expectLines(/^---$/, 2);

  assert.equal(check('---\na\n---\n'), null);
  assert.match(check('---\n') ?? '', /expected 2 lines matching .*, found 1/);
});
