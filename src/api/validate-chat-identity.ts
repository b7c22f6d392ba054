// validateChatIdentity: untrusted input → a ChatIdentity, or every problem: the CRD's schema and CEL rules.
import { checkChatIdentity, type IdentityValidation } from './chat-identity-from-crd.ts';
import { evaluateRules } from './crd/evaluate-rules.ts';

export type { IdentityValidation } from './chat-identity-from-crd.ts';

export function validateChatIdentity(obj: unknown): IdentityValidation {
  return checkChatIdentity(obj, evaluateRules);
}
