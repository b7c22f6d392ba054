// Message claims expire by the signature's clock: the Lease lives until the signed timestamp + window + margin
// even when this replica's clock runs behind.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessageClaims } from '../../../src/coordination/message-claims.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { startFakeApiServer, type FakeApiServer, type SeenRequest } from '../../support/fake-api-server.ts';

let api: FakeApiServer | undefined;
afterEach(() => api?.close());

const created = (req: SeenRequest, res: ServerResponse): void => {
  res.writeHead(201, { 'content-type': 'application/json' }).end(req.body);
};

interface LeaseBody {
  metadata: { annotations: Record<string, string> };
  spec: { leaseDurationSeconds: number };
}

describe('message claims: expiry', () => {
  it('a replica 30 min behind still writes an expiry past signed timestamp + window + margin', async () => {
    api = await startFakeApiServer('t', created);
    const signed = Date.UTC(2026, 2, 1, 12);
    const localNow = signed - 30 * 60_000;
    const claims = createMessageClaims({
      kc: api.kc,
      namespace: 'kubetalk',
      identity: 'replica-b',
      ttlMs: 600_000,
      log: silentLogger,
      now: () => localNow,
    });
    const keepUntil = signed + 300_000 + 120_000;
    expect(await claims.claim('msg1', 'ts\nsign', 'digest', keepUntil)).toBe('claimed');
    const leases = api.seen.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as LeaseBody);
    expect(leases).toHaveLength(2);
    for (const lease of leases) {
      expect(Date.parse(lease.metadata.annotations['kubetalk.io/expires-at'] ?? '')).toBe(keepUntil);
      expect(lease.spec.leaseDurationSeconds).toBe((keepUntil - localNow) / 1000);
    }
  });

  it('the TTL still applies when it is longer (redeliveries)', async () => {
    api = await startFakeApiServer('t', created);
    const now = Date.UTC(2026, 2, 1, 12);
    const claims = createMessageClaims({
      kc: api.kc,
      namespace: 'kubetalk',
      identity: 'replica-a',
      ttlMs: 4_200_000,
      log: silentLogger,
      now: () => now,
    });
    await claims.claim('msg2', 'ts\nsign', 'digest', now + 420_000);
    const lease = JSON.parse(api.seen[0]?.body ?? '{}') as LeaseBody;
    expect(Date.parse(lease.metadata.annotations['kubetalk.io/expires-at'] ?? '')).toBe(now + 4_200_000);
  });
});
