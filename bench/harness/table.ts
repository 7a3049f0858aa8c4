import type { ScenarioResult, ToolSummary } from './interleave.js';

type Metric = 'wallSeconds' | 'cpuSeconds' | 'peakMegabytes';

/**
 * Renders one scenario as a Markdown table. Each ratio is the tool's median over the best median of
 * the peers, so below 1 means better than every peer. The peers are every tool but the scenario's
 * subject and its variants, named after it and a space, such as `cooperate --persist`.
 */
export function renderTable(result: ScenarioResult): string {
  const isSubject = (name: string): boolean =>
    name === result.subject || name.startsWith(`${result.subject} `);
  const peers = result.tools.filter((tool) => !isSubject(tool.tool) && tool.runs > 0);
  const best = (metric: Metric): number => Math.min(...peers.map((tool) => tool[metric]));
  const bestWall = best('wallSeconds');
  const bestCpu = best('cpuSeconds');
  const bestPeak = best('peakMegabytes');

  const lines = [
    `### ${result.name}`,
    '',
    result.description,
    '',
    '| tool | runs | wall s | × best peer | CPU s | × best peer | peak MB | × best peer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const tool of result.tools) {
    lines.push(renderRow(tool, bestWall, bestCpu, bestPeak));
  }
  for (const tool of result.tools.filter((entry) => entry.failure !== null)) {
    lines.push('', `${tool.tool} failed at least once: ${tool.failure}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderRow(tool: ToolSummary, bestWall: number, bestCpu: number, bestPeak: number): string {
  if (tool.runs === 0) {
    return `| ${tool.tool} | 0 | failed | | | | | |`;
  }
  const cells = [
    tool.tool,
    String(tool.runs),
    tool.wallSeconds.toFixed(3),
    ratio(tool.wallSeconds, bestWall),
    tool.cpuSeconds.toFixed(2),
    ratio(tool.cpuSeconds, bestCpu),
    tool.peakMegabytes.toFixed(1),
    ratio(tool.peakMegabytes, bestPeak),
  ];
  return `| ${cells.join(' | ')} |`;
}

function ratio(value: number, best: number): string {
  return Number.isFinite(best) && best > 0 ? `${(value / best).toFixed(2)}×` : '–';
}
