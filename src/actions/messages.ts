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
  'action.follow-up.busy': {
    en: `I am already following {watching} rollouts, the most I follow at once, so I will not report when ${T} finishes. Check it later with status.`,
    'zh-CN': `我已在同时跟踪 {watching} 个滚动更新，达到上限，因此不会在 ${T_ZH} 完成时通知你。请稍后用 status 查看。`,
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

  // ---- day-2 actions (docs/design/0006-day-2-actions.md)
  'action.unsupported-kind': {
    en: '{kind}/{name}: this action does not apply to a {kind}.',
    'zh-CN': '{kind}/{name}：此操作不适用于 {kind}。',
  },
  'action.job.created': {
    en: `Started Job {job} from ${T}. I will reply here when it finishes.`,
    'zh-CN': `已从 ${T_ZH} 创建 Job {job}，结束后会在这里通知。`,
  },
  'action.job.succeeded': {
    en: 'Job {job} (from {kind}/{name}) succeeded after {seconds} s.',
    'zh-CN': 'Job {job}（来自 {kind}/{name}）已成功，用时 {seconds} 秒。',
  },
  'action.job.failed': {
    en: 'Job {job} (from {kind}/{name}) failed: {reason}. {message}',
    'zh-CN': 'Job {job}（来自 {kind}/{name}）失败：{reason}。{message}',
  },
  'action.job.failed-log': {
    en: '{pod} ({container}, {detail}), last {lines} lines:',
    'zh-CN': '{pod}（{container}，{detail}），最后 {lines} 行：',
  },
  'action.job.log-unavailable': {
    en: '{pod} ({container}, {detail}): log not available',
    'zh-CN': '{pod}（{container}，{detail}）：日志不可用',
  },
  'action.job.still-running': {
    en: 'Job {job} (from {kind}/{name}) has not finished after {seconds} s ({active} pods running, {failed} failed). I stop watching; check it with kubectl get job {job} -n {namespace}.',
    'zh-CN':
      'Job {job}（来自 {kind}/{name}）在 {seconds} 秒后仍未结束（运行中 {active} 个 Pod，失败 {failed} 个）。已停止跟踪，请用 kubectl get job {job} -n {namespace} 查看。',
  },
  'action.job.follow-failed': {
    en: 'Could not follow Job {job} (from {kind}/{name}); an operator can find the details in the kubetalk log.',
    'zh-CN': '无法跟踪 Job {job}（来自 {kind}/{name}），运维人员可在 kubetalk 日志中查看详情。',
  },
  'action.job.container-not-found': {
    en: 'The CronJob\'s template has no container "{container}" to pass the parameters to (its containers: {containers}). Ask the namespace owner to set action.job.container.',
    'zh-CN':
      'CronJob 模板中没有可接收参数的容器 "{container}"（现有容器：{containers}）。请让命名空间负责人设置 action.job.container。',
  },
  'action.pause.unsupported-kind': {
    en: '{kind}/{name}: only Deployments can pause and resume a rollout.',
    'zh-CN': '{kind}/{name}：只有 Deployment 可以暂停和恢复发布。',
  },
  'action.pause.paused': {
    en: `Paused the rollout of ${T}: template changes wait until it is resumed.`,
    'zh-CN': `已暂停 ${T_ZH} 的发布：模板变更将在恢复后生效。`,
  },
  'action.pause.resumed': {
    en: `Resumed the rollout of ${T}.`,
    'zh-CN': `已恢复 ${T_ZH} 的发布。`,
  },
  'action.pause.already-paused': {
    en: `The rollout of ${T} is already paused; nothing changed.`,
    'zh-CN': `${T_ZH} 的发布已处于暂停状态，未做更改。`,
  },
  'action.pause.already-resumed': {
    en: `The rollout of ${T} is not paused; nothing changed.`,
    'zh-CN': `${T_ZH} 的发布未暂停，未做更改。`,
  },
  'action.cronjob.suspended': {
    en: `Suspended ${T}: no new Jobs will be scheduled (running Jobs continue).`,
    'zh-CN': `已暂停 ${T_ZH}：不会再调度新的 Job（正在运行的 Job 不受影响）。`,
  },
  'action.cronjob.resumed': {
    en: `Resumed ${T}: Jobs are scheduled again.`,
    'zh-CN': `已恢复 ${T_ZH}：Job 将重新按计划调度。`,
  },
  'action.cronjob.already-suspended': {
    en: `${T} is already suspended; nothing changed.`,
    'zh-CN': `${T_ZH} 已处于暂停状态，未做更改。`,
  },
  'action.cronjob.already-resumed': {
    en: `${T} is not suspended; nothing changed.`,
    'zh-CN': `${T_ZH} 未暂停，未做更改。`,
  },
  'action.view.invalid-options': {
    en: 'This command is misconfigured (limit {max}). Ask the namespace owner to check its ChatCommand.',
    'zh-CN': '此命令配置有误（上限 {max}），请让命名空间负责人检查 ChatCommand。',
  },
  'action.pods.none': {
    en: `${T} has no pods.`,
    'zh-CN': `${T_ZH} 没有 Pod。`,
  },
  'action.pods.summary': {
    en: `pods of ${T}: {ready} of {total} ready`,
    'zh-CN': `${T_ZH} 的 Pod：{total} 个中 {ready} 个就绪`,
  },
  'action.pods.summary-more': {
    en: `pods of ${T}: {ready} of {total} ready; newest {shown} shown`,
    'zh-CN': `${T_ZH} 的 Pod：{total} 个中 {ready} 个就绪，显示最新的 {shown} 个`,
  },
  'action.events.none': {
    en: `No warning events for ${T} in the last {minutes} min.`,
    'zh-CN': `最近 {minutes} 分钟内 ${T_ZH} 没有告警事件。`,
  },
  'action.events.summary': {
    en: `warning events of ${T}, newest first ({shown}):`,
    'zh-CN': `${T_ZH} 的告警事件，最新在前（{shown} 条）：`,
  },
  'action.events.summary-more': {
    en: `warning events of ${T}: newest {shown} of {total}:`,
    'zh-CN': `${T_ZH} 的告警事件：共 {total} 条，显示最新的 {shown} 条：`,
  },
  'action.webhook.secret-invalid': {
    en: 'Secret {secret} has no valid "{key}" for this webhook. Ask the namespace owner to fix it (url; optional method, headers as a JSON object).',
    'zh-CN':
      'Secret {secret} 中的 "{key}" 无效或缺失，请让命名空间负责人修正（url；可选 method、JSON 对象格式的 headers）。',
  },
  'action.webhook.done': {
    en: 'Called {host} for {kind}/{name}: HTTP {status}.',
    'zh-CN': '已为 {kind}/{name} 调用 {host}：HTTP {status}。',
  },
  'action.webhook.done-link': {
    en: 'Called {host} for {kind}/{name}: HTTP {status}. {link}',
    'zh-CN': '已为 {kind}/{name} 调用 {host}：HTTP {status}。{link}',
  },
  'action.webhook.refused': {
    en: '{host} answered HTTP {status} for {kind}/{name}: the call did not succeed. Check the credentials and the job there.',
    'zh-CN': '{host} 对 {kind}/{name} 的调用返回 HTTP {status}，未成功。请检查凭据和对方的任务配置。',
  },
  'action.webhook.redirect': {
    en: '{host} answered with a redirect (HTTP {status}); kubetalk does not follow redirects. Ask the namespace owner to put the final URL in the Secret.',
    'zh-CN':
      '{host} 返回了重定向（HTTP {status}），kubetalk 不跟随重定向。请让命名空间负责人在 Secret 中填写最终地址。',
  },
};
