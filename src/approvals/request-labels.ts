// The labels a ChatRequest carries so replicas find requests by code, state, command and requester without reading
// them all (label selectors), and the selector of the end states.
import { createHash } from 'node:crypto';
import { REQUEST_LABELS, type ChatRequestSpec, type ChatRequestStatus } from '../api/chat-request.ts';

export function hashRequester(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}

export function stateLabel(state: ChatRequestStatus['state']): string {
  return state.toLowerCase();
}

export const ENDED_SELECTOR = `${REQUEST_LABELS.state} in (rejected,expired,cancelled,succeeded,failed)`;

export function requestLabels(
  spec: ChatRequestSpec,
  code: string,
  state: ChatRequestStatus['state'],
): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'kubetalk',
    [REQUEST_LABELS.code]: code.toLowerCase(),
    [REQUEST_LABELS.state]: stateLabel(state),
    [REQUEST_LABELS.command]: spec.command.name,
    [REQUEST_LABELS.requester]: hashRequester(spec.requester.id),
  };
}

/** The selector of a command's, or a requester's, pending requests. */
export function pendingSelector(by: { command?: string; requesterId?: string }): string {
  const parts = [`${REQUEST_LABELS.state}=pending`];
  if (by.command !== undefined) parts.push(`${REQUEST_LABELS.command}=${by.command}`);
  if (by.requesterId !== undefined)
    parts.push(`${REQUEST_LABELS.requester}=${hashRequester(by.requesterId)}`);
  return parts.join(',');
}
