// Mounts DingTalk in the configured inbound mode: the HTTP callback route, the Stream client, or both. The Stream
// client is loaded only in a mode that uses it (a chunk of its own in the bundle: HTTP-only replicas never load it).
import type { Config } from '../config/schema.ts';
import { createDeduper } from '../dispatch/dedupe.ts';
import type { MessageClaimStore } from '../dispatch/ports/message-claims.ts';
import type { MessageHandler } from '../dispatch/ports/message-handler.ts';
import type { Logger } from '../log/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { createDingTalkRoute } from '../platforms/dingtalk/http/callback-route.ts';
import { createReplayGuard } from '../platforms/dingtalk/replay-guard.ts';
import type { StreamClient } from '../platforms/dingtalk/stream/stream-client.ts';
import type { CallbackRoute } from '../server/public-app.ts';

export interface DingTalkInbound {
  /** The routes the public server mounts: none in stream mode, where nothing needs to reach the cluster. */
  readonly routes: readonly CallbackRoute[];
  readonly stream: StreamClient | undefined;
}

export interface DingTalkWiring {
  readonly config: Config;
  readonly claims: MessageClaimStore | undefined;
  readonly handler: MessageHandler;
  readonly metrics: Metrics;
  readonly log: Logger;
}

const MAX_REMEMBERED = 100_000;

export async function mountDingTalk(w: DingTalkWiring): Promise<DingTalkInbound> {
  const mode = w.config.dingtalk.mode;
  return {
    routes: mode === 'stream' ? [] : [createHttpRoute(w)],
    stream: mode === 'http' ? undefined : await startStream(w),
  };
}

async function startStream(w: DingTalkWiring): Promise<StreamClient> {
  const d = w.config.dingtalk;
  const { startDingTalkStream } = await import('../platforms/dingtalk/stream/start-stream.ts');
  return startDingTalkStream({
    gatewayUrl: d.streamGatewayUrl,
    clientId: d.clientId,
    clientSecret: d.appSecrets[0] ?? '',
    policy: { allowedHosts: d.apiAllowedHosts, allowInsecure: d.apiAllowInsecure },
    maxDataBytes: d.maxBodyBytes,
    deduper: createDeduper({ ttlMs: w.config.dedupeTtlMs, maxEntries: MAX_REMEMBERED }),
    claims: w.claims,
    dispatcher: w.handler,
    metrics: w.metrics,
    log: w.log.child({ component: 'stream' }),
  });
}

function createHttpRoute(w: DingTalkWiring): CallbackRoute {
  const { config, claims } = w;
  const d = config.dingtalk;
  return createDingTalkRoute({
    secrets: d.appSecrets,
    windowMs: d.signatureWindowMs,
    maxBodyBytes: d.maxBodyBytes,
    identity: { corpId: d.corpId, robotCode: d.identityRobotCode },
    // Alone (no claims), memory is the only record: it must outlive the signature window, or a captured
    // callback could be replayed once its msgId was forgotten.
    deduper: createDeduper({
      ttlMs: claims ? config.dedupeTtlMs : Math.max(config.dedupeTtlMs, d.signatureWindowMs),
      maxEntries: MAX_REMEMBERED,
    }),
    // Each entry also lives until its signed timestamp + window + margin (the route passes keepUntil).
    replayGuard: createReplayGuard({ ttlMs: d.signatureWindowMs * 2, maxEntries: MAX_REMEMBERED }),
    claims,
    dispatcher: w.handler,
    metrics: w.metrics,
    log: w.log.child({ component: 'callback' }),
  });
}
