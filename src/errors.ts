// The error vocabulary: what a chat user may see (UserFacingError) versus everything else ("internal error").

/** A message key plus parameters, rendered in the sender's locale by the dispatcher. */
export interface UserMessage {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * An error whose message is safe and useful to show in chat. Anything that is not a UserFacingError is
 * shown as "internal error (ref …)" and logged in full for operators.
 */
export class UserFacingError extends Error {
  readonly userMessage: UserMessage;
  constructor(key: string, params: Readonly<Record<string, string | number>> = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'UserFacingError';
    this.userMessage = { key, params };
  }
}

export function isUserFacingError(err: unknown): err is UserFacingError {
  return err instanceof UserFacingError;
}

/** Text of any thrown value, for logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
