// help, filtered by the Kubernetes access gate: commands that ask for Kubernetes access are listed only when a
// review allows one of their targets, within a budget of reviews per help (cache hits are free).
import { actionTypeOf } from '../api/action-names.ts';
import type { AvailableCommand } from '../commands/list-available.ts';
import type { GateParts, GateSender } from './access-gate.ts';
import { idsOf } from './access-gate.ts';
import { accessFor } from './access-table.ts';
import { requiresKubernetesAccess } from './action-of-command.ts';
import type { AccessQuestion } from './subject-access-review.ts';

/** Target names tried for `help` per command: one allowed name is enough to list the command. */
const HELP_NAMES_PER_COMMAND = 4;
const HELP_CONCURRENCY = 4;

export async function filterHelp(
  g: GateParts,
  list: readonly AvailableCommand[],
  sender: GateSender,
): Promise<AvailableCommand[]> {
  const { opts, ask } = g;
  let budget = opts.helpReviewBudget ?? 64;
  let skipped = 0;
  const keep = new Array<boolean>(list.length).fill(false);
  const resolution = opts.identitiesReady() ? opts.resolve(idsOf(sender)) : undefined;
  const check = async (i: number): Promise<void> => {
    const item = list[i] as AvailableCommand;
    const cmd = opts.lookupCommand(item.namespace, item.name);
    if (!cmd) return;
    if (!requiresKubernetesAccess(cmd)) {
      keep[i] = true;
      return;
    }
    if (resolution?.kind !== 'mapped') return;
    const access = accessFor(actionTypeOf(cmd.spec.action), cmd.spec.targets.kind);
    const names: Array<string | undefined> =
      access.named && cmd.spec.targets.names
        ? cmd.spec.targets.names.slice(0, HELP_NAMES_PER_COMMAND)
        : [undefined];
    for (const name of names) {
      if (budget <= 0) {
        skipped += 1;
        return;
      }
      const q: AccessQuestion = {
        identity: resolution.identity,
        access,
        namespace: item.namespace,
        ...(name !== undefined ? { name } : {}),
      };
      try {
        if ((await ask(q, () => (budget -= 1))).allowed) {
          keep[i] = true;
          return;
        }
      } catch (err) {
        opts.log.warn('SubjectAccessReview failed; hiding the command from help', {
          command: `${item.namespace}/${item.name}`,
          err,
        });
        return;
      }
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) await check(next++);
  };
  await Promise.all(Array.from({ length: Math.min(HELP_CONCURRENCY, list.length) }, worker));
  if (skipped > 0)
    opts.log.warn('help hid commands it had no review budget left to check', { hidden: skipped });
  return list.filter((_, i) => keep[i]);
}
