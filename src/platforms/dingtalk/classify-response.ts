// What one POST to a sessionWebhook means for the sender: done, retry, shorten, or give up.

/** DingTalk errcodes the reply client treats specially (§2.3 of the protocol reference). */
export const DINGTALK_ERRCODE = {
  ok: 0,
  sendTooFast: 130101,
  sessionNotFound: 300001,
  messageTooLong: 460101,
} as const;

export type AttemptOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'retry'; readonly reason: string; readonly errcode?: number }
  | { readonly kind: 'too-long'; readonly reason: string; readonly errcode: number }
  | { readonly kind: 'fail'; readonly reason: string; readonly errcode?: number };

/**
 * DingTalk reports business errors inside HTTP 200, so the errcode decides. A 200 without a readable
 * errcode is not retried: the message may well have been posted, and a retry would duplicate it.
 */
export function classifyResponse(status: number, bodyText: string): AttemptOutcome {
  if (status >= 500 || status === 429) return { kind: 'retry', reason: `http ${status}` };
  if (status !== 200) return { kind: 'fail', reason: `http ${status}` };
  const errcode = readErrcode(bodyText);
  if (errcode === undefined) return { kind: 'fail', reason: 'response without errcode' };
  switch (errcode) {
    case DINGTALK_ERRCODE.ok:
      return { kind: 'ok' };
    case DINGTALK_ERRCODE.sendTooFast:
      return { kind: 'retry', reason: 'rate limited', errcode };
    case DINGTALK_ERRCODE.sessionNotFound:
      return { kind: 'fail', reason: 'session expired', errcode };
    case DINGTALK_ERRCODE.messageTooLong:
      return { kind: 'too-long', reason: 'message too long', errcode };
    default:
      return { kind: 'fail', reason: `errcode ${errcode}`, errcode };
  }
}

/** fetch rejected: our own per-attempt timeout, or the network (reset, refused, DNS…). Both are retried. */
export function classifyFetchError(err: unknown): AttemptOutcome {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', reason: 'timeout' };
  return { kind: 'retry', reason: 'network error' };
}

function readErrcode(bodyText: string): number | undefined {
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body !== 'object' || body === null || !('errcode' in body)) return undefined;
    return typeof body.errcode === 'number' ? body.errcode : undefined;
  } catch {
    return undefined;
  }
}
