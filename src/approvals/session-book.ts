// Where this replica can still post about a request: the sessionWebhook of the message that opened it. Kept in
// memory only — the URL lets anyone post into the conversation until it expires, so it is never written to a
// ChatRequest that namespace users can read. Another replica, or this one after a restart, uses the OpenAPI.
import type { ChatRequest } from '../api/chat-request.ts';
import type { ReplyTarget } from '../dispatch/ports/chat.ts';

const MAX_ENTRIES = 10_000;

export interface SessionBook {
  remember(req: ChatRequest, target: ReplyTarget): void;
  /** The target to announce on: the remembered webhook while it lives, else the conversation (OpenAPI fallback). */
  targetFor(req: ChatRequest): ReplyTarget;
}

export function createSessionBook(now: () => number = Date.now): SessionBook {
  const book = new Map<string, ReplyTarget>();
  const key = (req: ChatRequest): string => `${req.metadata.namespace}/${req.metadata.name}`;
  return {
    remember(req, target) {
      if (book.size >= MAX_ENTRIES) {
        for (const [k, v] of book) if (v.expiresAt <= now()) book.delete(k);
        // Still full: the oldest entry goes (Map keeps insertion order).
        if (book.size >= MAX_ENTRIES) book.delete(book.keys().next().value ?? '');
      }
      book.set(key(req), target);
    },
    targetFor(req) {
      const conversation = {
        id: req.spec.conversation.id,
        type: req.spec.conversation.type,
        userId: req.spec.requester.id,
      };
      const known = book.get(key(req));
      if (known && known.expiresAt > now()) return { ...known, conversation };
      // No live webhook here: an expired target makes the reply path go through the OpenAPI when configured.
      return { url: known?.url ?? '', expiresAt: 0, conversation };
    },
  };
}
