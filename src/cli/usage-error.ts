/** An error that is the user's to fix (a missing file, a bad option): a message and exit code 2, no stack. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
