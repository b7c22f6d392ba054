// The reply when several namespaces answer to the same words for this sender: one line per namespace, with its -n.
import type { ChatCommand } from '../api/chat-command.ts';
import { neutralizeMarkdown } from '../i18n/catalog.ts';
import type { MatchResult } from '../commands/match-message.ts';
import type { Translate } from './render-reply-text.ts';

/** Lists the candidates (only commands this sender may run here) with the `-n` that selects each. */
export function renderAmbiguous(match: Extract<MatchResult, { kind: 'ambiguous' }>, t: Translate): string {
  const trigger = match.candidates[0]?.spec.trigger ?? '';
  const head =
    match.requestedNamespace !== undefined
      ? t({ key: 'dispatch.ambiguous.namespace', params: { trigger, namespace: match.requestedNamespace } })
      : t({ key: 'dispatch.ambiguous', params: { trigger } });
  return `${head}\n\n${match.candidates.map(describeCandidate).join('\n')}`;
}

/** Descriptions are tenant text: neutralised, so no namespace can put links or markup into another's group. */
function describeCandidate(c: ChatCommand): string {
  return `- **-n ${c.metadata.namespace}**: ${neutralizeMarkdown(c.spec.description ?? c.spec.trigger)}`;
}
