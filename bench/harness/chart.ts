import type { ScenarioResult } from './interleave.js';

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 60, right: 150, top: 40, bottom: 50 };
const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];

/**
 * Draws median wall time against each scenario's size (nodes or jobs, named by `axis`), one line per tool, as a standalone SVG document.
 * `results` are the scenarios of one series; tools with no successful run at some size skip that point.
 */
export function renderChart(title: string, axis: string, results: readonly ScenarioResult[]): string {
  const points = results
    .filter((result) => result.size !== null)
    .sort((a, b) => (a.size ?? 0) - (b.size ?? 0));
  const tools = [...new Set(points.flatMap((result) => result.tools.map((tool) => tool.tool)))];
  const maxSize = Math.max(1, ...points.map((result) => result.size ?? 0));
  const maxWall = niceCeiling(
    Math.max(
      0.001,
      ...points.flatMap((result) => result.tools.filter((t) => t.runs > 0).map((t) => t.wallSeconds)),
    ),
  );

  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (size: number): number => MARGIN.left + (size / maxSize) * plotWidth;
  const y = (seconds: number): number => MARGIN.top + plotHeight - (seconds / maxWall) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${x(maxSize)}" y2="${y(0)}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${MARGIN.left}" y2="${y(maxWall)}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(axis)}</text>`,
    `<text x="15" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 15 ${MARGIN.top + plotHeight / 2})">median wall time (s)</text>`,
  ];

  for (let step = 0; step <= 5; step++) {
    const seconds = (maxWall * step) / 5;
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(seconds)}" x2="${x(maxSize)}" y2="${y(seconds)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(seconds) + 4}" text-anchor="end">${formatSeconds(seconds)}</text>`,
    );
  }
  for (const result of points) {
    const size = result.size ?? 0;
    parts.push(`<text x="${x(size)}" y="${y(0) + 18}" text-anchor="middle">${size}</text>`);
  }

  tools.forEach((tool, index) => {
    const color = COLORS[index % COLORS.length] ?? 'black';
    const coordinates = points.flatMap((result) => {
      const summary = result.tools.find((entry) => entry.tool === tool);
      return summary && summary.runs > 0 ? [[x(result.size ?? 0), y(summary.wallSeconds)]] : [];
    });
    const path = coordinates.map(([px, py]) => `${px?.toFixed(1)},${py?.toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const [px, py] of coordinates) {
      parts.push(`<circle cx="${px?.toFixed(1)}" cy="${py?.toFixed(1)}" r="3" fill="${color}"/>`);
    }
    const legendY = MARGIN.top + 10 + index * 18;
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 15}" y1="${legendY}" x2="${WIDTH - MARGIN.right + 35}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${WIDTH - MARGIN.right + 40}" y="${legendY + 4}">${escapeXml(tool)}</text>`,
    );
  });

  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Rounds up to 1, 2 or 5 times a power of ten, so that the axis ticks read well. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) {
    if (value <= factor * power) {
      return factor * power;
    }
  }
  return 10 * power;
}

function formatSeconds(seconds: number): string {
  return seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(seconds >= 1 ? 1 : 2);
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
