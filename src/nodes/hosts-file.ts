/**
 * Reads the node specs of a hosts file: one spec a line, surrounding spaces ignored, `#` starting a
 * comment that runs to the end of the line, blank lines skipped. Specs are returned as written, ranges
 * unexpanded, with their line numbers for error messages.
 */
export function parseHostsFile(text: string): Array<{ spec: string; line: number }> {
  const specs: Array<{ spec: string; line: number }> = [];
  text.split('\n').forEach((rawLine, index) => {
    const hash = rawLine.indexOf('#');
    const spec = (hash === -1 ? rawLine : rawLine.slice(0, hash)).trim();
    if (spec !== '') {
      specs.push({ spec, line: index + 1 });
    }
  });
  return specs;
}
