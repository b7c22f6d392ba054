// Sentences of the Kubernetes access gate: refusals that name the missing permission, and the whoami identity line.
import type { Catalog } from '../i18n/catalog.ts';

export const authzMessages: Catalog = {
  'authz.unmapped': {
    en: 'Sorry {name}, **{trigger}** in namespace {namespace} runs only for people mapped to a Kubernetes user, and your DingTalk account (staff id {staffId}) is not mapped. Ask a cluster administrator to create a ChatIdentity for you (they need your ids: type **whoami**). Nothing was run.',
    'zh-CN':
      '抱歉 {name}，命名空间 {namespace} 中的 **{trigger}** 只为已映射到 Kubernetes 用户的人执行，而你的钉钉账号（员工 ID {staffId}）还没有映射。请联系集群管理员为你创建 ChatIdentity（他们需要你的 ID：发送 **我是谁**）。没有执行任何操作。',
  },
  'authz.conflict': {
    en: 'Sorry {name}, your DingTalk account is claimed by several ChatIdentities ({mappings}), so I cannot tell which Kubernetes user you are and did not run **{trigger}**. Ask a cluster administrator to keep only one.',
    'zh-CN':
      '抱歉 {name}，你的钉钉账号同时被多个 ChatIdentity（{mappings}）认领，无法确定你是哪个 Kubernetes 用户，所以没有执行 **{trigger}**。请联系集群管理员只保留一个。',
  },
  'authz.denied': {
    en: 'Sorry {name}, your Kubernetes user **{user}** may not `{permission}` on **{target}** in namespace {namespace}, so I did not run **{trigger}**. Ask the namespace owner for a RoleBinding that grants it (check with `{canI}`).',
    'zh-CN':
      '抱歉 {name}，你的 Kubernetes 用户 **{user}** 在命名空间 {namespace} 中没有对 **{target}** 的 `{permission}` 权限，所以没有执行 **{trigger}**。请联系命名空间负责人通过 RoleBinding 授予该权限（可用 `{canI}` 检查）。',
  },
  'authz.denied.any': {
    en: 'Sorry {name}, your Kubernetes user **{user}** may not `{permission}` in namespace {namespace}, so I did not run **{trigger}**. Ask the namespace owner for a RoleBinding that grants it (check with `{canI}`).',
    'zh-CN':
      '抱歉 {name}，你的 Kubernetes 用户 **{user}** 在命名空间 {namespace} 中没有 `{permission}` 权限，所以没有执行 **{trigger}**。请联系命名空间负责人通过 RoleBinding 授予该权限（可用 `{canI}` 检查）。',
  },
  'authz.unavailable': {
    en: 'Sorry {name}, I could not ask Kubernetes whether **{user}** may `{permission}` in namespace {namespace} (the API server did not answer), so I did not run **{trigger}**. Please try again in a minute.',
    'zh-CN':
      '抱歉 {name}，暂时无法向 Kubernetes 确认 **{user}** 在命名空间 {namespace} 中是否有 `{permission}` 权限（API 服务器没有响应），所以没有执行 **{trigger}**。请一分钟后再试。',
  },
  'authz.not-ready': {
    en: 'Sorry {name}, **{trigger}** needs your Kubernetes identity, and I have not loaded the ChatIdentities yet. Nothing was run; please try again in a minute.',
    'zh-CN':
      '抱歉 {name}，**{trigger}** 需要你的 Kubernetes 身份，而我还没有加载 ChatIdentity。没有执行任何操作，请一分钟后再试。',
  },
  'authz.disabled': {
    en: 'Sorry {name}, **{trigger}** needs your Kubernetes identity, and this kubetalk is set up without ChatIdentities, so it cannot run here. Nothing was run; ask the kubetalk operator to turn them on.',
    'zh-CN':
      '抱歉 {name}，**{trigger}** 需要你的 Kubernetes 身份，而这个 kubetalk 没有启用 ChatIdentity，因此无法执行。没有执行任何操作；请联系 kubetalk 运维人员启用。',
  },
  'authz.whoami.mapped': {
    en: '- unionId: {unionId}\n- Kubernetes user: **{user}**, groups: {groups} (ChatIdentity {mapping})',
    'zh-CN':
      '- unionId：{unionId}\n- Kubernetes 用户：**{user}**，用户组：{groups}（ChatIdentity {mapping}）',
  },
  'authz.whoami.unmapped': {
    en: '- unionId: {unionId}\n- Kubernetes user: none (no ChatIdentity maps your ids)',
    'zh-CN': '- unionId：{unionId}\n- Kubernetes 用户：无（没有 ChatIdentity 映射你的 ID）',
  },
  'authz.whoami.conflict': {
    en: '- unionId: {unionId}\n- Kubernetes user: undecided, several ChatIdentities claim your ids ({mappings}); ask a cluster administrator to keep one',
    'zh-CN':
      '- unionId：{unionId}\n- Kubernetes 用户：无法确定，多个 ChatIdentity 认领了你的 ID（{mappings}），请联系集群管理员只保留一个',
  },
  'authz.whoami.not-ready': {
    en: '- Kubernetes user: not known yet (ChatIdentities are still loading)',
    'zh-CN': '- Kubernetes 用户：暂未知（ChatIdentity 仍在加载）',
  },
};
