// The messages the sessionWebhook double accepted, and the ways a test waits for or listens to them.
import type { RecordedMessage } from './webhook-server.ts';

interface Waiter {
  readonly n: number;
  readonly session: string | undefined;
  readonly resolve: (messages: RecordedMessage[]) => void;
}

export interface MessageInbox {
  record(message: RecordedMessage): void;
  /** Accepted messages, oldest first; all sessions when `session` is undefined. */
  select(session: string | undefined): RecordedMessage[];
  onMessage(listener: (message: RecordedMessage) => void): () => void;
  waitFor(n: number, session: string | undefined, timeoutMs: number): Promise<RecordedMessage[]>;
}

export function createMessageInbox(): MessageInbox {
  const accepted: RecordedMessage[] = [];
  const waiters = new Set<Waiter>();
  const listeners = new Set<(message: RecordedMessage) => void>();
  const select = (session: string | undefined): RecordedMessage[] =>
    accepted.filter((m) => session === undefined || m.session === session);
  const notify = (): void => {
    for (const w of waiters) {
      const got = select(w.session);
      if (got.length >= w.n) {
        waiters.delete(w);
        w.resolve(got);
      }
    }
  };
  return {
    select,
    record(message) {
      accepted.push(message);
      notify();
      for (const listener of listeners) {
        try {
          listener(message);
        } catch (err) {
          // A listener's bug must not change DingTalk's answer; surface it outside the request instead.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor(n, session, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`waited ${timeoutMs} ms for ${n} messages, got ${select(session).length}`));
        }, timeoutMs);
        const waiter: Waiter = {
          n,
          session,
          resolve: (messages) => {
            clearTimeout(timer);
            resolve(messages);
          },
        };
        waiters.add(waiter);
        notify();
      });
    },
  };
}
