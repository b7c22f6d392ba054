// Wires DingTalk Stream mode into the same inbound path as the HTTP callback: dedupe by frame messageId and msgId,
// cross-replica claims, then the dispatcher (limits, audit, replies).
import { createHash } from 'node:crypto';
import type { MessageClaimStore } from '../../../dispatch/ports/message-claims.ts';
import type { Deduper } from '../../../dispatch/dedupe.ts';
import type { MessageHandler } from '../../../dispatch/ports/message-handler.ts';
import type { Logger } from '../../../log/logger.ts';
import type { ApiUrlPolicy } from '../check-api-url.ts';
import type { StreamDelivery } from './decide-frame.ts';
import type { StreamCounters } from './stream-counters.ts';
import { createStreamClient, type StreamClient } from './stream-client.ts';
import { admitByClaim } from '../../../dispatch/admit-by-claim.ts';

export { zeroStreamCounters, type StreamCounters } from './stream-counters.ts';

export interface DingTalkStreamDeps {
  readonly gatewayUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly policy: ApiUrlPolicy;
  readonly maxDataBytes: number;
  readonly deduper: Deduper;
  readonly claims?: MessageClaimStore | undefined;
  readonly dispatcher: MessageHandler;
  readonly metrics: StreamCounters;
  readonly log: Logger;
}

/** Handles one ACKed robot message: at most once per frame id and per msgId, in this replica and cluster-wide. */
export function createStreamMessageHandler(
  deps: Pick<DingTalkStreamDeps, 'deduper' | 'claims' | 'dispatcher' | 'metrics' | 'log'>,
): (delivery: StreamDelivery) => void {
  return ({ message, frameMessageId, data }) => {
    const frameKey = `stream-frame:${frameMessageId}`;
    // Both are recorded even when the first repeats, so a redelivery under either id is known next time.
    const newFrame = deps.deduper.firstSeen(frameKey);
    const newMessage = deps.deduper.firstSeen(message.messageId);
    if (!newFrame || !newMessage) {
      deps.metrics.streamFrames.inc({ kind: 'duplicate' });
      deps.log.info('duplicate delivery ignored', { msgId: message.messageId, messageId: frameMessageId });
      return;
    }
    const claims = deps.claims;
    if (!claims) return deps.dispatcher.handle(message);
    const digest = createHash('sha256').update(data).digest('base64');
    deps.dispatcher.handle(
      message,
      admitByClaim(
        claims,
        { msgId: message.messageId, signature: frameKey, digest },
        {
          onDuplicate: () => deps.metrics.streamFrames.inc({ kind: 'duplicate' }),
          onReplayed: () => deps.metrics.streamFrames.inc({ kind: 'duplicate' }),
          log: deps.log,
        },
      ),
    );
  };
}

export function startDingTalkStream(deps: DingTalkStreamDeps): StreamClient {
  const client = createStreamClient({
    gatewayUrl: deps.gatewayUrl,
    clientId: deps.clientId,
    clientSecret: deps.clientSecret,
    policy: deps.policy,
    maxDataBytes: deps.maxDataBytes,
    onMessage: createStreamMessageHandler(deps),
    onFrame: (kind) => deps.metrics.streamFrames.inc({ kind }),
    onAck: (seconds) => deps.metrics.streamAckSeconds.observe(seconds),
    onReconnect: (reason) => deps.metrics.streamReconnects.inc({ reason }),
    onConnected: (connected) => deps.metrics.streamConnected.set(connected ? 1 : 0),
    logger: deps.log,
  });
  client.start();
  return client;
}
