/** Plain words for the file system errors that a path on the command line runs into most. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'not found',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
};

/** Describes why a file or directory could not be used, in plain words when the error code is a common one. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : REASONS[code]) ?? (error as Error).message;
}
