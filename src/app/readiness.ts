// /readyz: ready only while accepting traffic with every watch synced and, in Stream mode, the socket connected.
import type { ChatCommandController } from '../controller/chat-command-controller.ts';
import type { ChatIdentityController } from '../controller/chat-identity-controller.ts';
import type { StreamClient } from '../platforms/dingtalk/stream/stream-client.ts';

export type Readiness = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ReadinessParts {
  readonly accepting: () => boolean;
  readonly controller: Pick<ChatCommandController, 'health'>;
  readonly identities: Pick<ChatIdentityController, 'isSynced'> | undefined;
  readonly stream: Pick<StreamClient, 'status'> | undefined;
}

export function checkReadiness(p: ReadinessParts): Readiness {
  if (!p.accepting()) return { ok: false, reason: 'shutting down' };
  const health = p.controller.health();
  if (!health.ok) return health;
  if (p.identities && !p.identities.isSynced())
    return { ok: false, reason: 'ChatIdentity informer not synced (is the ChatIdentity CRD installed?)' };
  if (p.stream && !p.stream.status().connected)
    return {
      ok: false,
      reason: `DingTalk Stream not connected: ${p.stream.status().lastError ?? 'connecting'}`,
    };
  return { ok: true };
}
