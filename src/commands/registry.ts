// CommandRegistry: the ChatCommands the informer has seen, indexed by trigger and alias for constant-time lookup.
import type { ChatCommand } from '../api/chat-command.ts';
import { WILDCARD } from '../api/chat-command.ts';
import { LIMITS } from '../api/limits.ts';
import { toMatchKey, tokenize } from './tokenize.ts';
import { compareText } from '../lib/compare-text.ts';

export interface CommandRef {
  readonly namespace: string;
  readonly name: string;
}

/** All commands whose trigger or an alias is `phrase`, the first `words` words of a message. */
export interface TriggerMatch {
  readonly phrase: string;
  readonly words: number;
  readonly commands: readonly ChatCommand[];
}

/**
 * Two commands of ONE namespace answer to the same phrase in a common conversation for a common sender, so a message
 * there cannot be told apart, not even with `-n`. The same phrase in two namespaces is no conflict: chat lists the
 * namespaces the sender may use and `-n` picks one (docs/design/0009). `conversations` lists the shared
 * conversation ids, or is ["*"] when both admit any conversation.
 */
export interface TriggerConflict {
  readonly phrase: string;
  readonly commands: readonly [CommandRef, CommandRef];
  readonly conversations: readonly string[];
}

/** Conversation ids named in a conflict description; status messages stay short. */
const CONVERSATIONS_NAMED = 3;

interface Entry {
  readonly command: ChatCommand;
  readonly phrases: readonly string[];
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function refOf(command: ChatCommand): CommandRef {
  return { namespace: command.metadata.namespace, name: command.metadata.name };
}

/** The normalised phrases a command answers to: its trigger, then its aliases, without repeats. */
function phrasesOf(command: ChatCommand): string[] {
  const all = [command.spec.trigger, ...(command.spec.aliases ?? [])].map((t) => toMatchKey(tokenize(t)));
  return [...new Set(all)].filter((p) => p !== '');
}

/** Conversations two allow lists share; ["*"] when both admit all. */
function sharedConversations(a: readonly string[], b: readonly string[]): string[] {
  const aAll = a.includes(WILDCARD);
  const bAll = b.includes(WILDCARD);
  if (aAll && bAll) return [WILDCARD];
  if (aAll) return b.filter((c) => c !== WILDCARD);
  if (bAll) return a.filter((c) => c !== WILDCARD);
  const inB = new Set(b);
  return a.filter((c) => inB.has(c));
}

/** Whether some sender could be admitted by both allow lists (same staff id, or "*" on either side). */
function mayShareSender(a: readonly string[], b: readonly string[]): boolean {
  if (a.includes(WILDCARD) || b.includes(WILDCARD)) return a.length > 0 && b.length > 0;
  const inB = new Set(b);
  return a.some((u) => inB.has(u));
}

/** The conversations where a message could reach both commands for one sender; empty = no conflict. */
function collide(a: ChatCommand, b: ChatCommand): string[] {
  if (a.metadata.namespace !== b.metadata.namespace) return [];
  if (!mayShareSender(a.spec.allow.users ?? [], b.spec.allow.users ?? [])) return [];
  return sharedConversations(a.spec.allow.conversations ?? [], b.spec.allow.conversations ?? []);
}

function compareRefs(a: CommandRef, b: CommandRef): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

export class CommandRegistry {
  readonly #entries = new Map<string, Entry>();
  /** phrase → (namespace/name → command). */
  readonly #byPhrase = new Map<string, Map<string, ChatCommand>>();

  /** Adds a command or replaces the stored version (its old triggers and aliases stop matching). */
  upsert(command: ChatCommand): void {
    const key = keyOf(command.metadata.namespace, command.metadata.name);
    this.#unindex(key);
    const phrases = phrasesOf(command);
    this.#entries.set(key, { command, phrases });
    for (const phrase of phrases) {
      let bucket = this.#byPhrase.get(phrase);
      if (!bucket) {
        bucket = new Map();
        this.#byPhrase.set(phrase, bucket);
      }
      bucket.set(key, command);
    }
  }

  /** Forgets a command; returns whether it was known. */
  remove(namespace: string, name: string): boolean {
    return this.#unindex(keyOf(namespace, name));
  }

  get size(): number {
    return this.#entries.size;
  }

  get(namespace: string, name: string): ChatCommand | undefined {
    return this.#entries.get(keyOf(namespace, name))?.command;
  }

  /** Every command, in no particular order (cheaper than list() when the caller filters first). */
  values(): IterableIterator<ChatCommand> {
    return [...this.#entries.values()].map((e) => e.command).values();
  }

  /** Every command, ordered by namespace then name. */
  list(): ChatCommand[] {
    return [...this.#entries.values()].map((e) => e.command).sort((a, b) => compareRefs(refOf(a), refOf(b)));
  }

  /**
   * The phrases among the first 1–3 words of a message that some command answers to, longest first.
   * Costs at most three map lookups whatever the number of commands.
   */
  lookup(words: readonly string[]): TriggerMatch[] {
    const out: TriggerMatch[] = [];
    for (let n = Math.min(LIMITS.triggerMaxWords, words.length); n >= 1; n--) {
      const phrase = toMatchKey(words.slice(0, n));
      const bucket = this.#byPhrase.get(phrase);
      if (bucket) out.push({ phrase, words: n, commands: [...bucket.values()] });
    }
    return out;
  }

  /** Every pair of commands that share a phrase and a conversation, for the controller to report. */
  findConflicts(): TriggerConflict[] {
    const out: TriggerConflict[] = [];
    for (const [phrase, bucket] of this.#byPhrase) {
      if (bucket.size > 1) out.push(...conflictsIn(phrase, [...bucket.values()]));
    }
    return out.sort((x, y) => compareText(x.phrase, y.phrase) || compareConflictRefs(x, y));
  }

  /**
   * The conflicts one command is part of (empty when it is unknown or has none). Compares the command with each
   * other member of its buckets only: O(bucket), because the controller asks this for every command on every pass.
   */
  conflictsFor(namespace: string, name: string): TriggerConflict[] {
    const key = keyOf(namespace, name);
    const entry = this.#entries.get(key);
    if (!entry) return [];
    const self = entry.command;
    const out: TriggerConflict[] = [];
    for (const phrase of entry.phrases) {
      for (const [otherKey, other] of this.#byPhrase.get(phrase) ?? []) {
        if (otherKey === key) continue;
        const conversations = collide(self, other);
        if (conversations.length === 0) continue;
        const [a, b] = compareRefs(refOf(self), refOf(other)) <= 0 ? [self, other] : [other, self];
        out.push({ phrase, commands: [refOf(a), refOf(b)], conversations });
      }
    }
    return out.sort(compareConflictRefs);
  }

  /**
   * conflictsFor as sentences for the Ready condition, naming the other command, the phrase and where:
   * `dev/scale-web ("scale" in cidA, cidB)`.
   */
  describeConflicts(namespace: string, name: string): string[] {
    return this.conflictsFor(namespace, name).map((c) => {
      const other = c.commands.find((r) => r.namespace !== namespace || r.name !== name) ?? c.commands[0];
      const where = c.conversations.includes(WILDCARD)
        ? 'in every conversation'
        : `in ${c.conversations.slice(0, CONVERSATIONS_NAMED).join(', ')}${c.conversations.length > CONVERSATIONS_NAMED ? ', …' : ''}`;
      return `${other.namespace}/${other.name} ("${c.phrase}" ${where})`;
    });
  }

  #unindex(key: string): boolean {
    const old = this.#entries.get(key);
    if (!old) return false;
    for (const phrase of old.phrases) {
      const bucket = this.#byPhrase.get(phrase);
      bucket?.delete(key);
      if (bucket?.size === 0) this.#byPhrase.delete(phrase);
    }
    this.#entries.delete(key);
    return true;
  }
}

function conflictsIn(phrase: string, commands: readonly ChatCommand[]): TriggerConflict[] {
  const sorted = [...commands].sort((a, b) => compareRefs(refOf(a), refOf(b)));
  const out: TriggerConflict[] = [];
  sorted.forEach((a, i) => {
    for (const b of sorted.slice(i + 1)) {
      const conversations = collide(a, b);
      if (conversations.length > 0) out.push({ phrase, commands: [refOf(a), refOf(b)], conversations });
    }
  });
  return out;
}

function compareConflictRefs(x: TriggerConflict, y: TriggerConflict): number {
  return compareRefs(x.commands[0], y.commands[0]) || compareRefs(x.commands[1], y.commands[1]);
}
