// The commands every conversation has without any ChatCommand object: help and whoami, in English and Chinese.

export type BuiltinName = 'help' | 'whoami';

/** First word (lowercased, NFKC-folded, so the full-width "？" counts too) → builtin. */
const BUILTINS: ReadonlyMap<string, BuiltinName> = new Map([
  ['help', 'help'],
  ['帮助', 'help'],
  ['?', 'help'],
  ['whoami', 'whoami'],
  ['我是谁', 'whoami'],
]);

export function findBuiltin(firstWord: string): BuiltinName | undefined {
  return BUILTINS.get(firstWord.toLowerCase());
}
