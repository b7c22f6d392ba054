// Sentences the dispatcher itself says: help, whoami, refusals, ambiguity, and internal errors.
import type { Catalog } from '../i18n/catalog.ts';
import { runnerCheckMessages } from './runner-check.ts';

export const dispatchMessages: Catalog = {
  'dispatch.title': { en: 'kubetalk', 'zh-CN': 'kubetalk' },
  'dispatch.too-long': {
    en: 'That message is too long to be a command (more than {max} characters). Type **help** to see the commands.',
    'zh-CN': '这条消息太长（超过 {max} 个字符），不像是命令。发送 **帮助** 查看可用命令。',
  },
  'dispatch.empty': {
    en: 'Hi {name}! Type **help** to see what you can run here.',
    'zh-CN': '你好 {name}！发送 **帮助** 查看你在这里可以执行的命令。',
  },
  'dispatch.unknown': {
    en: 'I do not know the command "{text}". Type **help** to see what you can run here.',
    'zh-CN': '我不认识命令“{text}”。发送 **帮助** 查看你在这里可以执行的命令。',
  },
  'dispatch.denied': {
    en: 'Sorry {name}, you are not allowed to run **{trigger}** here. Ask the owner of the namespace you meant to add you (they need your ids: type **whoami**).',
    'zh-CN':
      '抱歉 {name}，你无权在这里执行 **{trigger}**。请联系相应命名空间的负责人为你授权（发送 **我是谁** 获取你的 ID）。',
  },
  'dispatch.denied.admin': {
    en: 'Sorry {name}, only group admins may run **{trigger}** here.',
    'zh-CN': '抱歉 {name}，只有群管理员可以在这里执行 **{trigger}**。',
  },
  'dispatch.denied.no-sender-id': {
    en: 'Sorry {name}, DingTalk did not tell me your staff id (members from outside the organisation have none), so I can only run commands that are open to external members, and **{trigger}** is not one of them.',
    'zh-CN':
      '抱歉 {name}，钉钉没有提供你的员工 ID（组织外成员没有），所以我只能为你执行对外部成员开放的命令，而 **{trigger}** 不在其中。',
  },
  'dispatch.ambiguous.namespace': {
    en: 'There is no **{trigger}** in namespace {namespace} here. Choose one of:',
    'zh-CN': '命名空间 {namespace} 中没有 **{trigger}**。请从以下选择：',
  },
  'dispatch.conflict': {
    en: 'Namespace {namespace} has several commands answering to **{trigger}** for you here ({names}), so I cannot tell which you mean and ran none. Its owner should rename one; `kubectl get chatcommands -n {namespace}` shows them as TriggerConflict.',
    'zh-CN':
      '命名空间 {namespace} 中有多个命令在这里对你响应 **{trigger}**（{names}），我无法判断你要执行哪一个，因此没有执行。请其负责人改名其中一个；`kubectl get chatcommands -n {namespace}` 会显示它们为 TriggerConflict。',
  },
  'dispatch.ambiguous': {
    en: '**{trigger}** exists in several namespaces here. Add **-n NAMESPACE** to choose:',
    'zh-CN': '**{trigger}** 在这里对应多个命名空间，请加上 **-n 命名空间** 来选择：',
  },
  'dispatch.claims-unavailable': {
    en: 'I cannot reach the Kubernetes API to record your message, so I did not run it. Please try again in a minute.',
    'zh-CN': '暂时无法连接 Kubernetes API 记录你的消息，所以没有执行。请一分钟后再试。',
  },
  'dispatch.internal-error': {
    en: 'Something went wrong on our side (internal error, ref {ref}). Nothing more was changed after the error; an operator can find the details in the kubetalk logs.',
    'zh-CN':
      '处理时发生内部错误（编号 {ref}）。出错后没有再做任何更改；运维人员可以在 kubetalk 日志中查到详情。',
  },
  'dispatch.help.heading': { en: 'Commands you can run here', 'zh-CN': '你在这里可以执行的命令' },
  'dispatch.help.none': {
    en: 'There is no command you may run in this conversation yet. A namespace owner can add one with a ChatCommand; they will need the ids from **whoami**.',
    'zh-CN':
      '你在这个会话中还没有可以执行的命令。命名空间负责人可以通过 ChatCommand 添加；他们需要 **我是谁** 给出的 ID。',
  },
  'dispatch.help.builtins': {
    en: 'Always available: **help**, **whoami**. Add **--dry-run** to a command to preview a change; decide a request with **approve CODE**, **reject CODE** or **cancel CODE**.',
    'zh-CN':
      '始终可用：**帮助**（help）、**我是谁**（whoami）。在命令后加 **预演**（--dry-run）可预览变更；用 **同意 代码**、**拒绝 代码** 或 **取消 代码** 处理请求。',
  },
  'dispatch.whoami.heading': { en: 'Who you are, as kubetalk sees you', 'zh-CN': 'kubetalk 看到的你' },
  'dispatch.whoami.body': {
    en: '- name: {name}\n- staff id (for allow.users): `{userId}`\n- conversation id (for allow.conversations): `{conversationId}`\n- conversation: {conversationType}\n- group admin: {admin}',
    'zh-CN':
      '- 名字：{name}\n- 员工 ID（用于 allow.users）：`{userId}`\n- 会话 ID（用于 allow.conversations）：`{conversationId}`\n- 会话类型：{conversationType}\n- 群管理员：{admin}',
  },
  'dispatch.whoami.no-staff-id': {
    en: '(none: external users cannot be allowed by id)',
    'zh-CN': '（无：外部用户无法按 ID 授权）',
  },
  'dispatch.conversation.group': { en: 'group', 'zh-CN': '群聊' },
  'dispatch.conversation.direct': { en: 'direct chat', 'zh-CN': '单聊' },
  'dispatch.yes': { en: 'yes', 'zh-CN': '是' },
  'dispatch.no': { en: 'no', 'zh-CN': '否' },
  'dispatch.result.ok': { en: '✅', 'zh-CN': '✅' },
  'dispatch.result.failed': { en: '❌', 'zh-CN': '❌' },
  'dispatch.follow-up': { en: 'Update on **{target}**', 'zh-CN': '**{target}** 进展' },
  'dispatch.follow-up.already-watching': {
    en: 'I am already watching {target} for this conversation; its result will be posted here once.',
    'zh-CN': '我已在为这个会话跟踪 {target}，结果会在这里发布一次。',
  },
  'dispatch.limited.user': {
    en: 'Easy, {name}: you have started {limit} commands in the last minute, the most I take from one person. Nothing was run; please try again in {seconds} s.',
    'zh-CN':
      '{name}，你在一分钟内已经发起了 {limit} 条命令，达到了单人上限。本次没有执行；请 {seconds} 秒后再试。',
  },
  'dispatch.limited.conversation': {
    en: 'This conversation has started {limit} commands in the last minute, the most I take from one conversation. Nothing was run; please try again in {seconds} s.',
    'zh-CN':
      '这个会话在一分钟内已经发起了 {limit} 条命令，达到了单个会话的上限。本次没有执行；请 {seconds} 秒后再试。',
  },
  'dispatch.limited.concurrency': {
    en: 'Sorry {name}, I am already running {limit} actions, the most I run at once. Nothing was run; please try again in {seconds} s.',
    'zh-CN': '抱歉 {name}，我正在同时执行 {limit} 个操作，已达上限。本次没有执行；请 {seconds} 秒后再试。',
  },
  'dispatch.limited.cooldown': {
    en: '**{trigger}** on {target} may run once every {limit} s, and it ran recently. Nothing was run; please try again in {seconds} s.',
    'zh-CN':
      '**{trigger}** 对 {target} 每 {limit} 秒只能执行一次，最近已经执行过。本次没有执行；请 {seconds} 秒后再试。',
  },
  ...runnerCheckMessages,
};
