import { shellQuote, type Command } from '../../jobs/job.js';

/**
 * The remote side of a job, a POSIX sh script (dash and busybox sh run it) that sshd starts through
 * the user's login shell. sshd makes that shell the leader of a new session, so the job and every
 * process it starts share one process group, which `kill 0` reaches.
 *
 * The ssh channel's stdin carries a header line with the byte count N of the job's input, then those
 * N bytes, and then stays open for as long as cooperate wants the job to run. The input goes to a
 * temporary file, removed once opened, so that the channel has a single reader. A watcher then waits
 * for the channel's input to end. It reads with the shell's builtin `read`, so that no `cat` process
 * starts for each job. When cooperate closes that input to stop the job, or the client or the
 * connection dies, the watcher ends the group with SIGTERM, then SIGKILL 2 s later. The SIGKILL goes
 * to the job first, so that the script can still report 137, and to the rest of the group 0.2 s after. The script itself
 * catches that SIGTERM, so that it still reports the job's status. When the job ends by itself, the
 * script ends the group too, so that no leftover process keeps the channel open, and exits with the
 * job's status: 128+N when signal N killed it.
 *
 * The arguments are the number of environment entries, the KEY=VALUE entries, then the job's argument
 * vector. The entries are exported in the job's subshell only, so that they cannot change the
 * script's own PATH or IFS. The script's own stderr goes to /dev/null, so a shell notice such as
 * `Terminated` never reaches the job's stderr. The job gets the channel's stderr through fd 5.
 */
const WRAPPER = `exec 3<&0 4</dev/null 5>&2 </dev/null 2>/dev/null
IFS= read -r size <&3 || exit 255
if [ "$size" -gt 0 ]; then
  input=$(mktemp) || exit 255
  head -c "$size" <&3 >"$input"
  exec 4<"$input"
  rm -f "$input"
fi
trap 'stopped=1' TERM
(
  count=$1
  shift
  while [ "$count" -gt 0 ]; do export "$1"; shift; count=$((count - 1)); done
  exec "$@"
) <&4 2>&5 3<&- 4<&- 5>&- &
job=$!
(
  while read -r line; do :; done
  trap '' TERM
  (sleep 2; kill -KILL "$job"; sleep 0.2 || sleep 1; kill -KILL 0) &
  kill -TERM 0
) <&3 >/dev/null 3<&- 4<&- 5>&- &
wait "$job"
status=$?
if [ -n "\${stopped-}" ]; then
  wait "$job"
  status=$?
fi
trap '' TERM
kill -TERM 0
exit "$status"`;

/**
 * Milliseconds that a job's client waits, once cooperate has closed the channel's input, for the
 * remote wrapper to report the job's status: its 2 s grace period and 0.2 s, with a margin.
 */
export const REMOTE_STOP_MS = 3000;

/**
 * Linux caps one argument of a program at 131072 bytes (MAX_ARG_STRLEN), and the whole remote
 * command reaches the login shell as the single argument after `-c`.
 */
export const MAX_REMOTE_COMMAND_BYTES = 131_071;

/** Builds the header line with the byte count of the job's input, which the remote wrapper reads first. */
export function inputHeader(byteCount: number): Buffer {
  return Buffer.from(`${byteCount}\n`);
}

/**
 * Builds the command string that ssh sends to the node. Every word is quoted, so the job gets the
 * same bytes as on a local node whatever they contain; a `-c` line runs as `/bin/sh -c LINE`.
 *
 * NOTE: the login shell parses this string before /bin/sh runs the wrapper. sh, bash, dash, ksh and zsh
 * read the single quotes as POSIX defines them, but csh and fish treat some bytes inside them otherwise.
 */
export function buildRemoteCommand(
  command: Command,
  env: Readonly<Record<string, string>>,
): string | { error: string } {
  const argv = command.kind === 'shell' ? ['/bin/sh', '-c', '--', command.line] : command.argv;
  const entries = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  const remote = `exec /bin/sh -c ${shellQuote([WRAPPER, 'sh', String(entries.length), ...entries, ...argv])}`;
  const size = Buffer.byteLength(remote);
  if (size > MAX_REMOTE_COMMAND_BYTES) {
    return {
      error:
        `the command and its -e values take ${size} bytes once quoted for ssh, above the limit of ` +
        `${MAX_REMOTE_COMMAND_BYTES} bytes for one argument on Linux (MAX_ARG_STRLEN); ` +
        'put the command in a script on the node or send the data with --stdin',
    };
  }
  return remote;
}
