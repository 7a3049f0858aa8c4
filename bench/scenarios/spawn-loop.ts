import { spawn } from 'node:child_process';

/**
 * Starts `/bin/sh -c LINE` COUNT times, WINDOW at a time, with cooperate's spawn options (own process
 * group, empty stdin, stdout and stderr read through pipes), and keeps no output: the least that a
 * Node.js program pays for many short jobs. Usage: node spawn-loop.js WINDOW COUNT LINE.
 */
function main(argv: readonly string[]): void {
  const [windowText = '', countText = '', line = ''] = argv;
  const window = Number(windowText);
  const count = Number(countText);
  if (
    !Number.isSafeInteger(window) ||
    window < 1 ||
    !Number.isSafeInteger(count) ||
    count < 0 ||
    line === ''
  ) {
    process.stderr.write(`spawn-loop: invalid arguments '${argv.join(' ')}'; give WINDOW COUNT LINE\n`);
    process.exitCode = 2;
    return;
  }
  let started = 0;
  const startNext = (): void => {
    if (started >= count) {
      return;
    }
    started++;
    const child = spawn('/bin/sh', ['-c', line], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', () => {});
    child.stderr.on('data', () => {});
    child.on('close', (code) => {
      if (code !== 0) {
        process.exitCode = 1;
      }
      startNext();
    });
  };
  for (let index = 0; index < window; index++) {
    startNext();
  }
}

main(process.argv.slice(2));
