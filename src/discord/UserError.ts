/**
 * An expected failure the user can fix or should know about: bad input, nothing found, a missing
 * permission. Its message is shown to them as is, only to them; nothing is logged as an error.
 * `id` names the kind of failure for code and tests (e.g. `digest.time`).
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly id: string = 'user-error',
  ) {
    super(message);
  }
}
