import { readdirSync, readFileSync } from 'node:fs';
import { after, before } from 'node:test';

import { sshLabSkipReason, startSshLab, type SshLab } from './sshd.js';

/**
 * Starts the ssh lab before the tests of the calling file and stops it after them. `skip` is the
 * reason to skip those tests on a machine without sshd, or false.
 */
export function useSshLab(): { skip: string | false; lab: () => SshLab } {
  const reason = sshLabSkipReason();
  let lab: SshLab | null = null;
  if (reason === null) {
    before(async () => {
      lab = await startSshLab();
    });
    after(async () => {
      await lab?.stop();
    });
  }
  return {
    skip: reason ?? false,
    lab: () => {
      if (!lab) {
        throw new Error('the ssh lab is not running');
      }
      return lab;
    },
  };
}

/** Command lines of the running processes that contain `text`, read from /proc. */
export function processesMatching(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
      continue;
    }
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (commandLine.includes(text)) {
      found.push(`${entry}: ${commandLine}`);
    }
  }
  return found;
}
