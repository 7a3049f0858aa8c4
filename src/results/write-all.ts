import { writeSync } from 'node:fs';

/** Writes every byte of `bytes` to the file descriptor, looping over short writes. */
export function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    offset += writeSync(fd, bytes, offset);
  }
}
