/** When to colour: `auto` colours a stream only when it is a terminal and NO_COLOR is unset or empty. */
export type ColorMode = 'auto' | 'always' | 'never';

/** Decides whether to colour what goes to `stream`; `always` wins over NO_COLOR, as no-color.org asks. */
export function shouldColor(mode: ColorMode, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (mode !== 'auto') {
    return mode === 'always';
  }
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Foreground colours for node prefixes, skipping black and white, which vanish on some terminals. */
const NODE_COLORS = [36, 33, 35, 32, 34, 31, 96, 93, 95, 92, 94, 91];

/** Paints `text` with the node's colour, or returns it as it is when `enabled` is false. */
export function paintNode(text: string, nodeIndex: number, enabled: boolean): string {
  if (!enabled) {
    return text;
  }
  return `\x1b[${NODE_COLORS[nodeIndex % NODE_COLORS.length] ?? 36}m${text}\x1b[0m`;
}

/** Paints `text` red for failures, or returns it as it is. */
export function paintFailure(text: string, enabled: boolean): string {
  return enabled ? `\x1b[31m${text}\x1b[0m` : text;
}

/** Paints `text` bold for headers, or returns it as it is. */
export function paintHeader(text: string, enabled: boolean): string {
  return enabled ? `\x1b[1m${text}\x1b[0m` : text;
}
