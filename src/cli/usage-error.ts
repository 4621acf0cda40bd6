/** A usage or validation problem: exit code 2. */
export class UsageError extends Error {
  /**
   * @param message what is wrong, naming the flag, the argument or the environment variable.
   * @param next the one line that says what to do about it, when there is one.
   */
  constructor(
    message: string,
    readonly next?: string,
  ) {
    super(message);
  }
}
