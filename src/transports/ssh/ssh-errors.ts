/**
 * Reasons for a failed ssh connection, matched against the messages of OpenSSH 8 and 9 on stderr.
 * The first match wins; the message itself is always shown after the reason.
 */
const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i, 'host key verification failed'],
  [/Permission denied/i, 'permission denied'],
  [
    /Could not resolve hostname|Name or service not known|Temporary failure in name resolution/i,
    'name not resolved',
  ],
  [/Connection refused/i, 'connection refused'],
  [/timed out|Operation timed out/i, 'timed out'],
  [/No route to host|Network is unreachable/i, 'host unreachable'],
];

/**
 * Messages of a connection that the server closed or reset before or during the key exchange, as sshd
 * does when its `MaxStartups` limit drops one. Such a connection is worth another try.
 */
const HANDSHAKE_DROPPED =
  /kex_exchange_identification|Connection reset by peer|Connection (closed|reset) by .* port \d+\s*$|ssh_exchange_identification/m;

/** Says whether the server closed the connection during the handshake, as a busy sshd does. */
export function isHandshakeDropped(stderr: string): boolean {
  return HANDSHAKE_DROPPED.test(stderr) && !/Permission denied|Host key verification failed/i.test(stderr);
}

/** Describes why ssh could not connect: the reason, then ssh's own last message. */
export function describeConnectFailure(destination: string, stderr: string, exitCode: number | null): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const detail = lines.slice(-3).join(' / ');
  const reason = REASONS.find(([pattern]) => pattern.test(stderr))?.[1] ?? 'ssh failed';
  const message = detail === '' ? `ssh exited with status ${exitCode ?? 'unknown'}` : detail;
  return `cannot connect to ${destination}: ${reason} (${message})`;
}

/** Returns true when ssh's messages match a known connection failure or a dropped handshake. */
export function isConnectFailure(messages: string): boolean {
  return isHandshakeDropped(messages) || REASONS.some(([pattern]) => pattern.test(messages));
}

/**
 * Returns true when ssh's messages, at log level VERBOSE, show that it authenticated, after which a
 * session may have started. OpenSSH 8.0 and later write "Authenticated to", older ones "Authentication
 * succeeded".
 */
export function hasAuthenticated(messages: string): boolean {
  return /^(Authenticated to |Authentication succeeded)/m.test(messages);
}

/** Returns true when ssh's messages show a connection that died after its session started. */
export function isLostDuringSession(messages: string): boolean {
  return /client_loop|Read from remote host|Connection to \S+ closed by remote host|not responding/i.test(
    messages,
  );
}

/** Describes a job whose ssh client was killed, so that the command's own status never arrived. */
export function describeKilledClient(signal: NodeJS.Signals): string {
  return `ssh was killed by ${signal} before the job ended`;
}

/** Describes a connection that was lost while a job ran, with ssh's last two messages. */
export function describeLoss(destination: string, messages: string): string {
  const last = messages.trim().split('\n').slice(-2).join(' / ');
  return `connection to ${destination} lost while the job ran${last === '' ? '' : ` (${last})`}`;
}
