/**
 * Copies `bytes` with `indent` before each line that has text: before the first byte when
 * `atLineStart`, and after every line feed that is followed by more text. A line that is only a line
 * feed stays empty, so no line ends in spaces. It works on bytes with native searches, which makes less
 * garbage than a string per chunk and leaves every byte as it is.
 */
export function indentLines(bytes: Buffer, indent: Buffer, atLineStart: boolean): Buffer {
  let lines = 1;
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) {
    lines++;
  }
  const indented = Buffer.allocUnsafe(bytes.length + indent.length * lines);
  let written = 0;
  let read = 0;
  let lineStart = atLineStart;
  while (read < bytes.length) {
    const newline = bytes.indexOf(0x0a, read);
    const end = newline === -1 ? bytes.length : newline + 1;
    if (lineStart && bytes[read] !== 0x0a) {
      written += indent.copy(indented, written);
    }
    written += bytes.copy(indented, written, read, end);
    read = end;
    lineStart = true;
  }
  return indented.subarray(0, written);
}
