// matchMessage: from chat text to exactly one outcome — a builtin, an Invocation, or why there is none.
//
// Order matters: commands not enabled in this conversation are invisible (unknown); several visible candidates
// are never guessed between (ambiguous); the sender is authorised before any argument is read (denied), so a
// sender who may not run a command learns nothing from argument errors.
import type { ChatCommand } from '../api/chat-command.ts';
import { UserFacingError } from '../errors.ts';
import type { DenyReason, Sender } from './authorize.ts';
import { admitsConversation, authorize } from './authorize.ts';
import type { BuiltinName } from './builtins.ts';
import { findBuiltin } from './builtins.ts';
import { extractNamespace } from './extract-namespace.ts';
import type { Invocation } from './invocation.ts';
import { parseArguments } from './parse-arguments.ts';
import type { CommandRegistry, TriggerMatch } from './registry.ts';
import { tokenize } from './tokenize.ts';

export interface MatchContext {
  readonly sender: Sender;
  readonly conversationId: string;
}

export type MatchResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'builtin'; readonly name: BuiltinName }
  | { readonly kind: 'unknown'; readonly text: string }
  | {
      readonly kind: 'ambiguous';
      readonly candidates: readonly ChatCommand[];
      /** The `-n` the sender gave when none of the candidates is in it. */
      readonly requestedNamespace?: string;
    }
  | { readonly kind: 'denied'; readonly command: ChatCommand; readonly reason: DenyReason }
  | { readonly kind: 'invalid'; readonly command: ChatCommand; readonly error: UserFacingError }
  | { readonly kind: 'ok'; readonly invocation: Invocation };

interface VisibleMatch {
  readonly words: number;
  readonly commands: readonly ChatCommand[];
}

function byNamespaceThenName(a: ChatCommand, b: ChatCommand): number {
  return (
    a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name)
  );
}

/** Keeps, per phrase length, the commands enabled in this conversation; drops lengths left empty. */
function visibleIn(matches: readonly TriggerMatch[], conversationId: string): VisibleMatch[] {
  return matches
    .map((m) => ({
      words: m.words,
      commands: m.commands
        .filter((c) => admitsConversation(c.spec.allow, conversationId))
        .sort(byNamespaceThenName),
    }))
    .filter((m) => m.commands.length > 0);
}

export function matchMessage(registry: CommandRegistry, text: string, ctx: MatchContext): MatchResult {
  const words = tokenize(text);
  if (words.length === 0) return { kind: 'empty' };
  const selection = extractNamespace(words);
  const [first] = selection.rest;
  if (first === undefined) return { kind: 'unknown', text: words.join(' ') };
  const builtin = findBuiltin(first);
  if (builtin) return { kind: 'builtin', name: builtin };

  const visible = visibleIn(registry.lookup(selection.rest), ctx.conversationId);
  const [longest] = visible;
  if (!longest) return { kind: 'unknown', text: words.join(' ') };

  const asked = selection.namespace;
  // With -n, the longest phrase that has a candidate in that namespace wins, so "-n dev restart web" can reach
  // dev's "restart" even where another namespace defines "restart web".
  const chosen =
    asked === undefined
      ? longest
      : visible
          .map((m) => ({
            words: m.words,
            commands: m.commands.filter((c) => c.metadata.namespace === asked),
          }))
          .find((m) => m.commands.length > 0);

  if (selection.error || !chosen) {
    // A malformed or non-matching -n: explain it to an allowed sender, or list the candidates.
    const [only, ...others] = longest.commands;
    if (!only || others.length > 0) {
      return {
        kind: 'ambiguous',
        candidates: longest.commands,
        ...(asked !== undefined ? { requestedNamespace: asked } : {}),
      };
    }
    const denied = deny(only, ctx);
    if (denied) return denied;
    const error =
      selection.error ??
      new UserFacingError('command.unknown-namespace', {
        trigger: only.spec.trigger,
        namespace: asked ?? '',
        namespaces: only.metadata.namespace,
      });
    return { kind: 'invalid', command: only, error };
  }

  const [command, ...rivals] = chosen.commands;
  if (!command) return { kind: 'unknown', text: words.join(' ') };
  if (rivals.length > 0) return { kind: 'ambiguous', candidates: chosen.commands };
  const denied = deny(command, ctx);
  if (denied) return denied;
  const parsed = parseArguments(command, selection.rest.slice(chosen.words));
  return parsed.ok
    ? { kind: 'ok', invocation: parsed.invocation }
    : { kind: 'invalid', command, error: parsed.error };
}

function deny(command: ChatCommand, ctx: MatchContext): MatchResult | undefined {
  const auth = authorize(command, ctx.sender, ctx.conversationId);
  return auth.allowed ? undefined : { kind: 'denied', command, reason: auth.reason };
}
