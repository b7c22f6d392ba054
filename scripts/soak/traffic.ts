// The soak's traffic: a weighted mix of valid and hostile callbacks, each checked against the answer it must get.
import { randomBytes } from 'node:crypto';
import {
  forgedMessage,
  signedHeaders,
  signedMessage,
  uniqueId,
  type SignedRequest,
} from '../../bench/lib/callbacks.ts';

export type TrafficKind =
  | 'help'
  | 'scale'
  | 'unknown'
  | 'forged'
  | 'malformed'
  | 'oversized'
  | 'replayed'
  | 'redelivered'
  | 'wrong-type';

/** What each kind must be answered with; valid kinds must also get exactly one reply. */
export const EXPECTED_STATUS: Readonly<Record<TrafficKind, number>> = {
  help: 200,
  scale: 200,
  unknown: 200,
  forged: 401,
  malformed: 400,
  oversized: 413,
  replayed: 401,
  redelivered: 200,
  'wrong-type': 415,
};

const WEIGHTS: ReadonlyArray<readonly [TrafficKind, number]> = [
  ['help', 30],
  ['unknown', 10],
  ['forged', 15],
  ['malformed', 10],
  ['oversized', 5],
  ['replayed', 10],
  ['redelivered', 10],
  ['wrong-type', 5],
];

export interface TrafficTarget {
  readonly callbackUrl: string;
  readonly secret: string;
  /** The conversation and sender a `scale` ChatCommand admits, and the Deployment it scales. */
  readonly group: string;
  readonly user: string;
  readonly deployment: string;
  readonly sessionUrl: (session: string) => string;
}

export interface TrafficStats {
  readonly sent: Record<TrafficKind, number>;
  /** Answers other than the expected status, by kind (`kind status`). */
  readonly unexpected: Record<string, number>;
  transportErrors: number;
  /** Sessions that must receive exactly one reply, with the time they were sent. */
  readonly expectReply: Map<string, number>;
}

export interface Traffic {
  readonly stats: TrafficStats;
  /** Sends one request of a random kind (by weight). */
  sendRandom(): Promise<void>;
  sendScale(replicas: number): Promise<void>;
}

async function send(url: string, req: SignedRequest): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
  await res.arrayBuffer();
  return res.status;
}

export function createTraffic(t: TrafficTarget): Traffic {
  const sent = Object.fromEntries(Object.keys(EXPECTED_STATUS).map((k) => [k, 0])) as Record<
    TrafficKind,
    number
  >;
  const stats: TrafficStats = { sent, unexpected: {}, transportErrors: 0, expectReply: new Map() };
  // The latest valid delivery, whose headers a replay reuses and whose body a redelivery repeats.
  let last: SignedRequest | undefined;
  const total = WEIGHTS.reduce((a, [, w]) => a + w, 0);

  const message = (text: string, session: string, user = `u${randomBytes(4).toString('hex')}`) =>
    signedMessage(t.secret, {
      text,
      // A sender and conversation of its own per message: the abuse limits are per sender and conversation.
      conversationId: text.startsWith('scale ') ? t.group : `cidSoak${randomBytes(6).toString('hex')}`,
      staffId: text.startsWith('scale ') ? t.user : user,
      sessionWebhook: t.sessionUrl(session),
    });

  async function deliver(kind: TrafficKind, req: SignedRequest, session?: string): Promise<void> {
    sent[kind] += 1;
    if (session !== undefined) stats.expectReply.set(session, Date.now());
    try {
      const status = await send(t.callbackUrl, req);
      if (status !== EXPECTED_STATUS[kind]) {
        const key = `${kind} ${status}`;
        stats.unexpected[key] = (stats.unexpected[key] ?? 0) + 1;
        if (session !== undefined) stats.expectReply.delete(session);
      }
    } catch {
      stats.transportErrors += 1;
      if (session !== undefined) stats.expectReply.delete(session);
    }
  }

  async function sendKind(kind: TrafficKind): Promise<void> {
    const session = uniqueId('soak');
    switch (kind) {
      case 'help':
      case 'unknown': {
        const req = message(
          kind === 'help' ? 'help' : `frobnicate ${randomBytes(3).toString('hex')}`,
          session,
        );
        await deliver(kind, req, session);
        // Only once it has been answered: a replay racing ahead of its original would be the first to arrive,
        // and rightly accepted, leaving the original to be refused.
        last = req;
        return;
      }
      case 'forged':
        return deliver(
          kind,
          forgedMessage({
            text: 'scale web 1',
            conversationId: t.group,
            staffId: t.user,
            sessionWebhook: t.sessionUrl(session),
          }),
        );
      case 'malformed':
        return deliver(kind, {
          headers: signedHeaders(t.secret),
          body: `{"msgtype":"text","text":{"content":"help"`,
        });
      case 'oversized':
        return deliver(kind, {
          headers: signedHeaders(t.secret),
          body: JSON.stringify({ msgtype: 'text', pad: 'x'.repeat(70_000) }),
        });
      case 'wrong-type':
        return deliver(kind, {
          headers: { ...signedHeaders(t.secret), 'content-type': 'text/plain' },
          body: 'help',
        });
      case 'replayed': {
        if (!last) return sendKind('help');
        // A captured (timestamp, sign) pair carrying another message: must be refused.
        const other = message('help', session);
        return deliver(kind, { headers: last.headers, body: other.body });
      }
      case 'redelivered':
        // DingTalk's own retry: same headers, same body, same msgId — 200 and nothing runs twice.
        if (!last) return sendKind('help');
        return deliver(kind, last);
      case 'scale':
        throw new Error('scale is paced separately');
    }
  }

  return {
    stats,
    sendRandom() {
      let r = Math.random() * total;
      for (const [kind, w] of WEIGHTS) {
        r -= w;
        if (r < 0) return sendKind(kind);
      }
      return sendKind('help');
    },
    sendScale(replicas) {
      const session = uniqueId('soak');
      return deliver('scale', message(`scale ${t.deployment} ${replicas}`, session), session);
    },
  };
}
