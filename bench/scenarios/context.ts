/** Paths that scenarios build their command lines from. */
export interface ScenarioContext {
  /** Command that starts the built cooperate: node and its entry point. */
  cooperate: string[];
  /** Entry point of the compiled modules that the bundle is made from. */
  unbundledCli: string;
  /** Directory for job lists and argument files that the scenarios write. */
  workDir: string;
}
