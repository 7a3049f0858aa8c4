import { measure, type Sample } from './measure.js';
import type { Scenario } from './scenario.js';
import { median } from './stats.js';

export interface RunPlan {
  /** Rounds run first and thrown away: they fill the page cache and warm up every tool. */
  warmups: number;
  runs: number;
  /** Bound on one command, in seconds; a command past it is killed and counted as failed. */
  limitSeconds: number;
  /** Time (ms since the epoch) after which no new round starts; the rounds done so far are reported. */
  deadline: number;
  workDir: string;
  log: (line: string) => void;
}

/** Medians of one tool's successful runs in a scenario. */
export interface ToolSummary {
  tool: string;
  runs: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakMegabytes: number;
  /** The first failure, when any run failed; failed runs are left out of the medians. */
  failure: string | null;
}

export interface ScenarioResult {
  name: string;
  description: string;
  series: string | null;
  size: number | null;
  subject: string;
  tools: ToolSummary[];
}

/**
 * Runs every tool of `scenario` in turn, round after round (A B C A B C ...), so that a slow spell of
 * the machine falls on every tool alike rather than on whichever ran then.
 */
export async function runInterleaved(scenario: Scenario, plan: RunPlan): Promise<ScenarioResult> {
  const samples = new Map<string, Sample[]>(scenario.tools.map((run) => [run.tool, []]));
  const rounds = plan.warmups + Math.max(plan.runs, scenario.runs ?? 0);

  for (let round = 0; round < rounds; round++) {
    if (round >= plan.warmups && Date.now() > plan.deadline) {
      plan.log(`${scenario.name}: time budget spent, stopping after ${round - plan.warmups} runs`);
      break;
    }
    for (const run of scenario.tools) {
      const sample = await measure(run, plan.workDir, plan.limitSeconds);
      if (sample.failure) {
        plan.log(`${scenario.name}: ${run.tool}: ${sample.failure}`);
      }
      if (round >= plan.warmups) {
        samples.get(run.tool)?.push(sample);
      }
    }
  }

  return {
    name: scenario.name,
    description: scenario.description,
    series: scenario.series ?? null,
    size: scenario.size ?? null,
    subject: scenario.subject ?? 'cooperate',
    tools: scenario.tools.map((run) => summarize(run.tool, samples.get(run.tool) ?? [])),
  };
}

function summarize(tool: string, samples: readonly Sample[]): ToolSummary {
  const good = samples.filter((sample) => sample.failure === null);
  return {
    tool,
    runs: good.length,
    wallSeconds: median(good.map((sample) => sample.wallSeconds)),
    cpuSeconds: median(good.map((sample) => sample.cpuSeconds)),
    peakMegabytes: median(good.map((sample) => sample.peakMegabytes)),
    failure: samples.find((sample) => sample.failure !== null)?.failure ?? null,
  };
}
