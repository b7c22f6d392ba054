// Turns a cluster-wide message claim into the dispatcher's admit verdict: run, skip (another replica has it), or
// a polite "try again" when the API server cannot be asked. Shared by every inbound path.
import type { MessageClaimStore } from './ports/message-claims.ts';
import type { UserMessage } from '../errors.ts';
import type { Logger } from '../log/logger.ts';

const API_UNAVAILABLE: UserMessage = { key: 'dispatch.claims-unavailable' };

export interface ClaimKey {
  readonly msgId: string;
  /** What else must be unique: the signature headers (HTTP) or the frame's messageId (Stream). */
  readonly signature: string;
  /** Digest of the exact bytes; the same signature with other bytes is a replay. */
  readonly digest: string;
  /** Epoch ms the claim must outlive (HTTP: signed timestamp + window), whatever this replica's clock says. */
  readonly keepUntil?: number;
}

export function admitByClaim(
  claims: MessageClaimStore,
  key: ClaimKey,
  hooks: { readonly onDuplicate: () => void; readonly onReplayed: () => void; readonly log: Logger },
): () => Promise<'run' | 'skip' | UserMessage> {
  return async () => {
    switch (await claims.claim(key.msgId, key.signature, key.digest, key.keepUntil)) {
      case 'claimed':
        return 'run';
      case 'duplicate':
        hooks.onDuplicate();
        hooks.log.info('duplicate delivery ignored (claimed by another replica)', { msgId: key.msgId });
        return 'skip';
      case 'replayed':
        hooks.onReplayed();
        hooks.log.warn('delivery dropped: its id was already used for another message', { msgId: key.msgId });
        return 'skip';
      case 'unavailable':
        return API_UNAVAILABLE;
    }
  };
}
