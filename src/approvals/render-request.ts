// Replies about ChatRequests: the preview with its code and one-tap dtmd:// links, decisions, results, refusals.
import type { ActionPreview } from '../actions/types.ts';
import type { Approval } from '../api/chat-command.ts';
import type { ChatRequest } from '../api/chat-request.ts';
import type { UserMessage } from '../errors.ts';
import { neutralizeBlock } from '../i18n/neutralize-markdown.ts';
import type { OutboundReply } from '../dispatch/ports/chat.ts';
import { codeOfName } from './request-code.ts';

export type Translate = (msg: UserMessage) => string;

/** A link that, tapped in DingTalk, sends `text` as the reader's own message (markdown messages only). */
export function dtmdLink(label: string, text: string): string {
  return `[${label}](dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(text)})`;
}

function fence(lines: readonly string[]): string {
  return ['```', neutralizeBlock(lines.join('\n')).replace(/`/g, 'ˋ'), '```'].join('\n');
}

/** The difference block under a preview: what would change, or that nothing would. */
export function renderChanges(preview: Pick<ActionPreview, 'changes'>, t: Translate): string {
  if (preview.changes.length === 0) return t({ key: 'preview.no-changes' });
  return `${t({ key: 'preview.changes' })}\n\n${fence(preview.changes)}`;
}

/** The reply to `--dry-run`. */
export function renderDryRun(
  preview: ActionPreview,
  t: Translate,
  mention: string,
  webhook: boolean,
): OutboundReply {
  const summary = t(preview.summary);
  const note = t({ key: webhook ? 'preview.webhook-note' : 'preview.dry-run-note' });
  return {
    title: `🔍 ${summary}`.slice(0, 60),
    markdown: [`🔍 **${summary}**`, renderChanges(preview, t), note].join('\n\n'),
    mentionUserIds: mention ? [mention] : [],
  };
}

/** Staff ids to @mention: the requester and the listed approvers ("*" is nobody in particular). */
export function mentionsOf(req: ChatRequest, policy: Approval | undefined): string[] {
  const ids = [req.spec.requester.id, ...(policy?.approvers?.users ?? []).filter((u) => u !== '*')];
  return [...new Set(ids.filter((id) => id !== ''))].slice(0, 20);
}

function approversText(policy: Approval | undefined, t: Translate): string {
  const users = policy?.approvers?.users ?? [];
  const parts: string[] = [];
  if (users.includes('*')) parts.push(t({ key: 'approval.approvers.anyone' }));
  // Plain ids: the @mentions themselves are added by the platform from mentionUserIds.
  else if (users.length > 0) parts.push(users.join(', '));
  if (policy?.approvers?.admins) parts.push(t({ key: 'approval.approvers.admins' }));
  return parts.join(' / ');
}

export function renderRequestCreated(
  req: ChatRequest,
  policy: Approval | undefined,
  t: Translate,
): OutboundReply {
  const code = codeOfName(req.metadata.name);
  const minutes = Math.max(
    1,
    Math.round(
      (Date.parse(req.spec.expiresAt) - Date.parse(req.metadata.creationTimestamp ?? req.spec.expiresAt)) /
        60_000,
    ),
  );
  const params = { code, summary: req.spec.preview.summary, minutes, requester: req.spec.requester.name };
  const confirm = req.spec.mode === 'Confirm';
  const head = confirm
    ? t({ key: 'approval.created.confirm', params })
    : t({
        key: 'approval.created.approvers',
        params: { ...params, required: req.spec.required, approvers: approversText(policy, t) },
      });
  // Links send the English words: the grammar accepts them whatever the reader's language.
  const links = [
    dtmdLink(
      t({ key: confirm ? 'approval.link.confirm' : 'approval.link.approve' }),
      `${confirm ? 'confirm' : 'approve'} ${code}`,
    ),
    dtmdLink(t({ key: 'approval.link.reject' }), `reject ${code}`),
    dtmdLink(t({ key: 'approval.link.cancel' }), `cancel ${code}`),
  ].join(' · ');
  return {
    title: `⏳ ${code}: ${req.spec.preview.summary}`.slice(0, 60),
    markdown: [`⏳ ${head}`, renderChanges(req.spec.preview, t), links].join('\n\n'),
    mentionUserIds: mentionsOf(req, policy),
  };
}

/** A one-paragraph notice about a request (decided, expired, refused), mentioning whom it concerns. */
export function renderNotice(
  icon: string,
  text: string,
  mentions: readonly string[],
  extra: readonly string[] = [],
): OutboundReply {
  return {
    title: `${icon} ${text.replace(/[*_`#>]/g, '')}`.slice(0, 60),
    markdown: [`${icon} ${text}`, ...extra].join('\n\n'),
    mentionUserIds: [...new Set(mentions.filter((m) => m !== ''))],
  };
}
