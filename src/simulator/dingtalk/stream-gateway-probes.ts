// What a test asks the Stream gateway double and waits for: pings answered, connections open, an ACK arrived.
import { randomBytes, randomUUID } from 'node:crypto';
import { frameText } from './stream-frames.ts';
import { openSockets, type GatewayState } from './stream-gateway-state.ts';
import type { RecordedAck } from './stream-gateway-types.ts';

/** SYSTEM ping to every connection; resolves with how many echoed the same opaque within timeoutMs. */
export async function pingAll(state: GatewayState, timeoutMs: number): Promise<number> {
  const answers = openSockets(state).map(
    (ws) =>
      new Promise<boolean>((resolve) => {
        const messageId = `ping_${randomBytes(6).toString('hex')}`;
        const opaque = randomUUID();
        const t = setTimeout(() => {
          state.pings.delete(messageId);
          resolve(false);
        }, timeoutMs);
        state.pings.set(messageId, (echo) => {
          clearTimeout(t);
          resolve(echo === opaque);
        });
        ws.send(frameText('SYSTEM', 'ping', messageId, JSON.stringify({ opaque })));
      }),
  );
  return (await Promise.all(answers)).filter(Boolean).length;
}

export async function waitForConnections(state: GatewayState, n: number, timeoutMs: number): Promise<void> {
  const open = (): number => openSockets(state).length;
  const deadline = Date.now() + timeoutMs;
  while (open() < n) {
    if (Date.now() > deadline) throw new Error(`gateway: ${open()} connections, wanted ${n}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function waitForAck(state: GatewayState, messageId: string, timeoutMs: number): Promise<RecordedAck> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const a = state.acks.find((x) => x.messageId === messageId);
      if (a) {
        state.ackWaiters.delete(waiter);
        clearTimeout(t);
        resolve(a);
      }
      return a !== undefined;
    };
    const waiter = (): void => void check();
    const t = setTimeout(() => {
      state.ackWaiters.delete(waiter);
      reject(new Error(`gateway: no ACK for ${messageId} within ${timeoutMs} ms`));
    }, timeoutMs);
    state.ackWaiters.add(waiter);
    check();
  });
}
