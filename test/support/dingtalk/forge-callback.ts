// Forged deliveries for tests: wrong secret, stale or future timestamps, missing headers, replays, raw bytes.
import { CALLBACK_WINDOW_MS, sendCallback } from '../../../src/simulator/dingtalk/callback-client.ts';
import type {
  CallbackResponse,
  SendCallbackOptions,
} from '../../../src/simulator/dingtalk/callback-client.ts';

/** Signed with a secret that is not the robot's. */
export function sendCallbackWithWrongSecret(
  url: string,
  body: unknown,
  options: SendCallbackOptions,
): Promise<CallbackResponse> {
  return sendCallback(url, body, { ...options, secret: `${options.secret}-wrong` });
}

/** Correctly signed, but `ageMs` (default: just over an hour) in the past. */
export function sendStaleCallback(
  url: string,
  body: unknown,
  options: SendCallbackOptions & { readonly ageMs?: number },
): Promise<CallbackResponse> {
  const now = (options.now ?? Date.now)();
  return sendCallback(url, body, { ...options, timestamp: now - (options.ageMs ?? CALLBACK_WINDOW_MS + 1) });
}

/** Correctly signed, but `aheadMs` (default: just over an hour) in the future. */
export function sendFutureCallback(
  url: string,
  body: unknown,
  options: SendCallbackOptions & { readonly aheadMs?: number },
): Promise<CallbackResponse> {
  const now = (options.now ?? Date.now)();
  return sendCallback(url, body, {
    ...options,
    timestamp: now + (options.aheadMs ?? CALLBACK_WINDOW_MS + 1),
  });
}

/** Without the signature headers (both by default). */
export function sendCallbackWithoutHeaders(
  url: string,
  body: unknown,
  options: SendCallbackOptions,
): Promise<CallbackResponse> {
  return sendCallback(url, body, { ...options, omitHeaders: options.omitHeaders ?? ['timestamp', 'sign'] });
}

/**
 * Replays the (timestamp, sign) pair of an earlier callback with a different body. The signature covers only
 * the timestamp, so DingTalk's scheme cannot detect this inside the window; kubetalk must dedupe by msgId.
 */
export function replayCallback(
  url: string,
  earlier: CallbackResponse,
  body: unknown,
): Promise<CallbackResponse> {
  const { timestamp, sign } = earlier.request;
  return sendCallback(url, body, { secret: '', timestamp, sign });
}

/** Correctly signed raw bytes, e.g. malformed JSON or invalid UTF-8. */
export function sendRawCallback(
  url: string,
  bytes: Buffer | string,
  options: SendCallbackOptions,
): Promise<CallbackResponse> {
  return sendCallback(url, bytes, options);
}
