// validateChatCommand: untrusted input (a YAML file, a test's object) → a defaulted ChatCommand, or every problem
// found: the CRD's schema, defaults and CEL rules, as the API server applies them, plus the runtime-only checks.
import { checkChatCommand, type ValidateOptions, type ValidationResult } from './chat-command-from-crd.ts';
import { evaluateRules } from './crd/evaluate-rules.ts';

export type { ValidateOptions, ValidationResult } from './chat-command-from-crd.ts';

export function validateChatCommand(obj: unknown, options: ValidateOptions = {}): ValidationResult {
  return checkChatCommand(obj, options, evaluateRules);
}
