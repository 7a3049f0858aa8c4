/**
 * Indenting benchmark, run by hand: `npm run build && node dist/bench/output/line-rewrite.bench.js [MB]`.
 * It indents MB megabytes (default 500) of 39-byte text lines in 256 KiB chunks, as the YAML view does
 * with spilled output. It does so once with `rewriteLines` and once with one `indexOf` and one `copy`
 * per line, checks that both give the same bytes, and prints the CPU time of each.
 */
import { rewriteLines, type LineRewrite } from '../../src/rendering/line-rewrite.js';

const CHUNK_BYTES = 256 * 1024;
const megabytes = Number(process.argv[2] ?? '500');
const line = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789AB\n');
const chunk = Buffer.alloc(CHUNK_BYTES);
for (let offset = 0; offset < CHUNK_BYTES; offset += line.length) {
  line.copy(chunk, offset);
}
const indent = Buffer.from('  ');
const rewrite: LineRewrite = { lineStart: indent, startEmptyLines: false, lineFeed: Buffer.from('\n') };

/** Indents with one native search and one native copy per line. */
function indentPerLine(bytes: Buffer): Buffer {
  let lines = 1;
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) {
    lines++;
  }
  const indented = Buffer.allocUnsafe(bytes.length + indent.length * lines);
  let written = 0;
  let read = 0;
  while (read < bytes.length) {
    const newline = bytes.indexOf(0x0a, read);
    const end = newline === -1 ? bytes.length : newline + 1;
    if (bytes[read] !== 0x0a) {
      written += indent.copy(indented, written);
    }
    written += bytes.copy(indented, written, read, end);
    read = end;
  }
  return indented.subarray(0, written);
}

/** Runs `indentChunk` over MB megabytes and returns the CPU milliseconds it took. */
function cpuMilliseconds(indentChunk: (bytes: Buffer) => Buffer): number {
  const chunks = Math.round((megabytes * 1e6) / CHUNK_BYTES);
  const started = process.cpuUsage();
  let total = 0;
  for (let index = 0; index < chunks; index++) {
    total += indentChunk(chunk).length;
  }
  const used = process.cpuUsage(started);
  if (total === 0) {
    throw new Error('no output');
  }
  return (used.user + used.system) / 1000;
}

if (!rewriteLines(chunk, rewrite, true).equals(indentPerLine(chunk))) {
  throw new Error('rewriteLines and the per-line indentation differ');
}
console.log(`${megabytes} MB of 39-byte lines, Node ${process.version}`);
console.log(
  `rewriteLines:           ${cpuMilliseconds((bytes) => rewriteLines(bytes, rewrite, true)).toFixed(0)} ms CPU`,
);
console.log(`indexOf + copy per line: ${cpuMilliseconds(indentPerLine).toFixed(0)} ms CPU`);
