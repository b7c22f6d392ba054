// Sends markdown to custom group robots: host allow-list, 加签, at most 20 messages a minute per robot (checked
// before sending, never queued past the caller's patience), the 20,000-byte body limit, errcodes inside HTTP 200.
import { createHash } from 'node:crypto';
import { checkApiUrl, type ApiUrlPolicy } from '../check-api-url.ts';
import { measureBodyBytes, renderReply, MAX_DINGTALK_BODY_BYTES } from '../render-reply.ts';
import type { OutboundReply } from '../../../dispatch/ports/chat.ts';
import { classifyRobotAnswer, type RobotOutcome } from './classify-robot-answer.ts';
import { signRobotUrl } from './sign-robot-url.ts';

export interface RobotTarget {
  /** https://oapi.dingtalk.com/robot/send?access_token=… */
  readonly url: string;
  /** The 加签 secret (SEC…); empty when the robot uses keywords or an IP list instead. */
  readonly secret: string;
}

export interface RobotClientOptions {
  readonly policy: ApiUrlPolicy;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly timeoutMs?: number;
  /** Messages per rolling minute per robot (DingTalk: 20, then a 10-minute block). */
  readonly perMinute?: number;
}

export interface RobotClient {
  send(target: RobotTarget, reply: OutboundReply): Promise<RobotOutcome>;
}

export const ROBOT_MESSAGES_PER_MINUTE = 20;

export function createRobotClient(opts: RobotClientOptions): RobotClient {
  const fetchImpl = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const perMinute = opts.perMinute ?? ROBOT_MESSAGES_PER_MINUTE;
  /** Send times in the last minute, per robot (keyed by a digest of its URL: the token is a credential). */
  const sent = new Map<string, number[]>();

  const takeSlot = (key: string): boolean => {
    const t = now();
    const times = (sent.get(key) ?? []).filter((s) => s > t - 60_000);
    if (times.length >= perMinute) {
      sent.set(key, times);
      return false;
    }
    times.push(t);
    sent.set(key, times);
    if (sent.size > 10_000) for (const [k, v] of sent) if (v.every((s) => s <= t - 60_000)) sent.delete(k);
    return true;
  };

  return {
    async send(target, reply) {
      const checked = checkApiUrl(target.url, 'https', opts.policy);
      if (!checked.ok) return { kind: 'permanent', reason: `robot URL refused: ${checked.reason}` };
      let body: ReturnType<typeof renderReply>;
      try {
        body = renderReply(reply, { maxBodyBytes: MAX_DINGTALK_BODY_BYTES });
      } catch {
        return { kind: 'permanent', reason: 'message cannot fit in 20,000 bytes' };
      }
      // renderReply already cuts; this is the last guard before the wire.
      if (measureBodyBytes(body) > MAX_DINGTALK_BODY_BYTES)
        return { kind: 'permanent', reason: 'message over 20,000 bytes' };
      const key = createHash('sha256').update(checked.url.href).digest('hex');
      if (!takeSlot(key))
        return { kind: 'transient', reason: `more than ${perMinute} messages a minute to this robot` };
      const url = target.secret === '' ? checked.url : signRobotUrl(checked.url, target.secret, now());
      try {
        const res = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
          redirect: 'manual',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        return classifyRobotAnswer(res.status, await res.text());
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        return { kind: 'transient', reason: name === 'TimeoutError' ? 'timeout' : 'network error' };
      }
    },
  };
}
