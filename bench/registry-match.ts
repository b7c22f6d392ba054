// In-process micro-benchmark of the registry: matchMessage, help's listAvailable, and one controller status
// pass (describeConflicts for every command), over registries of 10, 1,000 and 10,000 commands.
import { validateChatCommand } from '../src/api/validate-chat-command.ts';
import { listAvailable } from '../src/commands/list-available.ts';
import { matchMessage } from '../src/commands/match-message.ts';
import { CommandRegistry } from '../src/commands/registry.ts';
import { createRegistrySink } from '../src/app/registry-sink.ts';
import { fleet, FLEET_USER, type Layout } from './lib/command-fleet.ts';
import { spread, type Spread } from './lib/stats.ts';

export interface MatchFigures {
  readonly n: number;
  readonly layout: Layout;
  /** Nanoseconds per call, spread over repetitions. */
  readonly matchOk: Spread;
  readonly matchUnknown: Spread;
  readonly help: Spread;
  /**
   * Milliseconds for describeConflicts over every command (what each controller status pass does), as the
   * per-command time on a sample of up to 200 commands times N.
   */
  readonly statusPass: Spread;
}

function build(
  n: number,
  layout: Layout,
): { registry: CommandRegistry; conversation: string; trigger: string } {
  const registry = new CommandRegistry();
  const members = fleet(n, layout);
  for (const m of members) {
    const res = validateChatCommand({
      apiVersion: 'kubetalk.io/v1alpha1',
      kind: 'ChatCommand',
      metadata: { name: m.name, namespace: m.namespace, uid: `${m.namespace}-${m.name}`, generation: 1 },
      spec: m.spec,
    });
    if (!res.ok) throw new Error(`invalid fleet member: ${res.problems.join('; ')}`);
    registry.upsert(res.command);
  }
  const first = members[0];
  if (!first) throw new Error('empty fleet');
  return { registry, conversation: first.conversation, trigger: first.trigger };
}

/** Nanoseconds per call of `fn`, timed over batches sized to take about `batchMs`. */
function timePerCall(fn: () => unknown, reps: number, batchMs = 50): Spread {
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - t0 >= batchMs / 4 || batch >= 1 << 22) break;
    batch *= 2;
  }
  batch = Math.max(1, batch * 4);
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    out.push(((performance.now() - t0) * 1e6) / batch);
  }
  return spread(out);
}

export function runMatchBench(
  sizes: readonly number[],
  layouts: readonly Layout[],
  reps: number,
): MatchFigures[] {
  const out: MatchFigures[] = [];
  for (const layout of layouts) {
    for (const n of sizes) {
      const { registry, conversation, trigger } = build(n, layout);
      const ctx = { sender: { id: FLEET_USER, isAdmin: false }, conversationId: conversation };
      const ok = matchMessage(registry, `${trigger} web 3`, ctx);
      if (ok.kind !== 'ok') throw new Error(`expected a match, got ${ok.kind}`);
      const sink = createRegistrySink(registry);
      const all = registry.list();
      // Per-command cost on a sample, bounded in time (it is quadratic in the trigger's bucket), times N.
      const passMs: number[] = [];
      const deadline = performance.now() + 10_000;
      for (let i = 0; i < all.length && i < 200 && performance.now() < deadline; i++) {
        const c = all[Math.floor((i * all.length) / Math.min(all.length, 200))];
        if (!c) continue;
        const t0 = performance.now();
        sink.describeConflicts(c.metadata.namespace, c.metadata.name);
        passMs.push((performance.now() - t0) * n);
      }
      out.push({
        n,
        layout,
        matchOk: timePerCall(() => matchMessage(registry, `${trigger} web 3`, ctx), reps),
        matchUnknown: timePerCall(() => matchMessage(registry, 'frobnicate web 3', ctx), reps),
        help: timePerCall(() => listAvailable(registry, ctx), reps),
        statusPass: spread(passMs),
      });
      console.error(`[match] ${layout} ${n}: ${JSON.stringify(out.at(-1)?.matchOk)}`);
    }
  }
  return out;
}
