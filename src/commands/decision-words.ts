// The words that decide a ChatRequest (docs/design/0012-approvals.md): approve/confirm, reject, cancel, in English
// and Chinese, each followed by the request's code.
import { normalizeRequestCode } from '../approvals/request-code.ts';

export type DecisionName = 'approve' | 'reject' | 'cancel';

const WORDS: ReadonlyMap<string, DecisionName> = new Map([
  ['approve', 'approve'],
  ['confirm', 'approve'],
  ['同意', 'approve'],
  ['确认', 'approve'],
  ['reject', 'reject'],
  ['拒绝', 'reject'],
  ['cancel', 'cancel'],
  ['取消', 'cancel'],
]);

export interface DecisionWords {
  readonly decision: DecisionName;
  /** The code, normalized; undefined when missing or malformed. */
  readonly code?: string;
}

export function findDecision(words: readonly string[]): DecisionWords | undefined {
  const [first, second, ...more] = words;
  const decision = first === undefined ? undefined : WORDS.get(first.toLowerCase());
  if (!decision) return undefined;
  const code = second !== undefined && more.length === 0 ? normalizeRequestCode(second) : undefined;
  return code ? { decision, code } : { decision };
}
