// One status pass of the leader: compute every ChatCommand's status and write those that changed.
import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ChatCommand } from '../api/chat-command.ts';
import { apiStatusCode } from '../kube/api-status.ts';
import type { Logger } from '../log/logger.ts';
import { commandKey, type CommandObjects, type CommandSink } from './command-objects.ts';
import { computeStatus, statusEquals } from './compute-status.ts';
import type { RunnerDirectory } from './runner-watch.ts';

export interface StatusPassParts {
  readonly custom: CustomObjectsApi;
  readonly objects: CommandObjects;
  readonly sink: CommandSink;
  readonly runners: RunnerDirectory;
  readonly runnerName: string;
  readonly log: Logger;
  /** True once the controller is stopping: the pass ends early. */
  readonly stopped: () => boolean;
  /** A write failed for a reason that may pass: run the pass again later. */
  readonly retryLater: () => void;
}

/** Commands between two yields to the event loop: callbacks keep being answered during a pass over thousands. */
const YIELD_EVERY = 100;

export async function reconcileCommandStatuses(p: StatusPassParts): Promise<void> {
  let visited = 0;
  for (const { obj, problems, wildcardRefusal } of p.objects.snapshot()) {
    if (p.stopped()) return;
    if (++visited % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const ns = obj.metadata.namespace;
    const conflicts = problems.length === 0 ? p.sink.describeConflicts(ns, obj.metadata.name) : [];
    const desired = computeStatus(
      obj,
      {
        problems: [...problems],
        conflicts,
        runnerExists: p.runners.exists(ns),
        runnerName: p.runnerName,
        ...(wildcardRefusal !== undefined ? { wildcardRefusal } : {}),
      },
      new Date(),
    );
    if (statusEquals(obj.status, desired)) continue;
    await writeOne(p, obj, desired);
  }
}

async function writeOne(p: StatusPassParts, obj: ChatCommand, desired: ChatCommand['status']): Promise<void> {
  const command = commandKey(obj.metadata.namespace, obj.metadata.name);
  try {
    await writeStatus(p.custom, obj, desired);
    p.log.info('status updated', { command, ready: desired?.conditions?.at(-1)?.reason });
  } catch (err) {
    // A command deleted meanwhile needs no status; anything else is tried again.
    if (apiStatusCode(err) === 404) return;
    p.log.warn('status write failed; will retry', { command, err });
    p.retryLater();
  }
}

function writeStatus(
  custom: CustomObjectsApi,
  cmd: ChatCommand,
  status: ChatCommand['status'],
): Promise<unknown> {
  return custom.patchNamespacedCustomObjectStatus(
    {
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace: cmd.metadata.namespace,
      name: cmd.metadata.name,
      // null removes fields a merge patch would otherwise keep (an object that became invalid has no summary).
      body: { status: { ...status, action: status?.action ?? null, summary: status?.summary ?? null } },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}
