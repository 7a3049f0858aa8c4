/** Settings of the ssh transport that the command line or a library caller may give. */
export interface SshSettings {
  /** Options for ssh, each passed as `-o OPTION`; they take precedence over cooperate's defaults. */
  options: readonly string[];
  /** Seconds that ssh waits for the TCP connection and the server's greeting. */
  connectTimeoutSeconds: number;
  /** ssh configuration file passed as `-F`, in place of `~/.ssh/config`; null for ssh's own default. */
  configFile: string | null;
  /**
   * Seconds that each node's master connection stays open after its last job (ssh's ControlPersist),
   * for later runs to reuse; null to end every master connection with the run.
   */
  persistSeconds: number | null;
}

export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

/**
 * Environment variable naming an ssh configuration file for cooperate's ssh connections, so that a
 * test harness or a shared setup can use its own keys and known_hosts without touching `~/.ssh`.
 */
export const SSH_CONFIG_VARIABLE = 'COOPERATE_SSH_CONFIG';

export function defaultSshSettings(env: NodeJS.ProcessEnv): SshSettings {
  const configFile = env[SSH_CONFIG_VARIABLE];
  return {
    options: [],
    connectTimeoutSeconds: DEFAULT_CONNECT_TIMEOUT_SECONDS,
    configFile: configFile === undefined || configFile === '' ? null : configFile,
    persistSeconds: null,
  };
}
