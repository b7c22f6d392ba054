// Sentences of confirmations and approvals (ChatRequests), in English and Chinese.
import type { Catalog } from '../i18n/catalog.ts';

export const approvalMessages: Catalog = {
  'approval.created.confirm': {
    en: 'Request **{code}**: {summary}. Confirm within {minutes} min, or it expires.',
    'zh-CN': '请求 **{code}**：{summary}。请在 {minutes} 分钟内确认，否则自动失效。',
  },
  'approval.created.approvers': {
    en: 'Request **{code}** by {requester}: {summary}. Needs {required} approval(s) from {approvers} within {minutes} min; the requester cannot approve it.',
    'zh-CN':
      '{requester} 发起的请求 **{code}**：{summary}。需要 {approvers} 中 {required} 人在 {minutes} 分钟内批准；发起人不能自己批准。',
  },
  'approval.approvers.admins': { en: 'the group admins', 'zh-CN': '群管理员' },
  'approval.approvers.anyone': { en: 'any staff member', 'zh-CN': '任何员工' },
  'approval.link.approve': { en: 'Approve', 'zh-CN': '同意' },
  'approval.link.confirm': { en: 'Confirm', 'zh-CN': '确认' },
  'approval.link.reject': { en: 'Reject', 'zh-CN': '拒绝' },
  'approval.link.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'approval.recorded': {
    en: '{approver} approved request **{code}** ({count} of {required}); waiting for more approvals.',
    'zh-CN': '{approver} 已批准请求 **{code}**（{count}/{required}），等待更多批准。',
  },
  'approval.approved': {
    en: 'Request **{code}** approved by {approvers}; running it now.',
    'zh-CN': '请求 **{code}** 已由 {approvers} 批准，正在执行。',
  },
  'approval.rejected': {
    en: 'Request **{code}** was rejected by {by}; nothing was run.',
    'zh-CN': '请求 **{code}** 已被 {by} 拒绝，没有执行任何操作。',
  },
  'approval.cancelled': {
    en: 'Request **{code}** was cancelled by {by}; nothing was run.',
    'zh-CN': '请求 **{code}** 已被 {by} 取消，没有执行任何操作。',
  },
  'approval.expired': {
    en: 'Request **{code}** ({summary}) expired without a decision; nothing was run. Ask again if it is still needed.',
    'zh-CN': '请求 **{code}**（{summary}）超时未决，已失效，没有执行任何操作。如仍需要，请重新发起。',
  },
  'approval.result': {
    en: 'Request **{code}** ({requester}): {result}',
    'zh-CN': '请求 **{code}**（{requester}）：{result}',
  },
  'approval.target-changed': {
    en: 'Request **{code}** was refused: {kind}/{name} changed since the preview, so the approved change may no longer be what it shows. Nothing was run. The preview now:',
    'zh-CN':
      '请求 **{code}** 已被拒绝：{kind}/{name} 在预览之后发生了变化，批准的内容可能已不符合预览。没有执行任何操作。当前预览：',
  },
  'approval.command-changed': {
    en: 'Request **{code}** was refused: the command no longer allows it ({reason}). Nothing was run.',
    'zh-CN': '请求 **{code}** 已被拒绝：该命令已不再允许此操作（{reason}）。没有执行任何操作。',
  },
  'approval.refused.unknown-code': {
    en: 'Sorry {name}, there is no request **{code}** here. Check the code in the request message.',
    'zh-CN': '抱歉 {name}，这里没有请求 **{code}**，请核对请求消息中的代码。',
  },
  'approval.refused.bad-code': {
    en: 'Sorry {name}, write the request code after the word, e.g. **approve K7Q4MX** (six letters and digits).',
    'zh-CN': '抱歉 {name}，请在词后写上请求代码，例如 **同意 K7Q4MX**（六位字母和数字）。',
  },
  'approval.refused.ended': {
    en: 'Request **{code}** is already decided ({state}); nothing changed.',
    'zh-CN': '请求 **{code}** 已有结果（{state}），没有任何改变。',
  },
  'approval.refused.expired': {
    en: 'Request **{code}** has expired; nothing was run. Ask again if it is still needed.',
    'zh-CN': '请求 **{code}** 已失效，没有执行任何操作。如仍需要，请重新发起。',
  },
  'approval.refused.self-approval': {
    en: 'Sorry {name}, you cannot approve your own request **{code}**: someone else must.',
    'zh-CN': '抱歉 {name}，你不能批准自己发起的请求 **{code}**，需要其他人批准。',
  },
  'approval.refused.not-approver': {
    en: 'Sorry {name}, you are not an approver of request **{code}**.',
    'zh-CN': '抱歉 {name}，你不是请求 **{code}** 的审批人。',
  },
  'approval.refused.already-approved': {
    en: 'You already approved request **{code}**; it needs another approver.',
    'zh-CN': '你已经批准过请求 **{code}**，还需要其他审批人批准。',
  },
  'approval.refused.other-conversation': {
    en: 'Request **{code}** can be decided only in the conversation it was made in.',
    'zh-CN': '请求 **{code}** 只能在发起它的会话中处理。',
  },
  'approval.refused.not-requester': {
    en: 'Sorry {name}, only {requester}, who made request **{code}**, can do that.',
    'zh-CN': '抱歉 {name}，只有发起请求 **{code}** 的 {requester} 可以这样做。',
  },
  'approval.refused.no-sender-id': {
    en: 'Sorry {name}, deciding a request needs a staff id, and your account has none here.',
    'zh-CN': '抱歉 {name}，处理请求需要员工 ID，而你的账号在这里没有。',
  },
  'approval.refused.busy': {
    en: 'Request **{code}** is being decided by someone else right now; look at the conversation for the result.',
    'zh-CN': '请求 **{code}** 正在被其他人处理，请留意会话中的结果。',
  },
  'approval.cap.command': {
    en: 'Sorry {name}, **{trigger}** already has {count} requests waiting for a decision (the most allowed). Decide or cancel one first.',
    'zh-CN': '抱歉 {name}，**{trigger}** 已有 {count} 个待处理的请求（已达上限），请先处理或取消其中一个。',
  },
  'approval.cap.sender': {
    en: 'Sorry {name}, you already have {count} requests waiting for a decision (the most allowed). Cancel one first.',
    'zh-CN': '抱歉 {name}，你已有 {count} 个待处理的请求（已达上限），请先取消其中一个。',
  },
  'approval.unavailable': {
    en: 'Sorry {name}, the request could not be recorded in the cluster right now; nothing was run. Try again in a minute.',
    'zh-CN': '抱歉 {name}，暂时无法在集群中记录该请求，没有执行任何操作。请稍后重试。',
  },
  'approval.help.needs-confirm': {
    en: 'asks you to confirm a preview first',
    'zh-CN': '先预览，需你确认后执行',
  },
  'approval.help.needs-approval': {
    en: 'runs after {required} approval(s) by others',
    'zh-CN': '需其他 {required} 人批准后执行',
  },
};
