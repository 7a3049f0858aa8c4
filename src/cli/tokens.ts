/** The options of a command line that take a value, by short letter and by long name. */
export interface ValueOptions {
  short: ReadonlySet<string>;
  long: ReadonlySet<string>;
}

/**
 * Says whether `arg` is an option whose value is the next argument: `--command` is, `--command=x`
 * is not, and in a cluster of short options such as `-lc` the value follows only when the
 * value-taking letter comes last.
 */
export function takesSeparateValue(arg: string, options: ValueOptions): boolean {
  if (arg.startsWith('--')) {
    return !arg.includes('=') && options.long.has(arg.slice(2));
  }
  if (!arg.startsWith('-') || arg.length < 2) {
    return false;
  }
  for (let index = 1; index < arg.length; index++) {
    if (options.short.has(arg.charAt(index))) {
      return index === arg.length - 1;
    }
  }
  return false;
}

/**
 * Splits a command line at the `--` that ends the options, skipping option values, so that
 * `-c --` keeps `--` as the command. Returns the options and the argument vector after `--`,
 * or null when there is no `--`.
 */
export function splitAtDoubleDash(
  args: readonly string[],
  options: ValueOptions,
): { options: string[]; argv: string[] | null } {
  let isValue = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (isValue) {
      isValue = false;
      continue;
    }
    if (arg === '--') {
      return { options: args.slice(0, index), argv: args.slice(index + 1) };
    }
    isValue = takesSeparateValue(arg, options);
  }
  return { options: [...args], argv: null };
}
