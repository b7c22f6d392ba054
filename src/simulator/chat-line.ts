// What a line typed in a chat simulator (terminal or browser) means: a message for kubetalk, or one of the
// simulator's own commands (`/as`, `/admin`, `/help`, `/quit`), parsed by src/cli/chat-meta-commands.ts.
import type { ChatIdentity } from './identity.ts';

export type ChatLine =
  | { readonly kind: 'send'; readonly text: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  | { readonly kind: 'identity'; readonly identity: ChatIdentity; readonly note: string }
  | { readonly kind: 'error'; readonly message: string };
