/**
 * Output benchmarks, run by hand: `npm run build && node dist/bench/output/output.bench.js [SCALE]`.
 * Needs GNU time at /usr/bin/time for peak memory. SCALE (default 1) multiplies the byte counts,
 * so 0.1 gives a quick check.
 *
 * 1. Throughput and peak memory of each view for 1 GiB from one local job and 200 MiB from each of 4
 *    jobs at once, against the same generators piped into `cat > /dev/null`.
 * 2. 10,000 lines from each of 50 jobs in the lines view: every line must arrive whole and in order.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const MIB = 1024 * 1024;
const scale = Number(process.argv[2] ?? '1');

/** A command that prints `bytes` bytes of 40-character text lines. */
function generator(bytes: number): string {
  return `yes 'abcdefghijklmnopqrstuvwxyz0123456789ab' | head -c ${Math.round(bytes)}`;
}

interface Measure {
  seconds: number;
  peakMiB: number;
}

/** Runs `argv` under GNU time with stdout to /dev/null and returns wall time and peak resident memory. */
function measure(argv: readonly string[]): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.error) {
    throw new Error(`could not run /usr/bin/time: ${result.error.message}; install GNU time`);
  }
  const lastLine = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds = '0', kib = '0'] = lastLine.split(' ');
  return { seconds: Number(seconds), peakMiB: Number(kib) / 1024 };
}

/** A Node.js script that runs `command` `jobs` times at once and reads and drops everything they print. */
function nodeReader(command: string, jobs: number): string {
  const spawnOne = `require('child_process').spawn('sh', ['-c', ${JSON.stringify(command)}]).stdout.on('data', () => {})`;
  return `for (let i = 0; i < ${jobs}; i++) ${spawnOne};`;
}

function printRow(name: string, label: string, totalMiB: number, run: Measure, baseline: Measure): void {
  const cells = [
    name,
    label,
    run.seconds.toFixed(2),
    (totalMiB / run.seconds).toFixed(0),
    (run.seconds / baseline.seconds).toFixed(2),
    run === baseline ? '-' : run.peakMiB.toFixed(0),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}

function throughput(): void {
  const cases = [
    { name: '1 GiB from 1 job', jobs: 1, bytes: 1024 * MIB * scale },
    { name: '200 MiB from each of 4 jobs', jobs: 4, bytes: 200 * MIB * scale },
  ];
  console.log('| case | view | seconds | MiB/s | time vs cat | peak MiB |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const { name, jobs, bytes } of cases) {
    const totalMiB = (bytes * jobs) / MIB;
    const parallel = Array.from({ length: jobs }, () => `(${generator(bytes)} | cat > /dev/null) &`).join(
      ' ',
    );
    const baseline = measure(['sh', '-c', `${parallel} wait`]);
    printRow(name, 'cat', totalMiB, baseline, baseline);
    // The floor for any Node.js program: spawn the same generators and drop what they print.
    printRow(
      name,
      'bare Node.js reader',
      totalMiB,
      measure([process.execPath, '-e', nodeReader(generator(bytes), jobs)]),
      baseline,
    );
    for (const view of ['yaml', 'json', 'lines', 'raw']) {
      const nodes = Array.from({ length: jobs }, () => '--local');
      const run = measure([process.execPath, CLI, ...nodes, '-q', '-o', view, '-c', generator(bytes)]);
      printRow(name, view, totalMiB, run, baseline);
    }
  }
}

/** Runs 50 jobs of 10,000 lines each in the lines view and checks each line and its order. */
async function manyLines(): Promise<void> {
  const jobs = 50;
  const lines = 10_000;
  const nodes = Array.from({ length: jobs }, () => '--local');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [CLI, ...nodes, '-q', '-o', 'lines', '-c', `seq -f 'line %g' 1 ${lines}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const next = new Map<string, number>();
  let bad = 0;
  let rest = '';
  for await (const chunk of child.stdout) {
    const text = rest + (chunk as Buffer).toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      const match = /^(local#\d+): +line (\d+)$/.exec(line);
      const expected = match ? (next.get(match[1] ?? '') ?? 1) : -1;
      if (!match || Number(match[2]) !== expected) {
        bad++;
        continue;
      }
      next.set(match[1] ?? '', expected + 1);
    }
  }
  const complete = [...next.values()].filter((value) => value === lines + 1).length;
  console.log(
    `\n${jobs} jobs x ${lines} lines in the lines view: ${complete}/${jobs} jobs complete and in order, ` +
      `${bad} bad or out-of-order lines, ${rest === '' ? 'no' : 'a'} cut last line, ${((Date.now() - started) / 1000).toFixed(2)} s`,
  );
}

console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg()[0]?.toFixed(1)}\n`,
);
throughput();
await manyLines();
