/**
 * Runs the benchmarks by hand: `node dist/bench/run.js [options]` after `npm run build`.
 * Prints one Markdown table per scenario and writes results.json, tables.md and one SVG chart per
 * series to the output directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { renderChart } from './harness/chart.js';
import { runInterleaved, type ScenarioResult } from './harness/interleave.js';
import { killActiveRuns } from './harness/measure.js';
import type { Scenario } from './harness/scenario.js';
import { renderTable } from './harness/table.js';
import type { ScenarioContext } from './scenarios/context.js';
import { localScenarios } from './scenarios/local.js';
import { bigOutputScenario, scaleScenarios } from './scenarios/ssh-scale.js';
import { distributeScenario, hostnameScenarios, readFleet, type Fleet } from './scenarios/ssh.js';

const USAGE = `usage: node dist/bench/run.js [--suite local,ssh,scale] [--runs N] [--warmups N] [--limit SECONDS]
       [--budget MINUTES] [--out DIR] [--fleet DIR] [--only TEXT] [--cooperate-ssh yes|no|auto]`;

// The bundle that `bin` names, which is what users run.
const CLI = fileURLToPath(new URL('../cooperate.cjs', import.meta.url));
const UNBUNDLED_CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
// Upper bounds, so that a typing slip cannot start an endless benchmark.
const MAX_RUNS = 50;
const MAX_BUDGET_MINUTES = 240;

interface Settings {
  suites: Set<string>;
  runs: number;
  warmups: number;
  limitSeconds: number;
  budgetMinutes: number;
  out: string;
  fleetDirectory: string;
  only: string | null;
  cooperateSsh: 'yes' | 'no' | 'auto';
}

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', default: 'local,ssh' },
      runs: { type: 'string', default: '5' },
      warmups: { type: 'string', default: '1' },
      limit: { type: 'string', default: '300' },
      budget: { type: 'string', default: '60' },
      out: { type: 'string', default: 'bench/results' },
      fleet: { type: 'string', default: process.env.FLEET_DIR ?? '/tmp/cooperate-fleet' },
      only: { type: 'string' },
      'cooperate-ssh': { type: 'string', default: 'auto' },
    },
  });
  const suites = new Set(values.suite.split(','));
  for (const suite of suites) {
    if (suite !== 'local' && suite !== 'ssh' && suite !== 'scale') {
      throw new Error(`invalid --suite value '${suite}'; use local, ssh, scale or a list such as local,ssh`);
    }
  }
  const cooperateSsh = values['cooperate-ssh'];
  if (cooperateSsh !== 'yes' && cooperateSsh !== 'no' && cooperateSsh !== 'auto') {
    throw new Error(`invalid --cooperate-ssh value '${cooperateSsh}'; use yes, no or auto`);
  }
  return {
    suites,
    runs: wholeNumber('--runs', values.runs, 1, MAX_RUNS),
    warmups: wholeNumber('--warmups', values.warmups, 0, MAX_RUNS),
    limitSeconds: wholeNumber('--limit', values.limit, 1, 3600),
    budgetMinutes: wholeNumber('--budget', values.budget, 1, MAX_BUDGET_MINUTES),
    out: values.out,
    fleetDirectory: values.fleet,
    only: values.only ?? null,
    cooperateSsh,
  };
}

function wholeNumber(option: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`invalid ${option} value '${text}'; give a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Decides whether cooperate can reach the fleet: `auto` tries one node and reports what it found. */
function cooperateReachesFleet(settings: Settings, context: ScenarioContext, fleet: Fleet): boolean {
  if (settings.cooperateSsh !== 'auto') {
    return settings.cooperateSsh === 'yes';
  }
  const probe = spawnSync(
    context.cooperate[0] ?? process.execPath,
    [...context.cooperate.slice(1), '--ssh', fleet.hosts[0] ?? '127.0.0.1', '-c', 'true'],
    {
      env: { ...process.env, COOPERATE_SSH_CONFIG: fleet.sshConfig },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (probe.status === 0) {
    return true;
  }
  const reason = (probe.stdout + probe.stderr).split('\n').find((line) => /error|cooperate:/.test(line));
  console.error(
    `bench: cooperate left out of the ssh scenarios: ${reason?.trim() ?? `exit ${probe.status}`}`,
  );
  return false;
}

function buildScenarios(settings: Settings, context: ScenarioContext): Scenario[] {
  const scenarios: Scenario[] = [];
  if (settings.suites.has('local')) {
    scenarios.push(...localScenarios(context, [250, 1000]));
  }
  if (settings.suites.has('ssh') || settings.suites.has('scale')) {
    const fleet = readFleet(settings.fleetDirectory);
    if (!fleet) {
      throw new Error(
        `no fleet in ${settings.fleetDirectory}; start one with 'bench/fleet/fleet.sh start 100' or leave out --suite ssh`,
      );
    }
    const withCooperate = cooperateReachesFleet(settings, context, fleet);
    if (settings.suites.has('ssh')) {
      scenarios.push(...hostnameScenarios(context, fleet, [8, 32, 100], withCooperate));
      const distribute = distributeScenario(context, fleet, 400, 8, 8, withCooperate);
      const bigOutput = bigOutputScenario(context, fleet, 500_000_000, withCooperate);
      scenarios.push(...[distribute, bigOutput].filter((scenario) => scenario !== null));
    }
    // cooperate alone, on up to 1,000 nodes: minutes a run, so only when requested.
    if (settings.suites.has('scale') && withCooperate) {
      scenarios.push(...scaleScenarios(context, fleet, [100, 300, 1000]));
    }
  }
  return scenarios.filter((scenario) => settings.only === null || scenario.name.includes(settings.only));
}

const SERIES_AXES: Record<string, { title: string; axis: string }> = {
  local: { title: 'Local jobs of true, window 8', axis: 'jobs' },
  ssh: { title: 'hostname on N ssh nodes, window N', axis: 'nodes' },
  scale: { title: 'true on N ssh nodes, window N (cooperate alone)', axis: 'nodes' },
};

function writeOutputs(settings: Settings, results: ScenarioResult[], tables: string[]): void {
  mkdirSync(settings.out, { recursive: true });
  writeFileSync(join(settings.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(settings.out, 'tables.md'), tables.join('\n'));
  const series = new Set(results.flatMap((result) => (result.series ? [result.series] : [])));
  for (const name of series) {
    const labels = SERIES_AXES[name] ?? { title: name, axis: 'size' };
    const members = results.filter((result) => result.series === name);
    writeFileSync(join(settings.out, `chart-${name}.svg`), renderChart(labels.title, labels.axis, members));
  }
}

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettings(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'cooperate-bench-'));
  const context: ScenarioContext = {
    cooperate: [process.execPath, CLI],
    unbundledCli: UNBUNDLED_CLI,
    workDir,
  };
  // The measured commands run in process groups of their own, which a Ctrl-C at the terminal misses.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killActiveRuns();
      rmSync(workDir, { recursive: true, force: true });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }

  try {
    let scenarios: Scenario[];
    try {
      scenarios = buildScenarios(settings, context);
    } catch (error) {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
      return;
    }
    const deadline = Date.now() + settings.budgetMinutes * 60_000;
    const results: ScenarioResult[] = [];
    const tables: string[] = [];
    for (const scenario of scenarios) {
      console.error(`bench: ${scenario.name} (${scenario.tools.map((tool) => tool.tool).join(', ')})`);
      const result = await runInterleaved(scenario, {
        warmups: settings.warmups,
        runs: settings.runs,
        limitSeconds: settings.limitSeconds,
        deadline,
        workDir,
        log: (line) => console.error(`bench: ${line}`),
      });
      results.push(result);
      const table = renderTable(result);
      tables.push(table);
      console.log(table);
    }
    writeOutputs(settings, results, tables);
    console.error(`bench: wrote ${settings.out}/results.json, tables.md and the charts`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
