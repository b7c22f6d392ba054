// The ChatCommands of the registry benchmarks, in two layouts that bound how matching can scale.
//
// spread: 100 namespaces (fewer when N < 100), each with its own conversation and N/100 commands `op0`, `op1`, …
//   — every namespace uses the same trigger names, so one trigger is shared by at most 100 commands.
// shared: every command answers to `scale`, each in a conversation of its own — one trigger, N commands
//   (many teams with one namespace each, all calling their command "scale").

import type { CustomObjectsApi } from '@kubernetes/client-node';
import { forEachBounded } from './bounded.ts';

export type Layout = 'spread' | 'shared';

export interface FleetMember {
  readonly namespace: string;
  readonly name: string;
  readonly conversation: string;
  readonly trigger: string;
  readonly spec: Record<string, unknown>;
}

export const FLEET_USER = 'alice01';
export const MAX_NAMESPACES = 100;

export function namespaceOf(i: number): string {
  return `team-${String(i).padStart(3, '0')}`;
}

export function conversationOf(key: number): string {
  return `cidTeam${String(key).padStart(5, '0')}AAAAAAAA==`;
}

export function fleet(n: number, layout: Layout): FleetMember[] {
  const namespaces = Math.min(MAX_NAMESPACES, n);
  const out: FleetMember[] = [];
  for (let j = 0; j < n; j++) {
    const ns = j % namespaces;
    const k = Math.floor(j / namespaces);
    const trigger = layout === 'spread' ? `op${k}` : 'scale';
    const conversation = layout === 'spread' ? conversationOf(ns) : conversationOf(j);
    out.push({
      namespace: namespaceOf(ns),
      name: `cmd-${k}`,
      conversation,
      trigger,
      spec: {
        trigger,
        description: `scale web (${layout} ${j})`,
        targets: { kind: 'Deployment', names: ['web'] },
        action: { scale: { minReplicas: 1, maxReplicas: 10 } },
        allow: { conversations: [conversation], users: [FLEET_USER] },
      },
    });
  }
  return out;
}

/** Creates the members' ChatCommands, `concurrency` requests at a time. */
export async function createFleetObjects(
  custom: CustomObjectsApi,
  members: readonly Pick<FleetMember, 'namespace' | 'name' | 'spec'>[],
  concurrency: number,
): Promise<void> {
  await forEachBounded(members, concurrency, async (m) => {
    await custom.createNamespacedCustomObject({
      group: 'kubetalk.io',
      version: 'v1alpha1',
      plural: 'chatcommands',
      namespace: m.namespace,
      body: {
        apiVersion: 'kubetalk.io/v1alpha1',
        kind: 'ChatCommand',
        metadata: { name: m.name },
        spec: m.spec,
      },
    });
  });
}
