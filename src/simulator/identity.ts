// Who the simulator types as, and in which conversation: the defaults that the demo's ChatCommands allow.

export interface ChatIdentity {
  /** senderStaffId: what allow.users lists. */
  readonly staffId: string;
  /** senderNick. */
  readonly name: string;
  /** isAdmin: whether the sender is an admin of the group. */
  readonly isAdmin: boolean;
  /** conversationId: what allow.conversations lists. */
  readonly conversationId: string;
  /** A one-to-one chat with the robot instead of a group that @-mentions it. */
  readonly direct: boolean;
}

export const DEFAULT_STAFF_ID = 'demo-user';
export const DEFAULT_NAME = 'Demo User';
/** Looks like a real DingTalk conversation id (base64-ish, "cid" prefix) so copied examples stay realistic. */
export const DEFAULT_GROUP_CONVERSATION = 'cidKubetalkDemoGroup0==';
export const DEFAULT_CALLBACK_URL = 'http://127.0.0.1:8080/callbacks/dingtalk';
/** The port `chat` and `say` receive replies on; a controller must list 127.0.0.1:<port> in its allowed hosts. */
export const DEFAULT_WEBHOOK_PORT = 8088;

/** A direct chat has its own conversation id per user; this stable stand-in keeps allow lists writable. */
export function directConversationId(staffId: string): string {
  return `cidDirect-${staffId}`;
}

export const DEFAULT_IDENTITY: ChatIdentity = {
  staffId: DEFAULT_STAFF_ID,
  name: DEFAULT_NAME,
  isAdmin: false,
  conversationId: DEFAULT_GROUP_CONVERSATION,
  direct: false,
};
