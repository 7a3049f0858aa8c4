/** One tool's command line in a scenario: what the harness runs and times. */
export interface ToolRun {
  /** Name shown in tables and charts, such as `cooperate` or `pdsh`. */
  tool: string;
  /** Program and arguments, run directly with no shell. */
  argv: string[];
  /** Variables added to the harness's own environment. */
  env?: Record<string, string>;
  /** File given to the command as its standard input; /dev/null when absent. */
  stdinFile?: string;
  /**
   * Checks what the command printed, so that a fast but wrong run is not counted.
   * Returns null when the output is right, else a message that describes what is wrong.
   */
  check?: (stdout: string) => string | null;
  /** Checks the file that holds the output instead, for output too large to read into a string. */
  checkFile?: (stdoutFile: string) => string | null;
}

/** A benchmark: the same work done by cooperate and by each peer. */
export interface Scenario {
  name: string;
  /** One line that describes the work, for the report. */
  description: string;
  /** Scenarios with the same series are drawn in one chart, wall time against `size`. */
  series?: string;
  /** Number of nodes, or of jobs for local series, that the chart puts on its x axis. */
  size?: number;
  /** Measured runs when more than the plan's: runs of a few milliseconds need more to see past noise. */
  runs?: number;
  /** Tool whose ratios are reported against the best of the others; `cooperate` unless set. */
  subject?: string;
  tools: ToolRun[];
}

/** Returns a check that the output contains exactly `count` lines that match `pattern`. */
export function expectLines(pattern: RegExp, count: number): (stdout: string) => string | null {
  return (stdout) => {
    const found = stdout.split('\n').filter((line) => pattern.test(line)).length;
    return found === count ? null : `expected ${count} lines matching ${String(pattern)}, found ${found}`;
  };
}
