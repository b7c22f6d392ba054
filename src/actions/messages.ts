// Every sentence the actions (and src/kube's error mapping) can put in a chat reply, in English and Chinese.
import type { Catalog } from '../i18n/catalog.ts';

const T = '{kind}/{name} in {namespace}';
const T_ZH = '{namespace} 中的 {kind}/{name}';

export const actionMessages: Catalog = {
  // ---- errors shared by all actions (src/kube/api-errors.ts, src/actions/runner.ts)
  'action.invalid-target': {
    en: 'Not a valid workload name: "{name}" in "{namespace}". Use lowercase letters, digits and dashes.',
    'zh-CN': '无效的工作负载名称："{namespace}" 中的 "{name}"。只能使用小写字母、数字和短横线。',
  },
  'action.selector-mismatch': {
    en: `${T} does not carry the labels this command requires ({selector}). Pick a workload the command covers.`,
    'zh-CN': `${T_ZH} 没有此命令要求的标签（{selector}），请选择命令允许的工作负载。`,
  },
  'action.forbidden': {
    en: 'Not allowed: {runner} may not {verb} {resource} in {namespace}. Ask the namespace owner to add verb "{verb}" on "{resource}" to the runner\'s Role.',
    'zh-CN':
      '无权限：{runner} 不能在 {namespace} 中对 {resource} 执行 {verb}。请让命名空间负责人在 runner 的 Role 中授予 "{resource}" 的 "{verb}" 权限。',
  },
  'action.forbidden-other': {
    en: 'The cluster refused the request made as {runner}: {reason}',
    'zh-CN': '集群拒绝了以 {runner} 身份发出的请求：{reason}',
  },
  'action.impersonation-forbidden': {
    en: 'kubetalk may not act as {runner}. An operator must let the controller ({controller}) impersonate ServiceAccount "{runnerName}" (verb impersonate on serviceaccounts, resourceNames [{runnerName}]).',
    'zh-CN':
      'kubetalk 无法以 {runner} 身份操作。请运维人员允许控制器（{controller}）模拟 ServiceAccount "{runnerName}"（serviceaccounts 的 impersonate 权限，resourceNames [{runnerName}]）。',
  },
  'action.unauthenticated': {
    en: "The Kubernetes API rejected kubetalk's own credentials. An operator must check the controller's ServiceAccount or kubeconfig.",
    'zh-CN':
      'Kubernetes API 拒绝了 kubetalk 自身的凭据，请运维人员检查控制器的 ServiceAccount 或 kubeconfig。',
  },
  'action.not-found': {
    en: '{kind} "{name}" not found in {namespace}. Check the name (and namespace) and try again.',
    'zh-CN': '在 {namespace} 中找不到 {kind} "{name}"，请检查名称（和命名空间）后重试。',
  },
  'action.conflict': {
    en: '{kind}/{name} kept changing while kubetalk updated it. Try again in a moment.',
    'zh-CN': '{kind}/{name} 在更新过程中被其他操作修改，请稍后重试。',
  },
  'action.rejected': {
    en: 'The Kubernetes API rejected the change: {reason}',
    'zh-CN': 'Kubernetes API 拒绝了此变更：{reason}',
  },
  'action.timeout': {
    en: 'The Kubernetes API did not answer in time, or kubetalk is shutting down. Try again; check with status before repeating a change.',
    'zh-CN': 'Kubernetes API 未及时响应，或 kubetalk 正在关闭。请重试；重复变更前先用 status 查看状态。',
  },
  'action.api-unavailable': {
    en: 'The Kubernetes API is not reachable right now. Try again in a minute.',
    'zh-CN': '暂时无法连接 Kubernetes API，请一分钟后重试。',
  },

  // ---- scale
  'action.scale.unsupported-kind': {
    en: '{kind}/{name} cannot be scaled: only Deployments and StatefulSets have a replica count.',
    'zh-CN': '{kind}/{name} 无法扩缩容：只有 Deployment 和 StatefulSet 有副本数。',
  },
  'action.scale.invalid-replicas': {
    en: '"{replicas}" is not a replica count. Use a whole number from {min} to {max}.',
    'zh-CN': '"{replicas}" 不是有效的副本数，请输入 {min} 到 {max} 之间的整数。',
  },
  'action.scale.out-of-bounds': {
    en: '{replicas} replicas is outside what this command allows for {kind}/{name} ({min}–{max}). Nothing was changed.',
    'zh-CN': '{replicas} 个副本超出此命令对 {kind}/{name} 允许的范围（{min}–{max}），未做任何更改。',
  },
  'action.scale.unchanged': {
    en: `${T} already has {to} replicas; nothing to do.`,
    'zh-CN': `${T_ZH} 已经是 {to} 个副本，无需更改。`,
  },
  'action.scale.done': {
    en: `scaled ${T}: {from} → {to}`,
    'zh-CN': `已扩缩 ${T_ZH}：{from} → {to}`,
  },

  // ---- restart
  'action.restart.paused': {
    en: '{kind}/{name} is paused, so a restart would not roll out. Resume it first (kubectl rollout resume {kind}/{name} -n {namespace}).',
    'zh-CN':
      '{kind}/{name} 已暂停，重启不会生效。请先恢复（kubectl rollout resume {kind}/{name} -n {namespace}）。',
  },
  'action.restart.started': {
    en: `restarting ${T}; I will report when the rollout is done.`,
    'zh-CN': `正在重启 ${T_ZH}，滚动更新完成后会通知你。`,
  },

  // ---- rollout status (status, and follow-ups of restart / undo)
  'action.rollout.waiting-observed': {
    en: `${T}: waiting for the controller to pick up the change…`,
    'zh-CN': `${T_ZH}：等待控制器处理变更…`,
  },
  'action.rollout.progress-deadline': {
    en: `${T}: the rollout exceeded its progress deadline ({updated}/{desired} updated). Check the pods with logs, or roll back with undo.`,
    'zh-CN': `${T_ZH}：滚动更新超过了进度期限（已更新 {updated}/{desired}）。请用 logs 查看 Pod，或用 undo 回滚。`,
  },
  'action.rollout.waiting-updated': {
    en: `${T}: rolling out, {updated} of {desired} updated…`,
    'zh-CN': `${T_ZH}：滚动更新中，已更新 {updated}/{desired}…`,
  },
  'action.rollout.waiting-old': {
    en: `${T}: rolling out, {old} old replicas still terminating…`,
    'zh-CN': `${T_ZH}：滚动更新中，还有 {old} 个旧副本正在终止…`,
  },
  'action.rollout.waiting-available': {
    en: `${T}: rolling out, {ready} of {of} updated replicas available…`,
    'zh-CN': `${T_ZH}：滚动更新中，已更新的副本中 {ready}/{of} 可用…`,
  },
  'action.rollout.waiting-ready': {
    en: `${T}: rolling out, waiting for {waiting} pods to be ready…`,
    'zh-CN': `${T_ZH}：滚动更新中，等待 {waiting} 个 Pod 就绪…`,
  },
  'action.rollout.waiting-partition': {
    en: `${T}: partitioned rollout, {updated} of {desired} updated…`,
    'zh-CN': `${T_ZH}：分区滚动更新中，已更新 {updated}/{desired}…`,
  },
  'action.rollout.waiting-revision': {
    en: `${T}: rolling out, {updated} pods at revision {revision}…`,
    'zh-CN': `${T_ZH}：滚动更新中，{updated} 个 Pod 已是版本 {revision}…`,
  },
  'action.rollout.complete': {
    en: `${T}: rollout complete, {updated}/{desired} updated and available.`,
    'zh-CN': `${T_ZH}：滚动更新完成，{updated}/{desired} 已更新且可用。`,
  },
  'action.rollout.unsupported-strategy': {
    en: '{kind}/{name} uses the {strategy} update strategy: there is no rollout to follow; pods change only when deleted.',
    'zh-CN': '{kind}/{name} 使用 {strategy} 更新策略：没有可跟踪的滚动更新，Pod 只在删除后才会更新。',
  },
  'action.rollout.still-in-progress': {
    en: `${T}: still in progress after {seconds} s ({updated}/{desired} updated, {ready} available). Check again with status.`,
    'zh-CN': `${T_ZH}：{seconds} 秒后仍在进行中（已更新 {updated}/{desired}，可用 {ready}）。请稍后用 status 查看。`,
  },
  'action.rollout.warning': {
    en: 'Warning from the pods:',
    'zh-CN': 'Pod 的警告：',
  },
  'action.rollout.follow-failed': {
    en: `Could not follow the rollout of ${T}. Check it with status.`,
    'zh-CN': `无法跟踪 ${T_ZH} 的滚动更新，请用 status 查看。`,
  },

  // ---- undo
  'action.undo.no-history': {
    en: '{kind}/{name} has no earlier revision to roll back to (revisions: {available}).',
    'zh-CN': '{kind}/{name} 没有可回滚的更早版本（现有版本：{available}）。',
  },
  'action.undo.revision-not-found': {
    en: '{kind}/{name} has no revision {revision}. Available revisions: {available} (see history).',
    'zh-CN': '{kind}/{name} 没有版本 {revision}。可用版本：{available}（见 history）。',
  },
  'action.undo.paused': {
    en: '{kind}/{name} is paused and cannot be rolled back. Resume it first (kubectl rollout resume {kind}/{name} -n {namespace}).',
    'zh-CN':
      '{kind}/{name} 已暂停，无法回滚。请先恢复（kubectl rollout resume {kind}/{name} -n {namespace}）。',
  },
  'action.undo.skipped': {
    en: `${T} already runs the template of revision {revision}; nothing to roll back.`,
    'zh-CN': `${T_ZH} 已在使用版本 {revision} 的模板，无需回滚。`,
  },
  'action.undo.done': {
    en: `rolling ${T} back to revision {revision}; I will report when the rollout is done.`,
    'zh-CN': `正在将 ${T_ZH} 回滚到版本 {revision}，完成后会通知你。`,
  },

  // ---- history
  'action.history.empty': {
    en: `${T} has no rollout history yet.`,
    'zh-CN': `${T_ZH} 还没有发布历史。`,
  },
  'action.history.summary': {
    en: `${T}: {count} revisions, current is {current} (marked *).`,
    'zh-CN': `${T_ZH}：共 {count} 个版本，当前为 {current}（标 * 的行）。`,
  },

  // ---- logs
  'action.logs.invalid-options': {
    en: 'Log options must be positive whole numbers (tail {tailLines}, max bytes {maxBytes}, since {sinceSeconds} s).',
    'zh-CN': '日志参数必须是正整数（tail {tailLines}，最大字节 {maxBytes}，since {sinceSeconds} 秒）。',
  },
  'action.logs.no-pods': {
    en: `${T} has no pods right now, so there are no logs.`,
    'zh-CN': `${T_ZH} 当前没有 Pod，因此没有日志。`,
  },
  'action.logs.container-not-found': {
    en: 'Pod {pod} has no container "{container}". Choose one of: {containers}.',
    'zh-CN': 'Pod {pod} 中没有容器 "{container}"，可选：{containers}。',
  },
  'action.logs.summary': {
    en: `logs of ${T} ({shown} pods, newest first)`,
    'zh-CN': `${T_ZH} 的日志（{shown} 个 Pod，最新在前）`,
  },
  'action.logs.summary-more': {
    en: `logs of ${T}: newest {shown} of {total} pods`,
    'zh-CN': `${T_ZH} 的日志：共 {total} 个 Pod，显示最新的 {shown} 个`,
  },
  'action.logs.pod': {
    en: '{pod} ({container})',
    'zh-CN': '{pod}（{container}）',
  },
  'action.logs.pod-cut': {
    en: '{pod} ({container}), cut at {bytes} bytes: ask for fewer lines to see the rest',
    'zh-CN': '{pod}（{container}），已在 {bytes} 字节处截断：减少行数可看到其余部分',
  },
  'action.logs.pod-empty': {
    en: '{pod} ({container}): no log lines',
    'zh-CN': '{pod}（{container}）：没有日志',
  },
  'action.logs.pod-unavailable': {
    en: '{pod} ({container}): logs not available',
    'zh-CN': '{pod}（{container}）：日志不可用',
  },
  // ---- diagnose (the report's own sentences are in diagnose/messages.ts)
  'action.diagnose.invalid-options': {
    en: 'The diagnose byte limit must be a whole number of bytes, not {maxBytes}.',
    'zh-CN': '诊断的字节上限必须是整数，而不是 {maxBytes}。',
  },
  'action.logs.pod-missing-container': {
    en: '{pod} has no container "{container}"; its containers:',
    'zh-CN': '{pod} 中没有容器 "{container}"，它的容器有：',
  },
};
