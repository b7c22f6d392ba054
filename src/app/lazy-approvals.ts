// Loads the ChatRequest parts (src/approvals: store, flow, sweep) on first need — a ChatCommand with spec.approval,
// or someone answering approve/reject/cancel — so a cluster without approvals never loads them (docs/design/0016).
import type { ApprovalFlow } from '../approvals/approval-flow.ts';
import type { ChatCommand } from '../api/chat-command.ts';
import type { ApprovalsDeps } from './start-approvals.ts';

export interface LazyApprovals {
  /** The flow the dispatcher calls; its first call loads and starts the parts. */
  readonly flow: ApprovalFlow;
  /** Called for every command the registry takes: one with spec.approval starts the parts (and their sweep). */
  noticeCommand(cmd: ChatCommand): void;
  /** Whether the parts are loaded (tests, benchmarks). */
  readonly loaded: boolean;
}

export function createLazyApprovals(deps: ApprovalsDeps): LazyApprovals {
  let loading: Promise<ApprovalFlow> | undefined;
  let loaded = false;
  const start = (): Promise<ApprovalFlow> =>
    (loading ??= import('./start-approvals.ts').then(
      ({ startApprovals }) => {
        const parts = startApprovals(deps);
        // Loaded while shutting down: the sweep's abort listener would never fire.
        if (deps.stopSignal?.aborted === true) parts.stop();
        loaded = true;
        return parts.flow;
      },
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
  return {
    flow: {
      open: async (msg, inv, t) => (await start()).open(msg, inv, t),
      decide: async (msg, decision, code, t) => (await start()).decide(msg, decision, code, t),
    },
    noticeCommand(cmd) {
      if (cmd.spec.approval === undefined || loading) return;
      start().catch((err: unknown) => deps.log.error('cannot load the approval parts', { err }));
    },
    get loaded() {
      return loaded;
    },
  };
}
