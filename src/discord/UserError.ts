/**
 * An expected failure the user can fix or should know about: bad input, nothing found, a missing
 * permission. Its message is shown to them as is, only to them; nothing is logged as an error.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
