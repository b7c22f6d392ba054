// Every ChatCommand object seen, valid or not, and which of them reach the registry: valid ones the operator's
// wildcard policy allows. Invalid or refused objects are kept too, so their status can say why.
import { GROUP, VERSION, type ChatCommand } from '../api/chat-command.ts';
import { validateChatCommand } from '../api/validate-chat-command.ts';
import type { Logger } from '../log/logger.ts';
import { dropServerBookkeeping } from './trim-object.ts';
import { describeWildcardRefusal, type WildcardPolicy } from './wildcard-policy.ts';

/** The registry as the controller sees it: fed objects, asked for conflicts. */
export interface CommandSink {
  upsert(cmd: ChatCommand): void;
  remove(namespace: string, name: string): void;
  /** Descriptions of the commands that collide with this one. */
  describeConflicts(namespace: string, name: string): string[];
  readonly size: number;
}

export type RawCommand = { metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;

export interface SeenCommand {
  readonly obj: ChatCommand;
  readonly problems: readonly string[];
  readonly wildcardRefusal?: string;
}

export interface CommandObjects {
  /** Validates and records an added or changed object; the registry gets it only when it may run. */
  upsert(raw: RawCommand): void;
  remove(raw: RawCommand): void;
  get(namespace: string, name: string): ChatCommand | undefined;
  /** A snapshot, safe to iterate while the watch keeps changing the set. */
  snapshot(): readonly SeenCommand[];
}

export const commandKey = (ns: string, name: string): string => `${ns}/${name}`;

export function createCommandObjects(
  sink: CommandSink,
  policy: WildcardPolicy | undefined,
  log: Logger,
): CommandObjects {
  const objects = new Map<string, SeenCommand>();
  return {
    upsert(raw) {
      const ns = raw.metadata?.namespace ?? '';
      const name = raw.metadata?.name ?? '';
      // The informer's object is cut to its identity after this handler (trimCached), so keep copies, trimmed.
      const own = dropServerBookkeeping(raw);
      const result = validateChatCommand({ apiVersion: `${GROUP}/${VERSION}`, kind: 'ChatCommand', ...own });
      if (result.ok && policy && !policy(result.command)) {
        // Refused by the operator's policy: not runnable, and its status says why.
        sink.remove(ns, name);
        objects.set(commandKey(ns, name), {
          obj: result.command,
          problems: [],
          wildcardRefusal: describeWildcardRefusal(ns),
        });
      } else if (result.ok) {
        sink.upsert(result.command);
        objects.set(commandKey(ns, name), { obj: result.command, problems: [] });
      } else {
        // An invalid object must not keep an older, valid version of itself runnable.
        sink.remove(ns, name);
        objects.set(commandKey(ns, name), {
          obj: own as unknown as ChatCommand,
          problems: [...result.problems],
        });
        log.warn('ChatCommand is invalid and will not run', {
          command: commandKey(ns, name),
          problems: result.problems,
        });
      }
    },
    remove(raw) {
      const ns = raw.metadata?.namespace ?? '';
      const name = raw.metadata?.name ?? '';
      sink.remove(ns, name);
      objects.delete(commandKey(ns, name));
    },
    get: (ns, name) => objects.get(commandKey(ns, name))?.obj,
    snapshot: () => [...objects.values()],
  };
}
