// Signed DingTalk callbacks for load: a fresh msgId, sessionWebhook and signature (timestamp = now) per request.
import { randomBytes } from 'node:crypto';
import { createCallbackBuilder, signCallback, uniqueTimestamp } from '../../test/support/dingtalk/index.ts';

export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface MessageOptions {
  readonly text: string;
  readonly conversationId: string;
  readonly staffId: string;
  readonly sessionWebhook: string;
}

const builder = createCallbackBuilder({ seed: 'kubetalk-bench' });
let counter = 0;

/** A unique id per process and call: DingTalk's msgIds are opaque strings of about this size. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${counter.toString(36)}${randomBytes(4).toString('hex')}`;
}

/** A per-process unique timestamp (see `uniqueTimestamp` in the DingTalk double), as header text. */
function uniqueTimestampText(): string {
  return String(uniqueTimestamp());
}

export function signedHeaders(secret: string, timestamp = uniqueTimestampText()): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    timestamp,
    sign: signCallback(secret, timestamp),
  };
}

/** A group message that @-mentions the bot, signed with `secret`. */
export function signedMessage(secret: string, m: MessageOptions): SignedRequest {
  const body = builder.buildGroupMessage({
    message: m.text,
    conversationId: m.conversationId,
    sender: { staffId: m.staffId, nick: m.staffId },
    sessionWebhook: m.sessionWebhook,
    msgId: uniqueId('msg'),
  });
  return { headers: signedHeaders(secret), body: JSON.stringify(body) };
}

/** A well-formed message whose signature is random bytes: what an attacker without the secret can send. */
export function forgedMessage(m: MessageOptions): SignedRequest {
  const timestamp = uniqueTimestampText();
  const body = builder.buildGroupMessage({
    message: m.text,
    conversationId: m.conversationId,
    sender: { staffId: m.staffId },
    sessionWebhook: m.sessionWebhook,
    msgId: uniqueId('forged'),
  });
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      timestamp,
      sign: randomBytes(32).toString('base64'),
    },
    body: JSON.stringify(body),
  };
}

/** POSTs one request; resolves to the status (the body is drained so the connection is reused). */
export async function post(url: string, req: SignedRequest): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
  await res.arrayBuffer();
  return res.status;
}
