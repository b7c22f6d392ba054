// What a custom robot's answer means. DingTalk answers HTTP 200 with {errcode, errmsg} even on failure (§2.3).

export type RobotOutcome =
  | { readonly kind: 'delivered' }
  /** May pass by itself (throttled, DingTalk down): the sender should be asked again later. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Will not pass without someone changing the robot or its Secret (bad sign, unknown token, too long). */
  | { readonly kind: 'permanent'; readonly reason: string };

/** send too fast, exceed 20 times per minute; the robot is then blocked for 10 minutes. */
export const ERRCODE_TOO_FAST = 130101;
/** Security check failed: bad sign, stale timestamp, keyword missing, IP not allowed. */
export const ERRCODE_SECURITY = 310000;
export const ERRCODE_TOO_LONG = 460101;

export function classifyRobotAnswer(status: number, text: string): RobotOutcome {
  if (status === 429 || status >= 500) return { kind: 'transient', reason: `http ${status}` };
  if (status < 200 || status >= 300) return { kind: 'permanent', reason: `http ${status}` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // DingTalk has been seen answering an HTML error page with 200 (timonwong#25): not proof of delivery.
    return { kind: 'transient', reason: 'answer is not JSON' };
  }
  const errcode =
    typeof body === 'object' && body !== null ? (body as { errcode?: unknown }).errcode : undefined;
  const errmsg =
    typeof body === 'object' && body !== null ? (body as { errmsg?: unknown }).errmsg : undefined;
  if (errcode === 0) return { kind: 'delivered' };
  const reason = `errcode ${String(errcode)}${typeof errmsg === 'string' ? ` ${errmsg.slice(0, 120)}` : ''}`;
  if (errcode === ERRCODE_TOO_FAST) return { kind: 'transient', reason };
  if (typeof errcode !== 'number') return { kind: 'transient', reason: 'answer without errcode' };
  return { kind: 'permanent', reason };
}
