// The platform-neutral chat model: what a chat platform delivers to kubetalk and what kubetalk sends back.
// Nothing here knows about Kubernetes, and nothing here knows about DingTalk's wire format.

export type ConversationType = 'direct' | 'group';

/** A verified, validated chat message, stripped of platform wire details. */
export interface InboundMessage {
  readonly platform: string;
  /** Platform message id, used to run each delivery at most once. */
  readonly messageId: string;
  /** What the user typed, with @mentions removed and surrounding whitespace trimmed. */
  readonly text: string;
  readonly sender: {
    /** Organisation user id (DingTalk senderStaffId); empty string when the platform gave none (external users). */
    readonly id: string;
    /** DingTalk senderUnionId, when the platform gave one (ChatIdentities may map it). */
    readonly unionId?: string;
    readonly name: string;
    readonly isAdmin: boolean;
  };
  readonly conversation: {
    readonly id: string;
    readonly type: ConversationType;
    readonly title?: string;
  };
  /** Epoch milliseconds at which the platform created the message. */
  readonly createdAt: number;
  /** Where and until when a reply can be posted. */
  readonly replyTo: ReplyTarget;
}

export interface ReplyTarget {
  readonly url: string;
  /** Epoch milliseconds after which the platform refuses replies to this target. */
  readonly expiresAt: number;
  /** The conversation, for a platform API that can still post there once `url` has expired. */
  readonly conversation?: {
    readonly id: string;
    readonly type: ConversationType;
    /** The sender, who is the other party of a direct conversation. */
    readonly userId?: string;
  };
}

/** A reply in a small markdown subset (headings, bold, lists, code blocks) that every platform can render. */
export interface OutboundReply {
  /** Short text shown in notifications and previews. */
  readonly title: string;
  /** Markdown body. */
  readonly markdown: string;
  /** Organisation user ids to @mention (the sender, usually). */
  readonly mentionUserIds: readonly string[];
}

export type DeliveryResult =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly reason: string };

/** Sends replies; implementations own retries, rate limits and size limits of their platform. */
export interface ReplySender {
  send(target: ReplyTarget, reply: OutboundReply): Promise<DeliveryResult>;
}
