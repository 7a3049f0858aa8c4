import type { Command } from '../jobs/job.js';

/**
 * Shell script that every container job runs under: `sh -c JOB_SCRIPT sh JOB_SCRIPT KEY ARGV...`.
 *
 * Ending the local `docker exec` or `lxc-attach` client does not end the command inside the container.
 * So the script makes the job a process group of its own and stores the group id in a file named after
 * KEY, where the stop script finds it. Then it runs ARGV in a child with `exec`, so the bytes of ARGV
 * reach the program unchanged and a missing program gives a shell's 127. A child killed by signal N
 * gives 128+N, which the script passes on as its own exit status.
 *
 * Line by line:
 * - A process of `docker exec` or `podman exec` already leads its own session (runc makes it so), but
 *   one of `lxc-attach` is in the client's group, outside the container: `setsid` makes it a leader.
 *   The script re-runs itself there, so it needs itself as $1.
 *   NOTE: a container without `setsid` (LXC only) fails every job with 127 and "setsid: not found".
 * - The script's own stderr goes to /dev/null so that its shell does not print "Terminated" when the
 *   child dies by a signal, but the child gets the original stderr back as fd 4. The child runs as a
 *   background job so that ash does not report it, with the original stdin restored from fd 3.
 * - The stop script sends SIGTERM to the whole group. The script itself only notes it (`trap :`, which
 *   the child does not inherit) and goes on waiting, so that it still passes on the child's status.
 * - When the child has ended, a background child that still holds stdout or stderr would keep the
 *   engine's client waiting. As on a local node, it gets 200 ms to finish its output, and then the
 *   whole group gets SIGKILL from a helper whose own output goes nowhere.
 */
const JOB_SCRIPT = `read -r _ _ _ _ g _ </proc/$$/stat
[ "$g" = "$$" ] || exec setsid sh -c "$1" sh "$@"
f=/tmp/.cooperate-job-$2
shift 2
echo "$$" >"$f" 2>/dev/null
exec 3<&0 4>&2 2>/dev/null
trap : TERM
(exec "$@" <&3 2>&4 3<&- 4>&-) &
c=$!
wait "$c"
s=$?
while [ "$s" -gt 128 ] && kill -0 "$c" 2>/dev/null; do
  wait "$c"
  s=$?
done
rm -f "$f"
(sleep 0.2 || sleep 1; kill -9 -$$) </dev/null >/dev/null 2>&1 &
exit "$s"`;

/**
 * Shell script that stops one job inside its container: `sh -c STOP_SCRIPT sh KEY`. It waits up to 1 s
 * for the job script to store its group id (the stop may come just after the start), sends SIGTERM to
 * the group, gives it up to 2 s to end, then sends SIGKILL. A member that has ended but stays a zombie
 * still counts for `kill -0`, and many containers run a PID 1 that never reaps, so the check reads the
 * state and group of each process from /proc instead. Busybox's `kill` rejects `--`, so the negative
 * group id follows the signal directly, a form that dash, bash and busybox sh all accept.
 */
const STOP_SCRIPT = `f=/tmp/.cooperate-job-$1
running() {
  for s in /proc/[0-9]*/stat; do
    read -r l <"$s" 2>/dev/null || continue
    set -- \${l##*) }
    [ "$3" = "$g" ] && [ "$1" != Z ] && return 0
  done
  return 1
}
i=0
while [ ! -s "$f" ] && [ "$i" -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
read -r g <"$f" 2>/dev/null || exit 0
kill -TERM -"$g" 2>/dev/null
i=0
while running && [ "$i" -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL -"$g" 2>/dev/null
rm -f "$f"
exit 0`;

/**
 * Names the jobs of one run inside containers, so that runs sharing a container never meet. The global
 * Web Crypto object is used rather than an import of node:crypto, which every run would pay for at
 * start-up.
 */
export function createRunToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
}

/** Key of one job in its container: the run's token and the job's sequence number. */
export function jobKey(runToken: string, seq: number): string {
  return `${runToken}-${seq}`;
}

/** Builds the argument vector that runs `command` in a container under the job script. */
export function wrapContainerCommand(key: string, command: Command): string[] {
  const argv = command.kind === 'shell' ? ['sh', '-c', '--', command.line] : command.argv;
  return ['sh', '-c', JOB_SCRIPT, 'sh', JOB_SCRIPT, key, ...argv];
}

/** Builds the argument vector that stops the job with `key` and all its processes in its container. */
export function stopContainerCommand(key: string): string[] {
  return ['sh', '-c', STOP_SCRIPT, 'sh', key];
}
