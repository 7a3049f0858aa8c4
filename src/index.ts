export { run, type RunHandle, type RunOptions } from './run/run.js';
export type { Command, Job } from './jobs/job.js';
export type { NodeKind, NodeSpec } from './nodes/node.js';
export type { JobResult, JobStatus, RunEvent, RunSummary } from './results/result.js';
export type { Mode } from './scheduling/queue.js';
export type { WindowSpec } from './scheduling/window.js';
export { parseWindow } from './scheduling/window.js';
export { renderYamlResult } from './rendering/yaml.js';
