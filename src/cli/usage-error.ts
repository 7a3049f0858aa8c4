/** An invalid command line or argument file: reported in one line on stderr, exit status 2, nothing run. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
