// The chat simulator's record of which reply answers which message: each message gets its own sessionWebhook, so a
// reply (or follow-up) is matched to the message by its session, numbered, and handed to listeners and waiters.
import type { RecordedMessage } from './dingtalk/index.ts';
import { SimulatorError } from './explain-delivery.ts';

export interface ChatReply {
  readonly message: RecordedMessage;
  /** What the user typed. */
  readonly inReplyTo: string;
  /** 0 for the first reply to a message, 1+ for follow-ups. */
  readonly index: number;
}

export interface ReplyBook {
  /** A message was sent with this session. */
  open(session: string, text: string): void;
  /** A message reached the sessionWebhook; one for no known session is ignored. */
  record(message: RecordedMessage): void;
  onReply(listener: (reply: ChatReply) => void): () => void;
  waitFor(session: string, n: number, timeoutMs: number): Promise<ChatReply[]>;
}

interface Conversation {
  readonly text: string;
  readonly replies: ChatReply[];
}

export function createReplyBook(): ReplyBook {
  const bySession = new Map<string, Conversation>();
  const listeners = new Set<(reply: ChatReply) => void>();
  const waiters = new Set<() => void>();
  return {
    open: (session, text) => void bySession.set(session, { text, replies: [] }),
    record(message) {
      const conversation = bySession.get(message.session);
      if (!conversation) return;
      const reply: ChatReply = { message, inReplyTo: conversation.text, index: conversation.replies.length };
      conversation.replies.push(reply);
      for (const listener of listeners) listener(reply);
      for (const wake of [...waiters]) wake();
    },
    onReply(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor(session, n, timeoutMs) {
      const conversation = bySession.get(session);
      if (!conversation) return Promise.reject(new Error('waitForReplies: not a message this client sent'));
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (conversation.replies.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(conversation.replies.slice(0, n));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new SimulatorError(`no reply within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
