// Where an AlertRoute's messages go: a conversation through the OpenAPI sender, or a custom robot whose Secret is
// read as the namespace's runner. Failures become the route's Event; every failure may pass once someone acts.
import type { KubeConfig } from '@kubernetes/client-node';
import type { AlertDestinations, SendOutcome } from '../alerts/deliver-group.ts';
import type { CompiledRoute } from '../alerts/select-routes.ts';
import { readRobotSecret } from '../kube/read-robot-secret.ts';
import type { ConversationSender } from '../dispatch/ports/conversation-sender.ts';
import type { RobotClient } from '../platforms/dingtalk/custom-robot/robot-client.ts';

/** Markdown budgets (JSON-escaped bytes), below the 15,000-byte msgParam and the 20,000-byte robot body. */
export const CONVERSATION_BUDGET = 13_000;
export const ROBOT_BUDGET = 18_000;

export interface DestinationDeps {
  readonly kc: KubeConfig;
  readonly runnerName: string;
  readonly conversations: ConversationSender | undefined;
  readonly robots: RobotClient;
}

export function createAlertDestinations(deps: DestinationDeps): AlertDestinations {
  return {
    budgetFor: (route) => (route.route.spec.to.robot !== undefined ? ROBOT_BUDGET : CONVERSATION_BUDGET),
    async send(route: CompiledRoute, message): Promise<SendOutcome> {
      const { to } = route.route.spec;
      if (to.conversationId !== undefined) {
        if (!deps.conversations)
          return {
            ok: false,
            transient: false,
            reason: 'no OpenAPI sender configured (KUBETALK_DINGTALK_CLIENT_ID)',
          };
        const r = await deps.conversations.sendToConversation(to.conversationId, message);
        return r.ok ? { ok: true } : { ok: false, transient: true, reason: r.reason };
      }
      const secretName = to.robot?.secretName ?? '';
      const secret = await readRobotSecret(
        deps.kc,
        route.route.metadata.namespace,
        deps.runnerName,
        secretName,
      );
      if (!secret.ok) return { ok: false, transient: secret.transient, reason: secret.reason };
      const r = await deps.robots.send({ url: secret.url, secret: secret.secret }, message);
      return r.kind === 'delivered'
        ? { ok: true }
        : { ok: false, transient: r.kind === 'transient', reason: r.reason };
    },
  };
}
