/** Discord's nested form errors: `{ embeds: { 0: { title: { _errors: [...] } } } }`. */
export type FormErrors = { [key: string]: FormErrors | Array<{ code: string; message: string }> };

/** An error answer in Discord's shape: `{ message, code, errors? }` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super(message);
  }

  /** The JSON body Discord sends for this error. */
  body(): Record<string, unknown> {
    return this.errors
      ? { message: this.message, code: this.code, errors: this.errors }
      : { message: this.message, code: this.code };
  }
}

/** The errors the emulator raises, by Discord's codes. */
export const apiErrors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownEmoji: () => new ApiError(400, 10014, 'Unknown Emoji'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  invalidForm: (errors: FormErrors) => new ApiError(400, 50035, 'Invalid Form Body', errors),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
};

/** One form error at `path`, e.g. `formError(['data', 'type'], 'INTERACTION_RESPONSE_TYPE_INVALID', '…')`. */
export function formError(path: ReadonlyArray<string | number>, code: string, message: string): FormErrors {
  const leaf: FormErrors = { _errors: [{ code, message }] };
  return path.reduceRight<FormErrors>((inner, key) => ({ [String(key)]: inner }), leaf);
}
