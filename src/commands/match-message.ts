// matchMessage: from chat text to exactly one outcome — a builtin, an Invocation, or why there is none.
//
// Tenancy rules (docs/design/0009): only the commands this sender may run in this conversation take part, so one
// namespace's words never shadow, reveal or refuse on behalf of another's. Within a namespace the longest phrase
// wins (one owner wrote both); across namespaces nothing is guessed: several namespaces are listed, one runs.
// The sender is authorised before any argument is read, so a sender who may not run a command learns nothing
// from argument errors.
import type { ChatCommand } from '../api/chat-command.ts';
import { UserFacingError } from '../errors.ts';
import type { DenyReason, Sender } from './authorize.ts';
import { admitsConversation, authorize } from './authorize.ts';
import type { BuiltinName } from './builtins.ts';
import { findBuiltin } from './builtins.ts';
import { extractDryRun } from './extract-dry-run.ts';
import { extractNamespace } from './extract-namespace.ts';
import { findDecision, type DecisionWords } from './decision-words.ts';
import type { Invocation } from './invocation.ts';
import { parseArguments } from './parse-arguments.ts';
import type { CommandRegistry, TriggerMatch } from './registry.ts';
import { tokenize } from './tokenize.ts';
import { compareText } from '../lib/compare-text.ts';

export interface MatchContext {
  readonly sender: Sender;
  readonly conversationId: string;
}

export type MatchResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'builtin'; readonly name: BuiltinName }
  /** approve / reject / cancel CODE (docs/design/0012-approvals.md). */
  | ({ readonly kind: 'decision' } & DecisionWords)
  | { readonly kind: 'unknown'; readonly text: string }
  | {
      readonly kind: 'ambiguous';
      /** One command per namespace, each one the sender may run here; never anything else. */
      readonly candidates: readonly ChatCommand[];
      /** The `-n` the sender gave when none of the candidates is in it. */
      readonly requestedNamespace?: string;
    }
  | {
      /** Several commands of one namespace answer to the same words for this sender: its owner must fix it. */
      readonly kind: 'conflict';
      readonly commands: readonly ChatCommand[];
    }
  | {
      /**
       * Commands answer to these words here, but this sender may run none of them. `commands` are for the audit
       * trail of their own namespaces only; the reply must name none of them.
       */
      readonly kind: 'denied';
      readonly commands: readonly ChatCommand[];
      readonly reason: DenyReason;
      readonly trigger: string;
    }
  | { readonly kind: 'invalid'; readonly command: ChatCommand; readonly error: UserFacingError }
  | { readonly kind: 'ok'; readonly invocation: Invocation };

/** The commands of one namespace that answer to the longest phrase this sender may use there. */
interface NamespaceMatch {
  readonly namespace: string;
  readonly words: number;
  readonly commands: readonly ChatCommand[];
}

function byName(a: ChatCommand, b: ChatCommand): number {
  return compareText(a.metadata.name, b.metadata.name);
}

/**
 * Per namespace, the longest phrase among `commands` that pass `keep`. `matches` come longest first, so the first
 * phrase that leaves a namespace any command is that namespace's match.
 */
function bestPerNamespace(
  matches: readonly TriggerMatch[],
  keep: (c: ChatCommand) => boolean,
): NamespaceMatch[] {
  const out = new Map<string, NamespaceMatch>();
  for (const m of matches) {
    const found = new Map<string, ChatCommand[]>();
    for (const c of m.commands) {
      const ns = c.metadata.namespace;
      if (out.has(ns) || !keep(c)) continue;
      found.set(ns, [...(found.get(ns) ?? []), c]);
    }
    for (const [namespace, commands] of found) {
      out.set(namespace, { namespace, words: m.words, commands: commands.sort(byName) });
    }
  }
  return [...out.values()].sort((a, b) => compareText(a.namespace, b.namespace));
}

export function matchMessage(registry: CommandRegistry, text: string, ctx: MatchContext): MatchResult {
  const words = tokenize(text);
  if (words.length === 0) return { kind: 'empty' };
  const decision = findDecision(words);
  if (decision) return { kind: 'decision', ...decision };
  const dry = extractDryRun(words);
  const selection = extractNamespace(dry.rest);
  const [first] = selection.rest;
  if (first === undefined) return { kind: 'unknown', text: words.join(' ') };
  const builtin = findBuiltin(first);
  if (builtin) return { kind: 'builtin', name: builtin };

  const matches = registry.lookup(selection.rest);
  const visible = (c: ChatCommand): boolean => admitsConversation(c.spec.allow, ctx.conversationId);
  const runnable = bestPerNamespace(
    matches,
    (c) => visible(c) && authorize(c, ctx.sender, ctx.conversationId).allowed,
  );
  if (runnable.length === 0) {
    return refuse(matches, visible, ctx, undefined) ?? { kind: 'unknown', text: words.join(' ') };
  }
  const asked = selection.namespace;
  const inAsked = asked === undefined ? runnable : runnable.filter((m) => m.namespace === asked);
  if (asked !== undefined && inAsked.length === 0)
    return explainNamespace(matches, visible, ctx, runnable, asked);

  const [chosen, ...others] = inAsked;
  if (!chosen) return { kind: 'unknown', text: words.join(' ') };
  if (others.length > 0) return { kind: 'ambiguous', candidates: inAsked.map(firstCommand) };
  if (chosen.commands.length > 1) return { kind: 'conflict', commands: chosen.commands };
  const command = firstCommand(chosen);
  // A malformed -n is explained only now, to a sender known to be allowed.
  if (selection.error) return { kind: 'invalid', command, error: selection.error };
  const parsed = parseArguments(command, selection.rest.slice(chosen.words));
  if (!parsed.ok) return { kind: 'invalid', command, error: parsed.error };
  return { kind: 'ok', invocation: dry.dryRun ? { ...parsed.invocation, dryRun: true } : parsed.invocation };
}

/**
 * `-n` names a namespace where this sender may run nothing of the kind: refused if that namespace has such a command
 * for others, otherwise the sender learns where they may run it (and nothing about anyone else's namespaces).
 */
function explainNamespace(
  matches: readonly TriggerMatch[],
  visible: (c: ChatCommand) => boolean,
  ctx: MatchContext,
  runnable: readonly NamespaceMatch[],
  asked: string,
): MatchResult {
  const refused = refuse(matches, visible, ctx, asked);
  if (refused) return refused;
  const [only, ...more] = runnable;
  if (only && more.length === 0) {
    const command = firstCommand(only);
    const error = new UserFacingError('command.unknown-namespace', {
      trigger: command.spec.trigger,
      namespace: asked,
      namespaces: only.namespace,
    });
    return { kind: 'invalid', command, error };
  }
  return { kind: 'ambiguous', candidates: runnable.map(firstCommand), requestedNamespace: asked };
}

function firstCommand(m: NamespaceMatch): ChatCommand {
  const [command] = m.commands;
  if (!command) throw new Error('a namespace match always has a command');
  return command;
}

/**
 * The refusal when commands answer to these words here (in the asked namespace, if any) but none for this sender.
 * Undefined when nothing here answers to them at all: then the words are simply unknown.
 */
function refuse(
  matches: readonly TriggerMatch[],
  visible: (c: ChatCommand) => boolean,
  ctx: MatchContext,
  asked: string | undefined,
): MatchResult | undefined {
  const candidates = bestPerNamespace(
    matches,
    (c) => visible(c) && (asked === undefined || c.metadata.namespace === asked),
  ).flatMap((m) => m.commands);
  const [first] = candidates;
  if (!first) return undefined;
  const reasons = new Set(
    candidates.map((c) => {
      const auth = authorize(c, ctx.sender, ctx.conversationId);
      return auth.allowed ? 'user' : auth.reason;
    }),
  );
  // One shared reason is worth saying (admins only, no staff id); mixed reasons get the plain refusal.
  const [only] = reasons;
  const reason: DenyReason = reasons.size === 1 && only !== undefined ? only : 'user';
  return { kind: 'denied', commands: candidates, reason, trigger: first.spec.trigger };
}
