// Every sentence of a diagnosis reply, in English and Chinese: the verdict, one line per cause, the unknowns.
import type { Catalog } from '../../i18n/catalog.ts';

const T = '{kind}/{name} in {namespace}';
const T_ZH = '{namespace} 中的 {kind}/{name}';

export const diagnoseMessages: Catalog = {
  'diagnose.healthy': {
    en: `${T} is healthy: {ready}/{desired} ready; nothing wrong in its pods, events, claims or Services.`,
    'zh-CN': `${T_ZH} 运行正常：{ready}/{desired} 就绪，Pod、事件、存储卷声明和 Service 均无问题。`,
  },
  'diagnose.found': {
    en: `${T}: {ready}/{desired} ready, {count} problem(s) found, most likely cause first`,
    'zh-CN': `${T_ZH}：{ready}/{desired} 就绪，发现 {count} 个问题，最可能的原因在前`,
  },
  'diagnose.undetermined': {
    en: `${T}: {ready}/{desired} ready; cannot determine the cause from what could be read:`,
    'zh-CN': `${T_ZH}：{ready}/{desired} 就绪；根据可读取的信息无法确定原因：`,
  },
  'diagnose.log': {
    en: 'Previous log of {pod} ({container}):',
    'zh-CN': '{pod}（{container}）上一个容器的日志：',
  },
  'diagnose.log-cut': {
    en: 'Previous log of {pod} ({container}), cut to the byte limit:',
    'zh-CN': '{pod}（{container}）上一个容器的日志（已按字节上限截断）：',
  },

  // ---- what could not be read or decided
  'diagnose.unknown.not-permitted': {
    en: 'Cannot determine: not permitted to read {resource}. Ask the namespace owner to let the runner list/get {resource}.',
    'zh-CN': '无法确定：无权读取 {resource}。请让命名空间负责人授予 runner 对 {resource} 的 list/get 权限。',
  },
  'diagnose.unknown.read-failed': {
    en: 'Cannot determine: reading {resource} failed. Try again in a minute.',
    'zh-CN': '无法确定：读取 {resource} 失败，请一分钟后重试。',
  },
  'diagnose.unknown.events-expired': {
    en: 'Cannot determine why {count} pod(s) are stuck ({state}): no events explain it (events expire after about an hour).',
    'zh-CN': '无法确定 {count} 个 Pod 卡住（{state}）的原因：没有可说明原因的事件（事件约一小时后过期）。',
  },
  'diagnose.unknown.events-truncated': {
    en: 'The namespace has more events than one page; only the first page was read.',
    'zh-CN': '该命名空间的事件超过一页，只读取了第一页。',
  },

  // ---- causes (one per rule in rules.ts, plus the workload and dependency checks)
  'diagnose.cause.progress-deadline': {
    en: 'The rollout exceeded its progress deadline ({seconds} s): {updated}/{desired} updated.',
    'zh-CN': '滚动更新超过了进度期限（{seconds} 秒）：已更新 {updated}/{desired}。',
  },
  'diagnose.cause.rollout-paused': {
    en: 'The rollout is paused: changes to the template are not rolled out until it is resumed.',
    'zh-CN': '滚动更新已暂停：恢复前模板变更不会生效。',
  },
  'diagnose.cause.quota-exceeded': {
    en: 'Pods cannot be created: ResourceQuota {quota} is exceeded ({creator}).',
    'zh-CN': '无法创建 Pod：超出 ResourceQuota {quota}（{creator}）。',
  },
  'diagnose.cause.pod-security': {
    en: 'Pods cannot be created: they violate the namespace\'s PodSecurity level "{level}" ({creator}).',
    'zh-CN': '无法创建 Pod：违反命名空间的 PodSecurity 级别 "{level}"（{creator}）。',
  },
  'diagnose.cause.admission-webhook': {
    en: 'Pods cannot be created: admission webhook {webhook} denies them ({creator}).',
    'zh-CN': '无法创建 Pod：准入 Webhook {webhook} 拒绝了它们（{creator}）。',
  },
  'diagnose.cause.service-account-missing': {
    en: 'Pods cannot be created: ServiceAccount {ref} does not exist ({creator}).',
    'zh-CN': '无法创建 Pod：ServiceAccount {ref} 不存在（{creator}）。',
  },
  'diagnose.cause.create-failed': {
    en: 'Pods cannot be created ({creator}); the cluster says why below.',
    'zh-CN': '无法创建 Pod（{creator}），原因见下方集群信息。',
  },
  'diagnose.cause.image-not-found': {
    en: 'Image {image} cannot be pulled: not found. Check the repository, name and tag. ({pods} pod(s))',
    'zh-CN': '无法拉取镜像 {image}：不存在。请检查仓库、名称和标签。（{pods} 个 Pod）',
  },
  'diagnose.cause.image-unauthorized': {
    en: 'Image {image} cannot be pulled: access denied. Check imagePullSecrets and the registry credentials. ({pods} pod(s))',
    'zh-CN': '无法拉取镜像 {image}：访问被拒绝。请检查 imagePullSecrets 和镜像仓库凭据。（{pods} 个 Pod）',
  },
  'diagnose.cause.image-pull-timeout': {
    en: 'Image {image} cannot be pulled: the registry did not answer in time. ({pods} pod(s))',
    'zh-CN': '无法拉取镜像 {image}：镜像仓库响应超时。（{pods} 个 Pod）',
  },
  'diagnose.cause.image-name-invalid': {
    en: 'Image {image} is not a valid image reference. ({pods} pod(s))',
    'zh-CN': '镜像 {image} 不是有效的镜像引用。（{pods} 个 Pod）',
  },
  'diagnose.cause.image-never-pull': {
    en: 'Image {image} is not on the node and imagePullPolicy is Never. ({pods} pod(s))',
    'zh-CN': '节点上没有镜像 {image}，且 imagePullPolicy 为 Never。（{pods} 个 Pod）',
  },
  'diagnose.cause.image-pull-failed': {
    en: 'Image {image} cannot be pulled. ({pods} pod(s))',
    'zh-CN': '无法拉取镜像 {image}。（{pods} 个 Pod）',
  },
  'diagnose.cause.configmap-key-missing': {
    en: 'Container {container} cannot start: ConfigMap {ref} has no key {key}. ({pods} pod(s))',
    'zh-CN': '容器 {container} 无法启动：ConfigMap {ref} 中没有键 {key}。（{pods} 个 Pod）',
  },
  'diagnose.cause.secret-key-missing': {
    en: 'Container {container} cannot start: Secret {ref} has no key {key}. ({pods} pod(s))',
    'zh-CN': '容器 {container} 无法启动：Secret {ref} 中没有键 {key}。（{pods} 个 Pod）',
  },
  'diagnose.cause.configmap-missing': {
    en: 'ConfigMap {ref} is missing: the pods cannot start until it exists. ({pods} pod(s))',
    'zh-CN': 'ConfigMap {ref} 不存在：创建之前 Pod 无法启动。（{pods} 个 Pod）',
  },
  'diagnose.cause.secret-missing': {
    en: 'Secret {ref} is missing: the pods cannot start until it exists. ({pods} pod(s))',
    'zh-CN': 'Secret {ref} 不存在：创建之前 Pod 无法启动。（{pods} 个 Pod）',
  },
  'diagnose.cause.container-config-error': {
    en: 'Container {container} cannot be configured (CreateContainerConfigError). ({pods} pod(s))',
    'zh-CN': '容器 {container} 配置失败（CreateContainerConfigError）。（{pods} 个 Pod）',
  },
  'diagnose.cause.container-create-error': {
    en: 'Container {container} cannot be created or started by the runtime. ({pods} pod(s))',
    'zh-CN': '容器运行时无法创建或启动容器 {container}。（{pods} 个 Pod）',
  },
  'diagnose.cause.crash-loop-oom': {
    en: 'Container {container} is crash-looping: OOMKilled (exit code {exitCode}) at its memory limit {limit}; {restarts} restarts. Raise the limit or find the leak. ({pods} pod(s))',
    'zh-CN':
      '容器 {container} 反复崩溃：内存达到上限 {limit} 被 OOMKilled（退出码 {exitCode}），已重启 {restarts} 次。请提高上限或排查内存泄漏。（{pods} 个 Pod）',
  },
  'diagnose.cause.crash-loop': {
    en: 'Container {container} is crash-looping: last exit {reason}, exit code {exitCode}; {restarts} restarts. ({pods} pod(s))',
    'zh-CN':
      '容器 {container} 反复崩溃：上次退出原因 {reason}，退出码 {exitCode}，已重启 {restarts} 次。（{pods} 个 Pod）',
  },
  'diagnose.cause.recent-oom': {
    en: 'Container {container} was OOMKilled in the last 15 minutes (memory limit {limit}); it runs again now. ({pods} pod(s))',
    'zh-CN':
      '容器 {container} 在最近 15 分钟内被 OOMKilled（内存上限 {limit}），现已重新运行。（{pods} 个 Pod）',
  },
  'diagnose.cause.recent-crash': {
    en: 'Container {container} crashed in the last 15 minutes ({reason}, exit code {exitCode}); it runs again now. ({pods} pod(s))',
    'zh-CN':
      '容器 {container} 在最近 15 分钟内崩溃过（{reason}，退出码 {exitCode}），现已重新运行。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable-resources': {
    en: 'Pods cannot be scheduled: no node has enough {resource} for their requests ({requests}). ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度：没有节点有足够的 {resource} 满足其请求（{requests}）。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable-volume': {
    en: 'Pods cannot be scheduled: a PersistentVolumeClaim they use is not bound. ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度：所用的 PersistentVolumeClaim 尚未绑定。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable-taint': {
    en: 'Pods cannot be scheduled: the nodes have taints the pods do not tolerate. ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度：节点上有 Pod 不容忍的污点。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable-affinity': {
    en: 'Pods cannot be scheduled: no node matches their node selector or (anti-)affinity. ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度：没有节点满足其节点选择器或（反）亲和性。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable-nodes-cordoned': {
    en: 'Pods cannot be scheduled: the nodes are cordoned (unschedulable). ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度：节点已被设为不可调度（cordon）。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable-too-many-pods': {
    en: 'Pods cannot be scheduled: the nodes run their maximum number of pods. ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度：节点上的 Pod 数已达上限。（{pods} 个 Pod）',
  },
  'diagnose.cause.unschedulable': {
    en: 'Pods cannot be scheduled; the scheduler says why below (requests: {requests}). ({pods} pod(s))',
    'zh-CN': 'Pod 无法调度，调度器给出的原因见下方（请求：{requests}）。（{pods} 个 Pod）',
  },
  'diagnose.cause.volume-mount-failed': {
    en: 'A volume cannot be attached or mounted. ({pods} pod(s))',
    'zh-CN': '存储卷无法挂载或连接。（{pods} 个 Pod）',
  },
  'diagnose.cause.sandbox-failed': {
    en: 'The pod sandbox (network) cannot be created on the node. ({pods} pod(s))',
    'zh-CN': '节点无法创建 Pod 沙箱（网络）。（{pods} 个 Pod）',
  },
  'diagnose.cause.readiness-probe-failed': {
    en: 'Running but not ready: the readiness probe fails. ({pods} pod(s))',
    'zh-CN': '正在运行但未就绪：就绪探针（readiness）失败。（{pods} 个 Pod）',
  },
  'diagnose.cause.liveness-probe-failed': {
    en: 'Not ready: the liveness probe fails, so the kubelet restarts the container. ({pods} pod(s))',
    'zh-CN': '未就绪：存活探针（liveness）失败，kubelet 会重启容器。（{pods} 个 Pod）',
  },
  'diagnose.cause.startup-probe-failed': {
    en: 'Not ready: the startup probe fails. ({pods} pod(s))',
    'zh-CN': '未就绪：启动探针（startup）失败。（{pods} 个 Pod）',
  },
  'diagnose.cause.pvc-missing': {
    en: 'PersistentVolumeClaim {claim} does not exist; the pods that use it cannot start. ({pods} pod(s))',
    'zh-CN': 'PersistentVolumeClaim {claim} 不存在，使用它的 Pod 无法启动。（{pods} 个 Pod）',
  },
  'diagnose.cause.pvc-pending': {
    en: 'PersistentVolumeClaim {claim} is not bound (phase {phase}, storage class {storageClass}): no volume was provisioned or matched. ({pods} pod(s) wait for it)',
    'zh-CN':
      'PersistentVolumeClaim {claim} 未绑定（阶段 {phase}，存储类 {storageClass}）：没有创建或匹配到存储卷。（{pods} 个 Pod 在等待）',
  },
  'diagnose.cause.pvc-lost': {
    en: 'PersistentVolumeClaim {claim} lost its volume (phase Lost). ({pods} pod(s))',
    'zh-CN': 'PersistentVolumeClaim {claim} 丢失了其存储卷（阶段 Lost）。（{pods} 个 Pod）',
  },
  'diagnose.cause.service-no-endpoints': {
    en: 'Service {service} has no ready endpoints ({total} in total): its traffic goes nowhere.',
    'zh-CN': 'Service {service} 没有就绪的端点（共 {total} 个）：流量无处可去。',
  },
  'diagnose.cause.replicas-unavailable': {
    en: '{unavailable} of {desired} replicas are not available, and no pod shows why yet (a rollout may still be starting them).',
    'zh-CN': '{desired} 个副本中有 {unavailable} 个不可用，但暂无 Pod 显示原因（滚动更新可能仍在启动它们）。',
  },
};
