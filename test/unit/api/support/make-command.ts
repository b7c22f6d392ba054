// Builds valid ChatCommands for tests, through validateChatCommand so every test object is one the CRD accepts.
import type { ChatCommand } from '../../../../src/api/chat-command.ts';
import { validateChatCommand } from '../../../../src/api/validate-chat-command.ts';

export interface CommandInput {
  readonly namespace?: string;
  readonly name?: string;
  readonly trigger?: string;
  readonly aliases?: readonly string[];
  readonly description?: string;
  readonly targets?: unknown;
  readonly action?: unknown;
  readonly allow?: unknown;
  readonly cooldownSeconds?: number;
  readonly approval?: unknown;
}

export function makeCommand(input: CommandInput = {}): ChatCommand {
  const trigger = input.trigger ?? 'scale';
  const spec: Record<string, unknown> = {
    trigger,
    targets: input.targets ?? { kind: 'Deployment', names: ['web', 'api'] },
    action: input.action ?? { scale: { minReplicas: 1, maxReplicas: 10 } },
    allow: input.allow ?? { conversations: ['*'], users: ['*'] },
  };
  if (input.aliases) spec.aliases = input.aliases;
  if (input.description) spec.description = input.description;
  if (input.cooldownSeconds !== undefined) spec.cooldownSeconds = input.cooldownSeconds;
  if (input.approval !== undefined) spec.approval = input.approval;
  const result = validateChatCommand({
    apiVersion: 'kubetalk.io/v1alpha1',
    kind: 'ChatCommand',
    metadata: {
      name: input.name ?? (trigger.replace(/[^a-z0-9-]/g, '') || 'cmd'),
      namespace: input.namespace ?? 'shop',
    },
    spec,
  });
  if (!result.ok) throw new Error(`test command is invalid: ${result.problems.join('; ')}`);
  return result.command;
}
