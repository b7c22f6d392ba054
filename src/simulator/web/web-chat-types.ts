// What the browser chat is given, what it returns, and the events its page receives.
import type { ChatClient } from '../chat-client.ts';
import type { ChatLine } from '../chat-line.ts';
import type { ChatIdentity } from '../identity.ts';

export type { ChatLine } from '../chat-line.ts';
import type { Block } from './markdown-blocks.ts';

export interface WebChatOptions {
  readonly client: ChatClient;
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** How long to wait for a message's first reply before saying why none came. */
  readonly timeoutMs: number;
  /** The chat's line grammar (`/as`, `/admin`, `/help`…), shared with the terminal chat. */
  readonly parseLine: (line: string, identity: ChatIdentity) => ChatLine;
  /** What `/help` shows. */
  readonly help: readonly string[];
}

export interface WebChat {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  close(): Promise<void>;
}

/** What the page receives, one Server-Sent Event each. */
export type WebChatEvent =
  | {
      readonly kind: 'identity';
      readonly staffId: string;
      readonly name: string;
      readonly isAdmin: boolean;
      readonly conversationId: string;
      readonly direct: boolean;
    }
  | { readonly kind: 'sent'; readonly text: string; readonly name: string; readonly time: string }
  | {
      readonly kind: 'reply';
      readonly inReplyTo: string;
      readonly index: number;
      readonly time: string;
      readonly title: string;
      readonly blocks: readonly Block[];
      readonly notNotified: readonly string[];
    }
  | { readonly kind: 'notice'; readonly level: 'info' | 'error'; readonly text: string };
