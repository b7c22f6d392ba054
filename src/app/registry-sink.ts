// Adapts the command registry to what the ChatCommand controller feeds and asks (conflicts as readable text).
import type { ChatCommand } from '../api/chat-command.ts';
import type { CommandRegistry } from '../commands/registry.ts';
import type { CommandSink } from '../controller/command-objects.ts';

/** `onUpsert` sees every command the registry takes (the approval parts load when one asks for approval). */
export function createRegistrySink(
  registry: CommandRegistry,
  onUpsert: (cmd: ChatCommand) => void = () => undefined,
): CommandSink {
  return {
    upsert: (cmd: ChatCommand) => {
      registry.upsert(cmd);
      onUpsert(cmd);
    },
    remove: (ns: string, name: string) => void registry.remove(ns, name),
    describeConflicts(ns, name) {
      return registry.conflictsFor(ns, name).map((c) => {
        const other = c.commands.find((r) => r.namespace !== ns || r.name !== name) ?? c.commands[0];
        return `${other.namespace}/${other.name} (trigger "${c.phrase}")`;
      });
    },
    get size() {
      return registry.size;
    },
  };
}
