// Replies of the built-in commands: help (only what this sender may run here) and whoami (ids for allow lists).
import type { AvailableCommand } from '../commands/list-available.ts';
import { neutralizeMarkdown } from '../i18n/neutralize-markdown.ts';
import type { InboundMessage, OutboundReply } from './ports/chat.ts';
import type { Translate } from './render-reply-text.ts';

export function renderHelp(
  commands: readonly AvailableCommand[],
  t: Translate,
  mentionUserId: string,
): OutboundReply {
  const heading = t({ key: 'dispatch.help.heading' });
  const lines =
    commands.length === 0
      ? [t({ key: 'dispatch.help.none' })]
      : commands.map((c) => {
          const names = [c.trigger, ...c.aliases].map((n) => `**${n}**`).join(' / ');
          // Descriptions are tenant text: one namespace must not put links or markup into every group.
          const desc = c.description ? ` — ${neutralizeMarkdown(c.description)}` : '';
          const gate = c.approval ? ` 🔒 ${t(c.approval)}` : '';
          return `- ${names}${desc} (${neutralizeMarkdown(c.namespace)})${gate}\n  \`${t(c.usage)}\``;
        });
  return {
    title: heading,
    markdown: [`### ${heading}`, ...lines, '', t({ key: 'dispatch.help.builtins' })].join('\n'),
    mentionUserIds: mentionUserId ? [mentionUserId] : [],
  };
}

export function renderWhoami(msg: InboundMessage, t: Translate): OutboundReply {
  const heading = t({ key: 'dispatch.whoami.heading' });
  const body = t({
    key: 'dispatch.whoami.body',
    params: {
      name: msg.sender.name,
      userId: msg.sender.id || t({ key: 'dispatch.whoami.no-staff-id' }),
      conversationId: msg.conversation.id,
      conversationType: t({
        key:
          msg.conversation.type === 'group' ? 'dispatch.conversation.group' : 'dispatch.conversation.direct',
      }),
      admin: t({ key: msg.sender.isAdmin ? 'dispatch.yes' : 'dispatch.no' }),
    },
  });
  return {
    title: heading,
    markdown: `### ${heading}\n${body}`,
    mentionUserIds: msg.sender.id ? [msg.sender.id] : [],
  };
}
