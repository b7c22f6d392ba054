// The custom robot double's verdict on one send, in DingTalk's order: the token, the 加签 (timestamp within an hour,
// HMAC-SHA256), the size, the rate (20 a minute, then a 10-minute block), injected failures, the message itself.
import { createHmac } from 'node:crypto';
import {
  ROBOT_ERRCODE,
  type CustomRobotServerOptions,
  type RobotMessage,
  type RobotSpec,
} from './custom-robot-types.ts';
import { validateOutgoingMessage, WEBHOOK_ERRMSG } from './validate-outgoing-message.ts';

const MAX_BODY_BYTES = 20_000;
const SIGN_WINDOW_MS = 3_600_000;

export interface RobotSendState {
  readonly robots: ReadonlyMap<string, RobotSpec>;
  readonly perMinute: number;
  readonly blockMs: number;
  /** Accepted sends per token (epoch ms), for the rate limit. */
  readonly sends: Map<string, number[]>;
  readonly blockedUntil: Map<string, number>;
  readonly received: RobotMessage[];
  failures: { n: number; errcode: number };
}

export function createRobotSendState(options: CustomRobotServerOptions): RobotSendState {
  return {
    robots: new Map(options.robots.map((r) => [r.accessToken, r])),
    perMinute: options.perMinute ?? 20,
    blockMs: options.blockMs ?? 600_000,
    sends: new Map(),
    blockedUntil: new Map(),
    received: [],
    failures: { n: 0, errcode: ROBOT_ERRCODE.sendTooFast },
  };
}

/** DingTalk's 加签, written out here: the double shares no code with the product it checks. */
function expectedSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** The answer to one send; an accepted one is recorded in `state.received`. */
export function judgeRobotSend(
  state: RobotSendState,
  token: string,
  url: URL,
  raw: Buffer,
  t: number,
): { readonly errcode: number; readonly errmsg: string } {
  const robot = state.robots.get(token);
  if (!robot) return { errcode: ROBOT_ERRCODE.tokenNotExist, errmsg: 'token is not exist' };
  if (robot.secret !== undefined) {
    const ts = url.searchParams.get('timestamp') ?? '';
    const sign = url.searchParams.get('sign') ?? '';
    if (!/^\d{13}$/.test(ts) || Math.abs(t - Number(ts)) > SIGN_WINDOW_MS)
      return { errcode: ROBOT_ERRCODE.security, errmsg: 'invalid timestamp' };
    if (sign !== expectedSign(robot.secret, ts))
      return { errcode: ROBOT_ERRCODE.security, errmsg: 'sign not match' };
  }
  if (raw.length > MAX_BODY_BYTES)
    return { errcode: ROBOT_ERRCODE.messageTooLong, errmsg: WEBHOOK_ERRMSG.messageTooLong };
  const tooFast = { errcode: ROBOT_ERRCODE.sendTooFast, errmsg: WEBHOOK_ERRMSG.sendTooFast };
  if ((state.blockedUntil.get(token) ?? 0) > t) return tooFast;
  const recent = (state.sends.get(token) ?? []).filter((s) => s > t - 60_000);
  if (recent.length >= state.perMinute) {
    state.blockedUntil.set(token, t + state.blockMs);
    return tooFast;
  }
  if (state.failures.n > 0) {
    state.failures = { ...state.failures, n: state.failures.n - 1 };
    return { errcode: state.failures.errcode, errmsg: `injected failure ${state.failures.errcode}` };
  }
  const checked = validateOutgoingMessage(raw.toString('utf8'));
  if (!checked.ok) return { errcode: checked.errcode, errmsg: checked.errmsg };
  recent.push(t);
  state.sends.set(token, recent);
  const part = checked.body[checked.msgtype] as Record<string, unknown>;
  state.received.push({
    accessToken: token,
    msgtype: checked.msgtype,
    title: typeof part['title'] === 'string' ? part['title'] : '',
    text: checked.text,
    atUserIds: checked.atUserIds,
    at: t,
  });
  return { errcode: ROBOT_ERRCODE.ok, errmsg: 'ok' };
}
