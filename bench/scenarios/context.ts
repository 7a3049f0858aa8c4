/** What scenarios need to know to build their command lines. */
export interface ScenarioContext {
  /** Command that starts the built cooperate: node and its entry point. */
  cooperate: string[];
  /** Directory for job lists and argument files that the scenarios write. */
  workDir: string;
}
